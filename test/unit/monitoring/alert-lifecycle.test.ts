/**
 * The monitor's side of the alert lifecycle (decideAlert): open, remind while nobody owns it, escalate once, refresh
 * the facts silently, resolve by itself, reopen with the history kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertCandidate, AlertRecord } from '../../../functions/domain/monitoring/alert.ts';
import {
  AlertIdMismatch,
  type AlertPolicy,
  decideAlert,
  MAX_HISTORY,
  withHistory,
} from '../../../functions/domain/monitoring/alert-lifecycle.ts';
import { hoursAgo, NOW } from './fixtures.ts';

const HOUR = 3600;
const policy: AlertPolicy = {
  quietPeriodSeconds: HOUR,
  renotifyAfterSeconds: 4 * HOUR,
  escalateAfterRenotifications: 2,
};
const candidate: AlertCandidate = {
  alertId: 'LATE_PAYOUT#r-1',
  kind: 'LATE_PAYOUT',
  refundId: 'r-1',
  amount: 12900,
  currency: 'CNY',
  since: hoursAgo(30),
  detail: 'late',
};
const open = (notifiedHoursAgo: number, notifyCount = 1, extra: Partial<AlertRecord> = {}): AlertRecord => ({
  ...candidate,
  status: 'OPEN',
  firstDetectedAt: hoursAgo(notifiedHoursAgo),
  lastNotifiedAt: hoursAgo(notifiedHoursAgo),
  notifyCount,
  history: [{ at: hoursAgo(notifiedHoursAgo), by: 'monitor', action: 'OPENED' }],
  version: 3,
  ...extra,
});
const acknowledged = (notifiedHoursAgo: number): AlertRecord =>
  open(notifiedHoursAgo, 1, {
    status: 'ACKNOWLEDGED',
    assignee: 'f-1',
    acknowledgedAt: hoursAgo(notifiedHoursAgo - 1),
    history: [
      { at: hoursAgo(notifiedHoursAgo), by: 'monitor', action: 'OPENED' },
      { at: hoursAgo(notifiedHoursAgo - 1), by: 'f-1', action: 'ACKNOWLEDGED' },
    ],
  });
const resolved = (notifiedHoursAgo: number): AlertRecord =>
  open(notifiedHoursAgo, 1, {
    status: 'RESOLVED',
    resolvedAt: hoursAgo(1),
    assignee: 'f-1',
    acknowledgedAt: hoursAgo(2),
    history: [
      { at: hoursAgo(notifiedHoursAgo), by: 'monitor', action: 'OPENED' },
      { at: hoursAgo(1), by: 'f-1', action: 'RESOLVED', note: 'asked the provider' },
    ],
  });
/** `found: null`: the problem was not found this run. */
const decide = (existing: AlertRecord | undefined, found: AlertCandidate | null = candidate) =>
  decideAlert({ ...(existing ? { existing } : {}), ...(found ? { candidate: found } : {}), now: NOW, policy });

describe('a problem seen for the first time', () => {
  it('opens an alert with an OPENED history line and notifies finance once', () => {
    expect(decide(undefined)).toEqual({
      action: 'OPEN',
      notify: true,
      escalate: false,
      record: {
        ...candidate,
        status: 'OPEN',
        firstDetectedAt: NOW,
        lastNotifiedAt: NOW,
        notifyCount: 1,
        history: [{ at: NOW, by: 'monitor', action: 'OPENED' }],
        version: 0,
      },
    });
  });
});

