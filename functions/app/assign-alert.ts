/**
 * A finance user gives an alert to a colleague (or themself) by user id; its status does not change.
 * 404 ALERT_NOT_FOUND, 409 ALERT_RESOLVED.
 */
import type { Actor } from '../domain/actor.ts';
import { type AlertRecord, assignAlert as assign } from '../domain/monitoring/index.ts';
import { type ChangeAlertDeps, changeAlert } from './change-alert.ts';

export type AssignAlertDeps = ChangeAlertDeps;

export interface AssignAlertCommand {
  alertId: string;
  /** The assignee's user id (Cognito sub). */
  to: string;
}

export function assignAlert(deps: AssignAlertDeps, actor: Actor, command: AssignAlertCommand): Promise<AlertRecord> {
  return changeAlert(deps, actor, command.alertId, (record, by) => assign(record, by, command.to));
}
