/**
 * The alert lifecycle as the monitor drives it: finance hears about each problem once, is reminded while nobody owns
 * it, operations hears when reminders go unanswered, the stored facts follow the problem, and the alert resolves by
 * itself when the problem is gone (DESIGN 3.3: "once per problem, not on every run"). People's actions
 * (acknowledge, assign, resolve) are in ./alert-workflow.ts; both keep the alert's history.
 */
import type { IsoTime } from '../vocabulary.ts';
import {
  type AlertCandidate,
  type AlertHistoryEntry,
  type AlertRecord,
  MONITOR_ACTOR,
  RECORDED_FACT_KINDS,
  UNRESOLVED_STATUSES,
} from './alert.ts';
import type { MonitoringConfig } from './config.ts';
import { secondsBetween } from './time.ts';

/**
 * - OPEN: a new problem: store the record; notify finance.
 * - REOPEN: a RESOLVED alert's problem is back: same id, history kept; notify finance unless within the quiet period
 *   (then finance is told as soon as it is over). A resolved alert about a recorded fact (RECORDED_FACT_KINDS) comes
 *   back only with new facts.
 * - RENOTIFY: still OPEN (nobody acknowledged it) and the reminder interval has passed, or it was reopened without
 *   telling anyone and the quiet period has passed: remind finance.
 * - ESCALATE: still OPEN after the allowed reminders: tell operations (once per episode).
 * - UPDATE: the facts changed (detail, amount): store them silently, whatever the quiet period.
 * - RESOLVE: the problem is gone: resolve it (AUTO_RESOLVED by the monitor); nobody is told.
 * - NONE: nothing to write, nobody to tell.
 */
export type MonitorAction = 'OPEN' | 'REOPEN' | 'RENOTIFY' | 'ESCALATE' | 'UPDATE' | 'RESOLVE' | 'NONE';

/** What the handler should do for one alert id; `record` is what to store (absent when nothing changes). */
export interface AlertDecision {
  action: MonitorAction;
  /** Publish the record to finance after storing it. */
  notify: boolean;
  /** Publish the record to operations after storing it (ESCALATE). */
  escalate: boolean;
  record?: AlertRecord;
}

/** The lifecycle's timing settings (MonitoringConfig). */
export type AlertPolicy = Pick<
  MonitoringConfig,
  'quietPeriodSeconds' | 'renotifyAfterSeconds' | 'escalateAfterRenotifications'
>;

export interface AlertLifecycleInput {
  /** The stored alert with this id, if any. */
  existing?: AlertRecord;
  /** What this run detected for this id; absent means the problem was not found this time. */
  candidate?: AlertCandidate;
  now: IsoTime;
  policy: AlertPolicy;
}

/** Most history entries kept per alert (the first, OPENED, is always kept) so an item stays far below 400 KB. */
export const MAX_HISTORY = 200;

/** `history` with `entries` appended, trimmed to MAX_HISTORY by dropping the oldest after the first. */
export function withHistory(record: AlertRecord, ...entries: AlertHistoryEntry[]): AlertHistoryEntry[] {
  const all = [...record.history, ...entries];
  if (all.length <= MAX_HISTORY) return all;
  return [...all.slice(0, 1), ...all.slice(all.length - MAX_HISTORY + 1)];
}

/** Whether the stored record is still waiting for someone (OPEN or ACKNOWLEDGED). */
export const isUnresolved = (record: AlertRecord): boolean => UNRESOLVED_STATUSES.includes(record.status);

/** The note on the notice that tells finance of a reopening the quiet period kept silent: not a reminder. */
export const REOPEN_TOLD_NOTE = 'reopened; told once the quiet period was over';

/** Reminders sent in the current episode (since the last OPENED or REOPENED); the delayed reopening notice is none. */
export function renotificationsThisEpisode(record: AlertRecord): number {
  let count = 0;
  for (let i = record.history.length - 1; i >= 0; i -= 1) {
    const entry = record.history[i];
    if (entry?.action === 'OPENED' || entry?.action === 'REOPENED') break;
    if (entry?.action === 'RENOTIFIED' && entry.note !== REOPEN_TOLD_NOTE) count += 1;
  }
  return count;
}

/** Whether the current episode (since the last OPENED or REOPENED) began after finance was last told. */
function reopenedUntold(record: AlertRecord): boolean {
  const began = record.history.findLast((h) => h.action === 'OPENED' || h.action === 'REOPENED');
  return began?.action === 'REOPENED' && began.at > record.lastNotifiedAt;
}

/** Whether the last resolution was a person's (RESOLVED), not the monitor's (AUTO_RESOLVED). */
function resolvedByPerson(record: AlertRecord): boolean {
  return record.history.findLast((h) => h.action === 'RESOLVED' || h.action === 'AUTO_RESOLVED')?.action === 'RESOLVED';
}

/** Whether the candidate's facts differ from what is stored (what finance reads must match the problem now). */
function factsChanged(existing: AlertRecord, candidate: AlertCandidate): boolean {
  return (
    existing.detail !== candidate.detail ||
    existing.amount !== candidate.amount ||
    existing.currency !== candidate.currency
  );
}

/** The stored record with the candidate's facts (and no stale optional facts the candidate no longer has). */
function refreshed(existing: AlertRecord, candidate: AlertCandidate): AlertRecord {
  const { amount: _a, currency: _c, refundId: _r, orderId: _o, merchantId: _m, userId: _u, ...rest } = existing;
  return { ...rest, ...candidate };
}

const NO_CHANGE: AlertDecision = { action: 'NONE', notify: false, escalate: false };