describe('an OPEN alert nobody acknowledged', () => {
  it('stays quiet until the reminder interval has passed', () => {
    expect(decide(open(3.9))).toEqual({ action: 'NONE', notify: false, escalate: false });
  });

  it('reminds finance after the interval, counting it and keeping when it was first detected', () => {
    const decision = decide(open(4, 2));
    expect(decision).toMatchObject({ action: 'RENOTIFY', notify: true, escalate: false });
    expect(decision.record).toMatchObject({ lastNotifiedAt: NOW, notifyCount: 3, firstDetectedAt: hoursAgo(4) });
    expect(decision.record?.history.at(-1)).toEqual({ at: NOW, by: 'monitor', action: 'RENOTIFIED' });
  });

  it('is escalated to operations after two reminders, once', () => {
    const reminded = open(4, 3, {
      history: [
        { at: hoursAgo(12), by: 'monitor', action: 'OPENED' },
        { at: hoursAgo(8), by: 'monitor', action: 'RENOTIFIED' },
        { at: hoursAgo(4), by: 'monitor', action: 'RENOTIFIED' },
      ],
    });
    const decision = decide(reminded);
    expect(decision).toMatchObject({ action: 'ESCALATE', notify: false, escalate: true });
    expect(decision.record).toMatchObject({ escalatedAt: NOW, lastNotifiedAt: NOW, notifyCount: 3, status: 'OPEN' });
    expect(decision.record?.history.at(-1)).toEqual({ at: NOW, by: 'monitor', action: 'ESCALATED', to: 'operations' });

    // Four hours later, still nobody: finance is reminded again, operations is not told twice.
    const later = decideAlert({
      existing: decision.record as AlertRecord,
      candidate,
      now: new Date(Date.parse(NOW) + 4 * HOUR * 1000).toISOString(),
      policy,
    });
    expect(later).toMatchObject({ action: 'RENOTIFY', notify: true, escalate: false });
  });

  it('is not escalated after one reminder only', () => {
    const once = open(4, 2, {
      history: [
        { at: hoursAgo(8), by: 'monitor', action: 'OPENED' },
        { at: hoursAgo(4), by: 'monitor', action: 'RENOTIFIED' },
      ],
    });
    expect(decide(once).action).toBe('RENOTIFY');
  });

  it('counts only the reminders of the current episode towards escalation', () => {
    const reopened = open(4, 4, {
      history: [
        { at: hoursAgo(40), by: 'monitor', action: 'OPENED' },
        { at: hoursAgo(36), by: 'monitor', action: 'RENOTIFIED' },
        { at: hoursAgo(32), by: 'monitor', action: 'RENOTIFIED' },
        { at: hoursAgo(30), by: 'f-1', action: 'RESOLVED', note: 'fixed' },
        { at: hoursAgo(8), by: 'monitor', action: 'REOPENED' },
        { at: hoursAgo(4), by: 'monitor', action: 'RENOTIFIED' },
      ],
    });
    expect(decide(reopened).action).toBe('RENOTIFY');
  });
});

describe('an ACKNOWLEDGED alert', () => {
  it('has an owner and is never re-sent, however long it stays', () => {
    expect(decide(acknowledged(100))).toEqual({ action: 'NONE', notify: false, escalate: false });
  });

  it('resolves by itself when the problem is gone', () => {
    const decision = decide(acknowledged(5), null);
    expect(decision).toMatchObject({ action: 'RESOLVE', record: { status: 'RESOLVED', resolvedAt: NOW } });
    expect(decision.record?.assignee).toBe('f-1');
  });
});

describe('facts that changed since they were stored', () => {
  const grown = { ...candidate, amount: 25800, detail: 'later and larger' };

  it('are stored inside the quiet period, with an UPDATED line and no notification', () => {
    const decision = decide(open(0.1), grown);
    expect(decision).toMatchObject({ action: 'UPDATE', notify: false, escalate: false });
    expect(decision.record).toMatchObject({ amount: 25800, detail: 'later and larger', notifyCount: 1 });
    expect(decision.record?.lastNotifiedAt).toBe(hoursAgo(0.1));
    expect(decision.record?.history.at(-1)).toEqual({
      at: NOW,
      by: 'monitor',
      action: 'UPDATED',
      note: 'later and larger',
    });
  });

  it('are stored on an acknowledged alert too, keeping its owner', () => {
    const decision = decide(acknowledged(30), grown);
    expect(decision.action).toBe('UPDATE');
    expect(decision.record).toMatchObject({ status: 'ACKNOWLEDGED', assignee: 'f-1', detail: 'later and larger' });
  });

  it('go into the reminder when one is due (UPDATED, then RENOTIFIED)', () => {
    const decision = decide(open(5), grown);
    expect(decision.action).toBe('RENOTIFY');
    expect(decision.record?.detail).toBe('later and larger');
    expect(decision.record?.history.slice(-2).map((h) => h.action)).toEqual(['UPDATED', 'RENOTIFIED']);
  });

  it('drop an amount the problem no longer has', () => {
    const { amount: _a, currency: _c, ...noMoney } = candidate;
    const decision = decide(open(0.1), noMoney);
    expect(decision.action).toBe('UPDATE');
    expect(decision.record?.amount).toBeUndefined();
    expect(decision.record?.currency).toBeUndefined();
  });

  it('unchanged facts write nothing', () => {
    expect(decide(open(0.1)).action).toBe('NONE');
  });
});

