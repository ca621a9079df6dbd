/**
 * One monitor run, independent of AWS: load what the detectors need, detect, decide each alert's next step with the
 * lifecycle core, store each decision conditionally and tell finance only when this run won the write.
 */
import {
  type AlertRecord,
  alertMessage,
  detectAlerts,
  type MonitoringConfig,
  planAlerts,
} from '../domain/monitoring/index.ts';
import type { IsoTime } from '../domain/vocabulary.ts';
import type { AlertStore } from '../ports/alert-store.ts';
import type { Coverage, MonitoringSource } from '../ports/monitoring-source.ts';
import type { Notifier } from '../ports/notifier.ts';

export interface MonitorDeps {
  source: MonitoringSource;
  alerts: AlertStore;
  notifier: Notifier;
  config: MonitoringConfig;
  now: IsoTime;
}

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

export async function runMonitor({ source, alerts, notifier, config, now }: MonitorDeps): Promise<MonitorRunSummary> {
  const open = await alerts.listOpen();
  const load = await source.load(now, config, open);
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
