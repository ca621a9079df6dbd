/** Finance's transitions on an alert (acknowledge, assign, resolve): every allowed one and every refused one. */
import { describe, expect, it } from 'vitest';
import {
  type AlertRecord,
  AlertResolved,
  acknowledgeAlert,
  assignAlert,
  resolveAlert,
} from '../../../functions/domain/monitoring/index.ts';
import { hoursAgo, NOW } from './fixtures.ts';

const open: AlertRecord = {
  alertId: 'LATE_PAYOUT#r-1',
  kind: 'LATE_PAYOUT',
  refundId: 'r-1',
  since: hoursAgo(5),
  detail: 'late',
  status: 'OPEN',
  firstDetectedAt: hoursAgo(2),
  lastNotifiedAt: hoursAgo(2),
  notifyCount: 1,
  history: [{ at: hoursAgo(2), by: 'monitor', action: 'OPENED' }],
  version: 1,
};
const by = { by: 'f-1', at: NOW };
const resolved: AlertRecord = { ...open, status: 'RESOLVED', resolvedAt: hoursAgo(1) };

describe('acknowledge', () => {
  it('takes an OPEN alert on: ACKNOWLEDGED, owned by the acknowledger, with a history line and the note', () => {
    const next = acknowledgeAlert(open, by, 'calling the provider');
    expect(next).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedAt: NOW, assignee: 'f-1' });
    expect(next.history.at(-1)).toEqual({ at: NOW, by: 'f-1', action: 'ACKNOWLEDGED', note: 'calling the provider' });
    expect(open.status).toBe('OPEN');
  });

  it('keeps an existing assignee', () => {
    expect(acknowledgeAlert({ ...open, assignee: 'f-2' }, by).assignee).toBe('f-2');
  });

  it('is idempotent: an ACKNOWLEDGED alert comes back unchanged, without a new history line', () => {
    const once = acknowledgeAlert(open, by);
    expect(acknowledgeAlert(once, { by: 'f-2', at: NOW }, 'me too')).toBe(once);
  });

  it('is refused on a RESOLVED alert (409 ALERT_RESOLVED)', () => {
    expect(() => acknowledgeAlert(resolved, by)).toThrow(AlertResolved);
    try {
      acknowledgeAlert(resolved, by);
    } catch (error) {
      expect(error).toMatchObject({ kind: 'conflict', code: 'ALERT_RESOLVED' });
    }
  });
});

describe('assign', () => {
  it('gives an OPEN or ACKNOWLEDGED alert to someone, keeping its status', () => {
    const assigned = assignAlert(open, by, 'f-2');
    expect(assigned).toMatchObject({ status: 'OPEN', assignee: 'f-2' });
    expect(assigned.history.at(-1)).toEqual({ at: NOW, by: 'f-1', action: 'ASSIGNED', to: 'f-2' });
    const acked = acknowledgeAlert(open, by);
    expect(assignAlert(acked, by, 'f-3')).toMatchObject({ status: 'ACKNOWLEDGED', assignee: 'f-3' });
  });

  it('to the same person again changes nothing', () => {
    const assigned = assignAlert(open, by, 'f-2');
    expect(assignAlert(assigned, by, 'f-2')).toBe(assigned);
  });

  it('is refused on a RESOLVED alert', () => {
    expect(() => assignAlert(resolved, by, 'f-2')).toThrow(AlertResolved);
  });
});

describe('resolve', () => {
  it('closes an OPEN alert with the note', () => {
    const next = resolveAlert(open, by, 'paid by hand');
    expect(next).toMatchObject({ status: 'RESOLVED', resolvedAt: NOW });
    expect(next.history.at(-1)).toEqual({ at: NOW, by: 'f-1', action: 'RESOLVED', note: 'paid by hand' });
  });

  it('closes an ACKNOWLEDGED alert, keeping who owned it', () => {
    const next = resolveAlert(acknowledgeAlert(open, { by: 'f-2', at: NOW }), by, 'done');
    expect(next).toMatchObject({ status: 'RESOLVED', assignee: 'f-2' });
    expect(next.history.map((h) => h.action)).toEqual(['OPENED', 'ACKNOWLEDGED', 'RESOLVED']);
  });

  it('is refused on a RESOLVED alert (not resolved twice)', () => {
    expect(() => resolveAlert(resolved, by, 'again')).toThrow(AlertResolved);
  });
});