describe('a problem that went away', () => {
  it('resolves its OPEN alert by the monitor (AUTO_RESOLVED), without notifying', () => {
    const decision = decide(open(2), null);
    expect(decision).toMatchObject({
      action: 'RESOLVE',
      notify: false,
      escalate: false,
      record: { status: 'RESOLVED', resolvedAt: NOW },
    });
    expect(decision.record?.history.at(-1)).toEqual({ at: NOW, by: 'monitor', action: 'AUTO_RESOLVED' });
  });

  it('leaves a resolved alert alone', () => {
    expect(decide(resolved(30), null)).toEqual({ action: 'NONE', notify: false, escalate: false });
  });
});

describe('a resolved problem that comes back', () => {
  it('reopens the same alert id, history kept, and notifies when the quiet period has passed', () => {
    const before = resolved(30);
    const decision = decide(before);
    expect(decision).toMatchObject({ action: 'REOPEN', notify: true, record: { status: 'OPEN', notifyCount: 2 } });
    const record = decision.record as AlertRecord;
    expect(record.alertId).toBe(before.alertId);
    expect(record.firstDetectedAt).toBe(NOW);
    expect(record.history).toEqual([...before.history, { at: NOW, by: 'monitor', action: 'REOPENED' }]);
    expect(record.resolvedAt).toBeUndefined();
    expect(record.acknowledgedAt).toBeUndefined();
    expect(record.assignee).toBe('f-1');
  });

  it('reopens silently when finance was told moments ago (a flapping problem does not spam)', () => {
    const decision = decide(resolved(0.5));
    expect(decision).toMatchObject({ action: 'REOPEN', notify: false, record: { status: 'OPEN', notifyCount: 1 } });
  });

  it('tells finance as soon as the quiet period is over, not at the next reminder: they think it closed', () => {
    const reopened = decide(resolved(0.5)).record as AlertRecord;
    const at = (hours: number) => new Date(Date.parse(NOW) + hours * HOUR * 1000).toISOString();
    // Still inside the quiet period (told 50 minutes ago): nothing yet.
    expect(decideAlert({ existing: reopened, candidate, now: at(1 / 3), policy }).action).toBe('NONE');
    const told = decideAlert({ existing: reopened, candidate, now: at(0.5), policy });
    expect(told).toMatchObject({
      action: 'RENOTIFY',
      notify: true,
      record: { notifyCount: 2, lastNotifiedAt: at(0.5) },
    });
    // Then the usual reminder interval, from that e-mail.
    const after = told.record as AlertRecord;
    expect(decideAlert({ existing: after, candidate, now: at(2), policy }).action).toBe('NONE');
    expect(decideAlert({ existing: after, candidate, now: at(4.5), policy }).action).toBe('RENOTIFY');
    // Not a reminder: operations hears after two real reminders, as for any episode.
    const first = decideAlert({ existing: after, candidate, now: at(4.5), policy }).record as AlertRecord;
    const second = decideAlert({ existing: first, candidate, now: at(8.5), policy }).record as AlertRecord;
    expect(decideAlert({ existing: second, candidate, now: at(12.5), policy }).action).toBe('ESCALATE');
    expect(decideAlert({ existing: first, candidate, now: at(8.5), policy }).action).toBe('RENOTIFY');
    // With escalation at once (0 reminders), finance is still told of the reopening first.
    const eager = { ...policy, escalateAfterRenotifications: 0 };
    expect(decideAlert({ existing: reopened, candidate, now: at(0.5), policy: eager })).toMatchObject({
      action: 'RENOTIFY',
      notify: true,
    });
  });

  it('starts a new episode: it may be escalated again', () => {
    const decision = decide({ ...resolved(30), escalatedAt: hoursAgo(20) });
    expect(decision.record?.escalatedAt).toBeUndefined();
  });
});

