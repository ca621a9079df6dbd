/**
 * The alert lifecycle: finance hears about each problem once, again only if it is still open after a quiet period,
 * and the alert closes by itself when the problem is gone (DESIGN 3.3: "once per problem, not on every run").
 */
import type { IsoTime } from '../vocabulary.ts';
import type { AlertCandidate, AlertRecord } from './alert.ts';
import { secondsBetween } from './time.ts';

/**
 * - OPEN: a new problem (or a closed one back again): store the record; notify if `notify`.
 * - NONE: nothing to write, nobody to tell.
 * - RENOTIFY: still open and the quiet period has passed: store the record and notify again.
 * - CLOSE: the problem is gone: store the closed record; nobody is told.
 */
export type AlertAction = 'OPEN' | 'NONE' | 'RENOTIFY' | 'CLOSE';

/** What the handler should do for one alert id; `record` is what to store (absent when nothing changes). */
export interface AlertDecision {
  action: AlertAction;
  notify: boolean;
  record?: AlertRecord;
}

export interface AlertLifecycleInput {
  /** The stored alert with this id, if any. */
  existing?: AlertRecord;
  /** What this run detected for this id; absent means the problem was not found this time. */
  candidate?: AlertCandidate;
  now: IsoTime;
  quietPeriodSeconds: number;
}

/**
 * Decides one alert's next step. The quiet period counts from the last notification and survives close/reopen, so a
 * problem that flaps around a threshold cannot notify more than once per quiet period. The store should write the
 * record conditionally on the `notifyCount` it read, so two concurrent monitor runs cannot both notify.
 */
export function decideAlert({ existing, candidate, now, quietPeriodSeconds }: AlertLifecycleInput): AlertDecision {
  if (existing && candidate && existing.alertId !== candidate.alertId) {
    throw new AlertIdMismatch(existing.alertId, candidate.alertId);
  }
  if (!candidate) {
    if (existing?.status !== 'OPEN') return { action: 'NONE', notify: false };
    return { action: 'CLOSE', notify: false, record: { ...existing, status: 'CLOSED', closedAt: now } };
  }
  if (!existing) {
    return {
      action: 'OPEN',
      notify: true,
      record: { ...candidate, status: 'OPEN', firstDetectedAt: now, lastNotifiedAt: now, notifyCount: 1 },
    };
  }
  const quietOver = secondsBetween(existing.lastNotifiedAt, now) >= quietPeriodSeconds;
  if (existing.status === 'CLOSED') {
    const { closedAt: _closed, ...rest } = existing;
    return {
      action: 'OPEN',
      notify: quietOver,
      record: {
        ...rest,
        ...candidate,
        status: 'OPEN',
        firstDetectedAt: now,
        ...(quietOver ? { lastNotifiedAt: now, notifyCount: existing.notifyCount + 1 } : {}),
      },
    };
  }
  if (!quietOver) return { action: 'NONE', notify: false };
  return {
    action: 'RENOTIFY',
    notify: true,
    record: { ...existing, ...candidate, lastNotifiedAt: now, notifyCount: existing.notifyCount + 1 },
  };
}

/** One alert id's decision, for the handler to apply (write the record, then notify). */
export interface PlannedAlert extends AlertDecision {
  alertId: string;
}

/**
 * Decides every alert of one monitor run: each candidate against its stored record, and each stored OPEN alert that
 * no candidate matched (so it closes). Only decisions with something to do are returned, in alertId order. The
 * snapshot given to the detectors must cover the subjects of the open alerts (load their refunds and ledger
 * movements too), or an alert whose records were simply not read would be closed as if resolved.
 */
export function planAlerts(
  stored: readonly AlertRecord[],
  candidates: readonly AlertCandidate[],
  now: IsoTime,
  quietPeriodSeconds: number,
): PlannedAlert[] {
  const byId = new Map(stored.map((record) => [record.alertId, record]));
  const found = new Map(candidates.map((candidate) => [candidate.alertId, candidate]));
  const ids = [...new Set([...found.keys(), ...stored.filter((r) => r.status === 'OPEN').map((r) => r.alertId)])];
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
          quietPeriodSeconds,
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
