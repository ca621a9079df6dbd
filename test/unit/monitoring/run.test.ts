/**
 * The monitor run over in-memory ports: what it does when the e-mail cannot be sent, and which open alerts it may
 * close.
 */
import { describe, expect, it } from 'vitest';
import { AlertNotificationFailed, monitorPayouts, wasRechecked } from '../../../functions/app/monitor-payouts.ts';
import { type AlertRecord, monitoringConfig } from '../../../functions/domain/monitoring/index.ts';
import type { AlertStore } from '../../../functions/ports/alert-store.ts';
import type { Coverage, MonitoringSource } from '../../../functions/ports/monitoring-source.ts';
import type { Message, Notifier } from '../../../functions/ports/notifier.ts';
import { aPayout, aRefund } from '../../support/builders.ts';
import { NOW } from './fixtures.ts';

class MemoryAlerts implements AlertStore {
  readonly records = new Map<string, AlertRecord>();
  async listOpen() {
    return [...this.records.values()].filter((r) => r.status === 'OPEN');
  }
  async getMany(ids: readonly string[]) {
    return ids.flatMap((id) => this.records.get(id) ?? []);
  }
  async save(record: AlertRecord, expected: number | undefined) {
    if (this.records.get(record.alertId)?.notifyCount !== expected) return false;
    this.records.set(record.alertId, record);
    return true;
  }
  async list() {
    return { items: [...this.records.values()] };
  }
}

const late = aRefund({ refundId: 'r-late', status: 'PAYOUT_PENDING', payout: aPayout() });
const covered = (refunds: string[]): Coverage => ({
  refunds: new Set(refunds),
  ledger: new Set(),
  orders: new Set(),
  rates: true,
});
const source = (refunds = [late], read = ['r-late']): MonitoringSource => ({
  load: async () => ({
    snapshot: { refunds, orders: [], ledger: [] },
    covered: covered(read),
    outstandingPayouts: refunds.length,
    readCapacityUnits: 1,
    readRequests: 1,
  }),
});
const sent: Message[] = [];
const working: Notifier = { publish: async (_, m) => void sent.push(m) };
const broken: Notifier = {
  publish: async () => {
    throw new Error('SNS is down');
  },
};
const config = monitoringConfig();
const clock = { now: () => new Date(NOW) };
const runMonitor = (deps: { source: MonitoringSource; alerts: AlertStore; notifier: Notifier }) =>
  monitorPayouts({ monitoring: deps.source, alerts: deps.alerts, notifier: deps.notifier, clock }, config);

describe('a finance e-mail that cannot be sent', () => {
  it('fails the run and leaves the alert to be sent by the next one', async () => {
    const alerts = new MemoryAlerts();
    const run = (notifier: Notifier) => runMonitor({ source: source(), alerts, notifier });
    await expect(run(broken)).rejects.toBeInstanceOf(AlertNotificationFailed);
    expect(alerts.records.get('LATE_PAYOUT#r-late')).toMatchObject({ status: 'OPEN', notifyCount: 0 });

    const summary = await run(working);
    expect(summary).toMatchObject({ notified: 1 });
    expect(sent.at(-1)?.subject).toBe('[Refund alert] Late payout: refund r-late, CNY 129.00');
  });
});

describe('an open alert whose problem was not found this run', () => {
  it('is closed only when its subject was re-read', async () => {
    const alerts = new MemoryAlerts();
    await runMonitor({ source: source(), alerts, notifier: working });
    const unread = await runMonitor({ source: source([], []), alerts, notifier: working });
    expect(unread.closed).toBe(0);
    const settled = { ...late, status: 'REFUNDED' as const, payout: aPayout({ settledAt: NOW, settledAmount: 12900 }) };
    const reread = await runMonitor({ source: source([settled]), alerts, notifier: working });
    expect(reread).toMatchObject({ closed: 1, openAlerts: 0 });
  });

  it('knows which record proves each kind resolved', () => {
    const base = { status: 'OPEN', since: NOW, detail: '', firstDetectedAt: NOW, lastNotifiedAt: NOW, notifyCount: 1 };
    const seen: Coverage = { refunds: new Set(['r']), ledger: new Set(), orders: new Set(['o']), rates: true };
    const alert = (kind: AlertRecord['kind'], ids: Partial<AlertRecord>): AlertRecord => ({
      ...base,
      status: 'OPEN',
      alertId: kind,
      kind,
      ...ids,
    });
    expect(wasRechecked(alert('LATE_PAYOUT', { refundId: 'r' }), seen)).toBe(true);
    expect(wasRechecked(alert('DUPLICATE_PAYOUT', { refundId: 'r' }), seen)).toBe(false);
    expect(wasRechecked(alert('OVER_REFUND', { orderId: 'o' }), seen)).toBe(true);
    expect(wasRechecked(alert('RATE_SPIKE', { userId: 'u' }), seen)).toBe(true);
    expect(wasRechecked(alert('STUCK_REFUND', { refundId: 'x' }), seen)).toBe(false);
  });
});