describe('a resolved alert about a recorded fact (a payout settled for another amount, money sent twice)', () => {
  const mismatch: AlertCandidate = {
    ...candidate,
    alertId: 'AMOUNT_MISMATCH#r-1',
    kind: 'AMOUNT_MISMATCH',
    detail: 'settled 12000 of 12900',
  };
  const handled = (): AlertRecord => ({ ...resolved(30), ...mismatch, status: 'RESOLVED' });

  it('stays resolved when the monitor reads the same facts again: nothing new happened', () => {
    expect(decide(handled(), mismatch)).toEqual({ action: 'NONE', notify: false, escalate: false });
    const duplicate = { ...mismatch, alertId: 'DUPLICATE_PAYOUT#r-1', kind: 'DUPLICATE_PAYOUT' as const };
    expect(decide({ ...handled(), ...duplicate, status: 'RESOLVED' }, duplicate).action).toBe('NONE');
  });

  it('comes back with the same facts when the monitor, not a person, had resolved it', () => {
    const auto = {
      ...handled(),
      history: [...handled().history, { at: hoursAgo(0.5), by: 'monitor', action: 'AUTO_RESOLVED' as const }],
    };
    expect(decide(auto, mismatch).action).toBe('REOPEN');
  });

  it('reopens, and tells finance, when the facts change', () => {
    const decision = decide(handled(), { ...mismatch, detail: 'settled 12000 and 900 of 12900', amount: 12900 });
    expect(decision).toMatchObject({ action: 'REOPEN', notify: true, record: { status: 'OPEN' } });
  });

  it('while a state (a late payout) reopens while it lasts, as before', () => {
    expect(decide(resolved(30)).action).toBe('REOPEN');
  });
});

describe('a stored alert paired with another problem', () => {
  it('is refused as a wiring bug', () => {
    const other = { ...candidate, alertId: 'LATE_PAYOUT#r-2' };
    expect(() => decide(open(1), other)).toThrow(AlertIdMismatch);
  });
});

describe('a long history', () => {
  it('keeps the first line and the latest ones', () => {
    const long = open(1, 1, {
      history: Array.from({ length: MAX_HISTORY }, (_, i) => ({
        at: hoursAgo(MAX_HISTORY - i),
        by: 'monitor',
        action: i === 0 ? ('OPENED' as const) : ('UPDATED' as const),
        note: `${i}`,
      })),
    });
    const history = withHistory(long, { at: NOW, by: 'monitor', action: 'RENOTIFIED' });
    expect(history).toHaveLength(MAX_HISTORY);
    expect(history[0]?.action).toBe('OPENED');
    expect(history[1]?.note).toBe('2');
    expect(history.at(-1)?.action).toBe('RENOTIFIED');
  });
});

describe('any sequence of monitor runs', () => {
  it('never notifies twice within the quiet period, escalates at most once per episode, counts what it sent', () => {
    const run = fc.record({
      present: fc.boolean(),
      detail: fc.constantFrom('a', 'b'),
      afterSeconds: fc.integer({ min: 0, max: 6 * HOUR }),
    });
    fc.assert(
      fc.property(fc.array(run, { maxLength: 40 }), fc.integer({ min: 1, max: 5 * HOUR }), (runs, quiet) => {
        const p = { ...policy, quietPeriodSeconds: quiet };
        let existing: AlertRecord | undefined;
        let clock = Date.parse(NOW);
        const notifiedAt: number[] = [];
        let finance = 0;
        for (const { present, detail, afterSeconds } of runs) {
          clock += afterSeconds * 1000;
          const now = new Date(clock).toISOString();
          const found = present ? { ...candidate, detail } : undefined;
          const decision = decideAlert({
            ...(existing ? { existing } : {}),
            ...(found ? { candidate: found } : {}),
            now,
            policy: p,
          });
          if (present && !existing) expect(decision.notify).toBe(true);
          if (decision.notify) finance += 1;
          if (decision.notify || decision.escalate) notifiedAt.push(clock);
          if (decision.record) existing = decision.record;
          expect(existing?.notifyCount ?? 0).toBe(finance);
          if (existing) {
            const escalations = existing.history.filter((h) => h.action === 'ESCALATED' || h.action === 'REOPENED');
            for (let i = 1; i < escalations.length; i++) {
              expect([escalations[i - 1]?.action, escalations[i]?.action]).not.toEqual(['ESCALATED', 'ESCALATED']);
            }
            if (present) expect(existing.detail).toBe(detail);
          }
        }
        for (let i = 1; i < notifiedAt.length; i++) {
          expect((notifiedAt[i] ?? 0) - (notifiedAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(quiet * 1000);
        }
      }),
    );
  });
});
