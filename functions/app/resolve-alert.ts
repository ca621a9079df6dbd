/**
 * A finance user closes an alert with a note on what was done (-> RESOLVED). Should the monitor still find the
 * problem, it reopens the same alert (REOPENED, history kept). 404 ALERT_NOT_FOUND, 409 ALERT_RESOLVED.
 */
import type { Actor } from '../domain/actor.ts';
import { type AlertRecord, resolveAlert as resolve } from '../domain/monitoring/index.ts';
import { type ChangeAlertDeps, changeAlert } from './change-alert.ts';

export type ResolveAlertDeps = ChangeAlertDeps;

export interface ResolveAlertCommand {
  alertId: string;
  note: string;
}

export function resolveAlert(deps: ResolveAlertDeps, actor: Actor, command: ResolveAlertCommand): Promise<AlertRecord> {
  return changeAlert(deps, actor, command.alertId, (record, by) => resolve(record, by, command.note));
}
