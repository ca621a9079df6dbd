/**
 * One monitor run: finds late and anomalous payouts (the source reads sparse indexes, so its cost follows the
 * outstanding work, never the size of the table), decides each alert's next step with the lifecycle core, stores
 * each decision conditionally and tells finance only when this run won the write. Records the OpenAlerts,
 * OutstandingPayouts, AlertsNotified and MonitorReadCapacity metrics the alarms and dashboard read.
 */
import {
  type AlertRecord,
  alertMessage,
  detectAlerts,
  escalationMessage,
  isUnresolved,
  type MonitoringConfig,
  planAlerts,
} from '../domain/monitoring/index.ts';
import type { IsoTime } from '../domain/vocabulary.ts';
import { logger } from '../observability/logger.ts';
import { publishMetrics, recordMetric } from '../observability/metrics.ts';
import { nextVersion } from '../ports/alert-store.ts';
import type { Ports } from '../ports/index.ts';
import type { Coverage } from '../ports/monitoring-source.ts';

export type MonitorPayoutsDeps = Pick<Ports, 'monitoring' | 'alerts' | 'notifier' | 'clock'>;

/** What a run did, for logs, metrics and tests. */
export interface MonitorRunSummary {
  at: IsoTime;
  outstandingPayouts: number;
  candidates: number;
  /** New alerts and resolved ones whose problem came back. */
  opened: number;
  renotified: number;
  /** Resolved by the monitor because the problem is gone (AUTO_RESOLVED). */
  closed: number;
  /** Facts (detail, amount) refreshed without a notification. */
  updated: number;
  /** Sent to operations because nobody acknowledged them after the reminders. */
  escalated: number;
  /** Finance notifications sent (new, reopened and reminders). */
  notified: number;
  /** Decisions another concurrent run had already stored; this run left them alone. */
  lostRaces: number;
  /** Unresolved (OPEN or ACKNOWLEDGED) alerts after this run. */
  openAlerts: number;
  readCapacityUnits: number;
  readRequests: number;
}

/** Whether this run re-read the alert's subject, i.e. whether "not found" really means "resolved". */
export function wasRechecked(alert: AlertRecord, covered: Coverage): boolean {
  switch (alert.kind) {
    case 'DUPLICATE_PAYOUT':
      return alert.refundId !== undefined && covered.ledger.has(alert.refundId);
    case 'OVER_REFUND':
      return alert.orderId !== undefined && covered.orders.has(alert.orderId);
    case 'RATE_SPIKE':
      return covered.rates;
    default:
      return alert.refundId !== undefined && covered.refunds.has(alert.refundId);
  }
}

/** A notification that could not be sent; its record was rolled back so the next run tries again. */
export class AlertNotificationFailed extends Error {
  override readonly name = 'AlertNotificationFailed';
}

/** Runs the monitor once with the thresholds of `config`. */
export async function monitorPayouts(deps: MonitorPayoutsDeps, config: MonitoringConfig): Promise<MonitorRunSummary> {
  const summary = await run(deps, config, deps.clock.now().toISOString());
  recordMetric('OpenAlerts', summary.openAlerts);
  recordMetric('OutstandingPayouts', summary.outstandingPayouts);
  recordMetric('AlertsNotified', summary.notified);
  recordMetric('MonitorReadCapacity', summary.readCapacityUnits);
  publishMetrics();
  logger.info('monitor run', { ...summary });
  return summary;
}

async function run(deps: MonitorPayoutsDeps, config: MonitoringConfig, now: IsoTime): Promise<MonitorRunSummary> {
  const { alerts, notifier } = deps;
  const open = await alerts.listOpen();
  const load = await deps.monitoring.load(now, config, open);
  const candidates = detectAlerts(load.snapshot, now, config);
  const openIds = new Set(open.map((a) => a.alertId));
  const others = await alerts.getMany(candidates.filter((c) => !openIds.has(c.alertId)).map((c) => c.alertId));
  const stored = new Map([...open, ...others].map((a) => [a.alertId, a]));
  const plans = planAlerts([...stored.values()], candidates, now, config).filter((plan) => {
    const existing = stored.get(plan.alertId);
    return plan.action !== 'RESOLVE' || (existing !== undefined && wasRechecked(existing, load.covered));
  });

  const summary: MonitorRunSummary = {
    at: now,
    outstandingPayouts: load.outstandingPayouts,
    candidates: candidates.length,
    opened: 0,
    renotified: 0,
    closed: 0,
    updated: 0,
    escalated: 0,
    notified: 0,
    lostRaces: 0,
    openAlerts: open.length,
    readCapacityUnits: load.readCapacityUnits,
    readRequests: load.readRequests,
  };
  const failures: unknown[] = [];
  for (const plan of plans) {
    const record = plan.record;
    if (!record) continue;
    const existing = stored.get(plan.alertId);
    // Conditional on the version read: another run, or a person acting on the alert meanwhile, wins; this run
    // leaves the alert alone and the next run decides again from what is stored then.
    if (!(await alerts.save(record, existing?.version))) {
      summary.lostRaces += 1;
      continue;
    }
    const wasOpen = existing !== undefined && isUnresolved(existing);
    if (!wasOpen && isUnresolved(record)) summary.openAlerts += 1;
    if (wasOpen && !isUnresolved(record)) summary.openAlerts -= 1;
    const counter = COUNTERS[plan.action];
    if (counter) summary[counter] += 1;
    if (!plan.notify && !plan.escalate) continue;
    const message = plan.escalate ? escalationMessage(record) : alertMessage(record);
    try {
      await notifier.publish(plan.escalate ? 'operations' : 'finance', {
        subject: message.subject,
        text: message.body,
        attributes: { alertId: record.alertId, kind: record.kind },
      });
      if (plan.notify) summary.notified += 1;
    } catch (error) {
      failures.push(error);
      // Undo the write of a notification that never left, so the next run sends it: the stored record as it was
      // (a new alert: kept, but as never notified), conditional on the version this run just wrote.
      const undo: AlertRecord = existing
        ? { ...existing }
        : { ...record, notifyCount: 0, lastNotifiedAt: new Date(0).toISOString() };
      await alerts.save(undo, nextVersion(existing?.version));
    }
  }
  if (failures.length) {
    throw new AlertNotificationFailed(`${failures.length} notification(s) failed`, { cause: failures[0] });
  }
  return summary;
}

/** Which summary counter each stored decision adds to. */
const COUNTERS: Partial<
  Record<string, keyof Pick<MonitorRunSummary, 'opened' | 'renotified' | 'closed' | 'updated' | 'escalated'>>
> = {
  OPEN: 'opened',
  REOPEN: 'opened',
  RENOTIFY: 'renotified',
  RESOLVE: 'closed',
  UPDATE: 'updated',
  ESCALATE: 'escalated',
};
