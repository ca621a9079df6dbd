/**
 * The finance alert use cases (app/acknowledge-alert, assign-alert, resolve-alert, list-alerts) on the in-memory
 * alert store: the actor is the caller's sub, unknown ids are 404, resolved ones 409, a concurrent write is retried
 * once and a second one is 409 CONFLICT with nothing overwritten.
 */
import { describe, expect, it } from 'vitest';
import { acknowledgeAlert } from '../../../functions/app/acknowledge-alert.ts';
import { assignAlert } from '../../../functions/app/assign-alert.ts';
import { listAlerts } from '../../../functions/app/list-alerts.ts';
import { resolveAlert } from '../../../functions/app/resolve-alert.ts';
import type { AlertRecord } from '../../../functions/domain/monitoring/index.ts';
import { FixedClock, InMemoryAlertStore } from '../../support/fakes/index.ts';

const NOW = '2026-11-26T12:00:00.000Z';
const FINANCE = { sub: 'f-1', role: 'finance' as const };
const ID = 'LATE_PAYOUT#r-1';
const alert = (extra: Partial<AlertRecord> = {}): AlertRecord => ({
  alertId: ID,
  kind: 'LATE_PAYOUT',
  refundId: 'r-1',
  since: '2026-11-26T06:00:00.000Z',
  detail: 'late',
  status: 'OPEN',
  firstDetectedAt: '2026-11-26T10:00:00.000Z',
  lastNotifiedAt: '2026-11-26T10:00:00.000Z',
  notifyCount: 1,
  history: [{ at: '2026-11-26T10:00:00.000Z', by: 'monitor', action: 'OPENED' }],
  version: 1,
  ...extra,
});
const setup = (...records: AlertRecord[]) => {
  const alerts = new InMemoryAlertStore().seed(...records);
  return { alerts, deps: { alerts, clock: new FixedClock(new Date(NOW)) } };
};

describe('a finance user working an alert', () => {
  it('acknowledges, assigns and resolves it; each step is stored with its version and history', async () => {
    const { alerts, deps } = setup(alert());
    const acked = await acknowledgeAlert(deps, FINANCE, { alertId: ID, note: 'on it' });
    expect(acked).toMatchObject({ status: 'ACKNOWLEDGED', assignee: 'f-1', acknowledgedAt: NOW, version: 2 });
    const assigned = await assignAlert(deps, FINANCE, { alertId: ID, to: 'f-2' });
    expect(assigned).toMatchObject({ status: 'ACKNOWLEDGED', assignee: 'f-2', version: 3 });
    const resolved = await resolveAlert(deps, FINANCE, { alertId: ID, note: 'provider paid it' });
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedAt: NOW, version: 4 });
    expect(alerts.records.get(ID)?.history).toEqual([
      { at: '2026-11-26T10:00:00.000Z', by: 'monitor', action: 'OPENED' },
      { at: NOW, by: 'f-1', action: 'ACKNOWLEDGED', note: 'on it' },
      { at: NOW, by: 'f-1', action: 'ASSIGNED', to: 'f-2' },
      { at: NOW, by: 'f-1', action: 'RESOLVED', note: 'provider paid it' },
    ]);
  });

  it('acknowledging twice writes nothing the second time', async () => {
    const { alerts, deps } = setup(alert());
    await acknowledgeAlert(deps, FINANCE, { alertId: ID });
    const again = await acknowledgeAlert(deps, { sub: 'f-2', role: 'finance' }, { alertId: ID });
    expect(again).toMatchObject({ status: 'ACKNOWLEDGED', assignee: 'f-1' });
    expect(alerts.saves).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('an unknown alert is 404 ALERT_NOT_FOUND', async () => {
    const { deps } = setup();
    await expect(acknowledgeAlert(deps, FINANCE, { alertId: 'LATE_PAYOUT#nope' })).rejects.toMatchObject({
      kind: 'not-found',
      code: 'ALERT_NOT_FOUND',
    });
  });

  it('a resolved alert is 409 ALERT_RESOLVED for every action, and nothing is written', async () => {
    const { alerts, deps } = setup(alert({ status: 'RESOLVED', resolvedAt: NOW }));
    const conflict = { kind: 'conflict', code: 'ALERT_RESOLVED' };
    await expect(acknowledgeAlert(deps, FINANCE, { alertId: ID })).rejects.toMatchObject(conflict);
    await expect(assignAlert(deps, FINANCE, { alertId: ID, to: 'f-2' })).rejects.toMatchObject(conflict);
    await expect(resolveAlert(deps, FINANCE, { alertId: ID, note: 'x' })).rejects.toMatchObject(conflict);
    expect(alerts.saves).toHaveLength(0);
  });

  it('only finance may act', async () => {
    const { alerts, deps } = setup(alert());
    await expect(acknowledgeAlert(deps, { sub: 'u-1', role: 'buyer' }, { alertId: ID })).rejects.toMatchObject({
      kind: 'forbidden',
    });
    expect(alerts.saves).toHaveLength(0);
  });
});

describe('a person and the monitor writing at the same moment', () => {
  it('the person’s action is applied on top of the monitor’s write (one retry), nothing is lost', async () => {
    const { alerts, deps } = setup(alert());
    alerts.beforeSave = () => {
      const current = alerts.records.get(ID) as AlertRecord;
      alerts.records.set(ID, {
        ...current,
        detail: 'later',
        history: [...current.history, { at: NOW, by: 'monitor', action: 'UPDATED', note: 'later' }],
        version: current.version + 1,
      });
    };
    const acked = await acknowledgeAlert(deps, FINANCE, { alertId: ID });
    expect(acked).toMatchObject({ status: 'ACKNOWLEDGED', detail: 'later', version: 3 });
    expect(alerts.records.get(ID)?.history.map((h) => h.action)).toEqual(['OPENED', 'UPDATED', 'ACKNOWLEDGED']);
  });

  it('losing twice in a row is 409 CONFLICT and the other writers’ record stands', async () => {
    const { alerts, deps } = setup(alert());
    const bump = () => {
      const current = alerts.records.get(ID) as AlertRecord;
      alerts.records.set(ID, { ...current, version: current.version + 1 });
    };
    const original = alerts.save.bind(alerts);
    alerts.save = async (record, expected) => {
      bump();
      return original(record, expected);
    };
    await expect(resolveAlert(deps, FINANCE, { alertId: ID, note: 'done' })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'CONFLICT',
    });
    expect(alerts.records.get(ID)?.status).toBe('OPEN');
  });
});

describe('listing', () => {
  it('filters by status and assignee', async () => {
    const { deps } = setup(
      alert({ alertId: 'A#1', status: 'ACKNOWLEDGED', assignee: 'f-1' }),
      alert({ alertId: 'A#2', status: 'ACKNOWLEDGED', assignee: 'f-2' }),
      alert({ alertId: 'A#3', status: 'OPEN', assignee: 'f-1' }),
    );
    const mine = await listAlerts(deps, { status: 'ACKNOWLEDGED', assignee: 'f-1', limit: 50 });
    expect(mine.items.map((a) => a.alertId)).toEqual(['A#1']);
    const all = await listAlerts(deps, { status: 'ACKNOWLEDGED', limit: 50 });
    expect(all.items).toHaveLength(2);
  });
});
