/**
 * The monitor run over in-memory ports: what it does when the e-mail cannot be sent, which open alerts it may
 * resolve, reminders and escalation to operations, and a person's action racing a run.
 */
import { describe, expect, it } from 'vitest';
import { acknowledgeAlert } from '../../../functions/app/acknowledge-alert.ts';
import { AlertNotificationFailed, monitorPayouts, wasRechecked } from '../../../functions/app/monitor-payouts.ts';
import { type AlertRecord, monitoringConfig } from '../../../functions/domain/monitoring/index.ts';
import type { AlertStore } from '../../../functions/ports/alert-store.ts';
import type { Coverage, MonitoringSource } from '../../../functions/ports/monitoring-source.ts';
import type { Message, Notifier } from '../../../functions/ports/notifier.ts';
import { aPayout, aRefund } from '../../support/builders.ts';
import { FixedClock, InMemoryAlertStore } from '../../support/fakes/index.ts';
import { NOW } from './fixtures.ts';

class MemoryAlerts extends InMemoryAlertStore {}

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
  merchantDeadlines: async () => [],
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
    const base = {
      since: NOW,
      detail: '',
      firstDetectedAt: NOW,
      lastNotifiedAt: NOW,
      notifyCount: 1,
      history: [],
      version: 1,
    };
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

describe('an alert nobody acknowledges', () => {
  it('reminds finance every renotify interval and is escalated to operations once, after two reminders', async () => {
    const alerts = new MemoryAlerts();
    const channels: string[] = [];
    const notifier: Notifier = { publish: async (channel) => void channels.push(channel) };
    const clock = new FixedClock(new Date(NOW));
    const runAt = () => monitorPayouts({ monitoring: source(), alerts, notifier, clock }, config);
    for (let run = 0; run < 6; run += 1) {
      await runAt();
      clock.advance(config.renotifyAfterSeconds * 1000);
    }
    expect(channels).toEqual(['finance', 'finance', 'finance', 'operations', 'finance', 'finance']);
    const record = alerts.records.get('LATE_PAYOUT#r-late');
    expect(record?.escalatedAt).toBe(new Date(Date.parse(NOW) + 3 * config.renotifyAfterSeconds * 1000).toISOString());
    expect(record?.history.filter((h) => h.action === 'ESCALATED')).toHaveLength(1);
  });

  it('is not re-sent once someone acknowledged it', async () => {
    const alerts = new MemoryAlerts();
    const channels: string[] = [];
    const notifier: Notifier = { publish: async (channel) => void channels.push(channel) };
    const clock = new FixedClock(new Date(NOW));
    await monitorPayouts({ monitoring: source(), alerts, notifier, clock }, config);
    await acknowledgeAlert({ alerts, clock }, { sub: 'f-1', role: 'finance' }, { alertId: 'LATE_PAYOUT#r-late' });
    for (let run = 0; run < 4; run += 1) {
      clock.advance(config.renotifyAfterSeconds * 1000);
      await monitorPayouts({ monitoring: source(), alerts, notifier, clock }, config);
    }
    expect(channels).toEqual(['finance']);
    expect(alerts.records.get('LATE_PAYOUT#r-late')?.status).toBe('ACKNOWLEDGED');
  });
});

describe('a person acting while a monitor run decides', () => {
  it('wins: the run loses its conditional write and notifies nobody', async () => {
    const alerts = new MemoryAlerts();
    const clock = new FixedClock(new Date(NOW));
    const channels: string[] = [];
    const notifier: Notifier = { publish: async (channel) => void channels.push(channel) };
    await monitorPayouts({ monitoring: source(), alerts, notifier, clock }, config);
    clock.advance(config.renotifyAfterSeconds * 1000);
    alerts.beforeSave = () => {
      const current = alerts.records.get('LATE_PAYOUT#r-late') as AlertRecord;
      alerts.records.set(current.alertId, { ...current, status: 'ACKNOWLEDGED', version: current.version + 1 });
    };
    const summary = await monitorPayouts({ monitoring: source(), alerts, notifier, clock }, config);
    expect(summary).toMatchObject({ lostRaces: 1, renotified: 0, notified: 0 });
    expect(channels).toEqual(['finance']);
    expect(alerts.records.get('LATE_PAYOUT#r-late')?.status).toBe('ACKNOWLEDGED');
  });
});
