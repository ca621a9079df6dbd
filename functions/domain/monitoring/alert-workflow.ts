/**
 * What finance people do with an alert: acknowledge it (take it on), assign it to a colleague, resolve it with a
 * note. Pure transitions on the stored record: each returns the next record (with its history line) or throws a
 * DomainError the API turns into 404/409. The monitor's own steps are in ./alert-lifecycle.ts.
 */
import { DomainError } from '../errors.ts';
import type { IsoTime } from '../vocabulary.ts';
import type { AlertRecord } from './alert.ts';
import { withHistory } from './alert-lifecycle.ts';

/** No alert with that id (404 ALERT_NOT_FOUND). */
export class AlertNotFound extends DomainError {
  override name = 'AlertNotFound';
  constructor(alertId: string) {
    super('not-found', 'ALERT_NOT_FOUND', `alert ${alertId} not found`, { details: { alertId } });
  }
}

/** The alert is RESOLVED: nobody acts on it any more (409 ALERT_RESOLVED); the monitor reopens it if it recurs. */
export class AlertResolved extends DomainError {
  override name = 'AlertResolved';
  constructor(alertId: string) {
    super('conflict', 'ALERT_RESOLVED', `alert ${alertId} is resolved`, { details: { alertId } });
  }
}

/** Someone else changed the alert at the same moment, twice in a row (409 CONFLICT); read it again and retry. */
export class AlertChanged extends DomainError {
  override name = 'AlertChanged';
  constructor(alertId: string) {
    super('conflict', 'CONFLICT', `alert ${alertId} was changed concurrently; read it again and retry`, {
      details: { alertId },
    });
  }
}

/** A person's action: who (their sub), when, and an optional note. */
export interface AlertActor {
  by: string;
  at: IsoTime;
}

function unresolved(record: AlertRecord): void {
  if (record.status === 'RESOLVED') throw new AlertResolved(record.alertId);
}

/**
 * OPEN -> ACKNOWLEDGED: the person owns it now (it becomes theirs unless it is already assigned) and the monitor
 * stops reminding. Acknowledging an ACKNOWLEDGED alert returns it unchanged (no new history line).
 */
export function acknowledgeAlert(record: AlertRecord, actor: AlertActor, note?: string): AlertRecord {
  unresolved(record);
  if (record.status === 'ACKNOWLEDGED') return record;
  return {
    ...record,
    status: 'ACKNOWLEDGED',
    acknowledgedAt: actor.at,
    assignee: record.assignee ?? actor.by,
    history: withHistory(record, { at: actor.at, by: actor.by, action: 'ACKNOWLEDGED', ...(note ? { note } : {}) }),
  };
}

/** Gives the alert to `to` (a finance user's sub); the status does not change. Same assignee again: unchanged. */
export function assignAlert(record: AlertRecord, actor: AlertActor, to: string): AlertRecord {
  unresolved(record);
  if (record.assignee === to) return record;
  return {
    ...record,
    assignee: to,
    history: withHistory(record, { at: actor.at, by: actor.by, action: 'ASSIGNED', to }),
  };
}

/** OPEN or ACKNOWLEDGED -> RESOLVED, with the person's note on what was done. */
export function resolveAlert(record: AlertRecord, actor: AlertActor, note: string): AlertRecord {
  unresolved(record);
  return {
    ...record,
    status: 'RESOLVED',
    resolvedAt: actor.at,
    history: withHistory(record, { at: actor.at, by: actor.by, action: 'RESOLVED', note }),
  };
}
