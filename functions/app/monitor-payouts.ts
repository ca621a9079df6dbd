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
  type MonitoringConfig,
  planAlerts,
} from '../domain/monitoring/index.ts';
import type { IsoTime } from '../domain/vocabulary.ts';
import { logger } from '../observability/logger.ts';
import { recordMetric } from '../observability/metrics.ts';
import type { Ports } from '../ports/index.ts';
import type { Coverage } from '../ports/monitoring-source.ts';

export type MonitorPayoutsDeps = Pick<Ports, 'monitoring' | 'alerts' | 'notifier' | 'clock'>;

/** What a run did, for logs, metrics and tests. */
export interface MonitorRunSummary {
  at: IsoTime;
  outstandingPayouts: number;
  candidates: number;
  opened: number;
  renotified: number;
  closed: number;
  notified: number;
  /** Decisions another concurrent run had already stored; this run left them alone. */
  lostRaces: number;
  /** OPEN alerts after this run. */
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
  const plans = planAlerts([...stored.values()], candidates, now, config.quietPeriodSeconds).filter((plan) => {
    const existing = stored.get(plan.alertId);
    return plan.action !== 'CLOSE' || (existing !== undefined && wasRechecked(existing, load.covered));
  });

  const summary: MonitorRunSummary = {
    at: now,
    outstandingPayouts: load.outstandingPayouts,
    candidates: candidates.length,
    opened: 0,
    renotified: 0,
    closed: 0,
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
    if (!(await alerts.save(record, existing?.notifyCount))) {
      summary.lostRaces += 1;
      continue;
    }
    if (plan.action === 'OPEN' && existing?.status !== 'OPEN') summary.openAlerts += 1;
    if (plan.action === 'CLOSE') summary.openAlerts -= 1;
    summary[plan.action === 'OPEN' ? 'opened' : plan.action === 'CLOSE' ? 'closed' : 'renotified'] += 1;
    if (!plan.notify) continue;
    const message = alertMessage(record);
    try {
      await notifier.publish('finance', {
        subject: message.subject,
        text: message.body,
        attributes: { alertId: record.alertId, kind: record.kind },
      });
      summary.notified += 1;
    } catch (error) {
      failures.push(error);
      // Undo the bookkeeping of a notification that never left, so the next run sends it.
      await alerts.save(
        {
          ...record,
          notifyCount: existing?.notifyCount ?? 0,
          lastNotifiedAt: existing?.lastNotifiedAt ?? new Date(0).toISOString(),
        },
        record.notifyCount,
      );
    }
  }
  if (failures.length) {
    throw new AlertNotificationFailed(`${failures.length} finance notification(s) failed`, { cause: failures[0] });
  }
  return summary;
}