/**
 * Decides one alert's next step. The quiet period counts from the last notification and survives resolve/reopen,
 * so a problem that flaps around a threshold cannot notify more than once per quiet period. The store writes the
 * record conditionally on the version it read, so two concurrent monitor runs (or a run and a person) cannot both
 * write, and only the writer notifies.
 */
export function decideAlert({ existing, candidate, now, policy }: AlertLifecycleInput): AlertDecision {
  if (existing && candidate && existing.alertId !== candidate.alertId) {
    throw new AlertIdMismatch(existing.alertId, candidate.alertId);
  }
  const by = MONITOR_ACTOR;
  if (!candidate) {
    if (!existing || !isUnresolved(existing)) return NO_CHANGE;
    return {
      action: 'RESOLVE',
      notify: false,
      escalate: false,
      record: {
        ...existing,
        status: 'RESOLVED',
        resolvedAt: now,
        history: withHistory(existing, { at: now, by, action: 'AUTO_RESOLVED' }),
      },
    };
  }
  if (!existing) {
    return {
      action: 'OPEN',
      notify: true,
      escalate: false,
      record: {
        ...candidate,
        status: 'OPEN',
        firstDetectedAt: now,
        lastNotifiedAt: now,
        notifyCount: 1,
        history: [{ at: now, by, action: 'OPENED' }],
        version: 0,
      },
    };
  }
  const sinceNotified = secondsBetween(existing.lastNotifiedAt, now);
  const quietOver = sinceNotified >= policy.quietPeriodSeconds;
  const changed = factsChanged(existing, candidate);
  const updated: AlertHistoryEntry[] = changed ? [{ at: now, by, action: 'UPDATED', note: candidate.detail }] : [];
  if (existing.status === 'RESOLVED') {
    // A person handled this very fact; the monitor reading it again is not news (auto-resolved ones do come back).
    if (RECORDED_FACT_KINDS.has(candidate.kind) && !changed && resolvedByPerson(existing)) return NO_CHANGE;
    const { resolvedAt: _r, acknowledgedAt: _a, escalatedAt: _e, ...rest } = refreshed(existing, candidate);
    return {
      action: 'REOPEN',
      notify: quietOver,
      escalate: false,
      record: {
        ...rest,
        status: 'OPEN',
        firstDetectedAt: now,
        history: withHistory(existing, { at: now, by, action: 'REOPENED' }),
        ...(quietOver ? { lastNotifiedAt: now, notifyCount: existing.notifyCount + 1 } : {}),
      },
    };
  }
  const untold = reopenedUntold(existing);
  const reminderDue =
    existing.status === 'OPEN' && quietOver && (sinceNotified >= Math.max(policy.renotifyAfterSeconds, 0) || untold);
  if (reminderDue) {
    // The reopening itself is told to finance first, whatever the escalation policy, and is not a reminder.
    const escalate =
      !untold &&
      existing.escalatedAt === undefined &&
      renotificationsThisEpisode(existing) >= policy.escalateAfterRenotifications;
    const record = refreshed(existing, candidate);
    return escalate
      ? {
          action: 'ESCALATE',
          notify: false,
          escalate: true,
          record: {
            ...record,
            escalatedAt: now,
            lastNotifiedAt: now,
            history: withHistory(existing, ...updated, { at: now, by, action: 'ESCALATED', to: 'operations' }),
          },
        }
      : {
          action: 'RENOTIFY',
          notify: true,
          escalate: false,
          record: {
            ...record,
            lastNotifiedAt: now,
            notifyCount: existing.notifyCount + 1,
            history: withHistory(existing, ...updated, {
              at: now,
              by,
              action: 'RENOTIFIED',
              ...(untold ? { note: REOPEN_TOLD_NOTE } : {}),
            }),
          },
        };
  }
  if (!changed) return NO_CHANGE;
  return {
    action: 'UPDATE',
    notify: false,
    escalate: false,
    record: { ...refreshed(existing, candidate), history: withHistory(existing, ...updated) },
  };
}

/** One alert id's decision, for the handler to apply (write the record, then notify). */
export interface PlannedAlert extends AlertDecision {
  alertId: string;
}

/**
 * Decides every alert of one monitor run: each candidate against its stored record, and each stored unresolved
 * alert that no candidate matched (so it resolves). Only decisions with something to do are returned, in alertId
 * order. The snapshot given to the detectors must cover the subjects of the unresolved alerts (load their refunds
 * and ledger movements too), or an alert whose records were simply not read would be resolved as if fixed.
 */
export function planAlerts(
  stored: readonly AlertRecord[],
  candidates: readonly AlertCandidate[],
  now: IsoTime,
  policy: AlertPolicy,
): PlannedAlert[] {
  const byId = new Map(stored.map((record) => [record.alertId, record]));
  const found = new Map(candidates.map((candidate) => [candidate.alertId, candidate]));
  const ids = [...new Set([...found.keys(), ...stored.filter(isUnresolved).map((r) => r.alertId)])];
  return ids
    .sort()
    .map((alertId) => {
      const existing = byId.get(alertId);
      const candidate = found.get(alertId);
      return {
        alertId,
        ...decideAlert({
          ...(existing ? { existing } : {}),
          ...(candidate ? { candidate } : {}),
          now,
          policy,
        }),
      };
    })
    .filter((plan) => plan.action !== 'NONE');
}

/** The caller paired a stored alert with another problem's candidate: a wiring bug, never a data problem. */
export class AlertIdMismatch extends Error {
  override readonly name = 'AlertIdMismatch';
  constructor(
    readonly existingId: string,
    readonly candidateId: string,
  ) {
    super(`stored alert ${existingId} cannot be decided with candidate ${candidateId}`);
  }
}
