import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertCandidate, AlertRecord } from '../../../functions/domain/monitoring/alert.ts';
import { AlertIdMismatch, decideAlert } from '../../../functions/domain/monitoring/alert-lifecycle.ts';
import { hoursAgo, NOW } from './fixtures.ts';

const QUIET = 24 * 3600;
const candidate: AlertCandidate = {
  alertId: 'LATE_PAYOUT#r-1',
  kind: 'LATE_PAYOUT',
  refundId: 'r-1',
  amount: 12900,
  currency: 'CNY',
  since: hoursAgo(30),
  detail: 'late',
};
const open = (notifiedHoursAgo: number, notifyCount = 1): AlertRecord => ({
  ...candidate,
  status: 'OPEN',
  firstDetectedAt: hoursAgo(notifiedHoursAgo),
  lastNotifiedAt: hoursAgo(notifiedHoursAgo),
  notifyCount,
});

describe('a problem seen for the first time', () => {
  it('opens an alert and notifies once', () => {
    const decision = decideAlert({ candidate, now: NOW, quietPeriodSeconds: QUIET });
    expect(decision).toEqual({
      action: 'OPEN',
      notify: true,
      record: { ...candidate, status: 'OPEN', firstDetectedAt: NOW, lastNotifiedAt: NOW, notifyCount: 1 },
    });
  });
});

describe('a problem still open within the quiet period', () => {
  it('does nothing', () => {
    expect(decideAlert({ existing: open(23), candidate, now: NOW, quietPeriodSeconds: QUIET })).toEqual({
      action: 'NONE',
      notify: false,
    });
  });
});

describe('a problem still open after the quiet period', () => {
  it('notifies again and counts it, keeping when it was first detected', () => {
    const decision = decideAlert({ existing: open(25, 2), candidate, now: NOW, quietPeriodSeconds: QUIET });
    expect(decision.action).toBe('RENOTIFY');
    expect(decision.notify).toBe(true);
    expect(decision.record).toMatchObject({ lastNotifiedAt: NOW, notifyCount: 3, firstDetectedAt: hoursAgo(25) });
  });
});

describe('a problem that went away', () => {
  it('closes its alert without notifying', () => {
    const decision = decideAlert({ existing: open(2), now: NOW, quietPeriodSeconds: QUIET });
    expect(decision).toMatchObject({ action: 'CLOSE', notify: false, record: { status: 'CLOSED', closedAt: NOW } });
  });

  it('leaves a closed alert alone', () => {
    const closed: AlertRecord = { ...open(30), status: 'CLOSED', closedAt: hoursAgo(29) };
    expect(decideAlert({ existing: closed, now: NOW, quietPeriodSeconds: QUIET })).toEqual({
      action: 'NONE',
      notify: false,
    });
  });
});

describe('a closed problem that comes back', () => {
  const closed = (hours: number): AlertRecord => ({ ...open(hours), status: 'CLOSED', closedAt: hoursAgo(1) });

  it('reopens and notifies when the quiet period has passed', () => {
    const decision = decideAlert({ existing: closed(30), candidate, now: NOW, quietPeriodSeconds: QUIET });
    expect(decision).toMatchObject({ action: 'OPEN', notify: true, record: { status: 'OPEN', notifyCount: 2 } });
    expect(decision.record?.closedAt).toBeUndefined();
  });

  it('reopens silently when finance was told moments ago (a flapping problem does not spam)', () => {
    const decision = decideAlert({ existing: closed(2), candidate, now: NOW, quietPeriodSeconds: QUIET });
    expect(decision).toMatchObject({ action: 'OPEN', notify: false, record: { status: 'OPEN', notifyCount: 1 } });
  });
});

describe('a stored alert paired with another problem', () => {
  it('is refused as a wiring bug', () => {
    const other = { ...candidate, alertId: 'LATE_PAYOUT#r-2' };
    expect(() => decideAlert({ existing: open(1), candidate: other, now: NOW, quietPeriodSeconds: QUIET })).toThrow(
      AlertIdMismatch,
    );
  });
});

describe('any sequence of monitor runs', () => {
  it('never notifies twice within the quiet period, and notifies the first time a problem is seen', () => {
    const run = fc.record({ present: fc.boolean(), afterSeconds: fc.integer({ min: 0, max: 3 * QUIET }) });
    fc.assert(
      fc.property(fc.array(run, { maxLength: 40 }), fc.integer({ min: 1, max: 2 * QUIET }), (runs, quiet) => {
        let existing: AlertRecord | undefined;
        let clock = Date.parse(NOW);
        const notifiedAt: number[] = [];
        for (const { present, afterSeconds } of runs) {
          clock += afterSeconds * 1000;
          const now = new Date(clock).toISOString();
          const decision = decideAlert({
            existing,
            candidate: present ? candidate : undefined,
            now,
            quietPeriodSeconds: quiet,
          });
          if (present && !existing) expect(decision.notify).toBe(true);
          if (decision.notify) notifiedAt.push(clock);
          if (decision.record) existing = decision.record;
          expect(existing?.notifyCount ?? 0).toBe(notifiedAt.length);
        }
        for (let i = 1; i < notifiedAt.length; i++) {
          expect((notifiedAt[i] ?? 0) - (notifiedAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(quiet * 1000);
        }
      }),
    );
  });
});
