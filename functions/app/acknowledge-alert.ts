/**
 * A finance user takes an alert on (OPEN -> ACKNOWLEDGED): it becomes theirs unless assigned already, and the monitor
 * stops reminding finance about it. Repeating it changes nothing. 404 ALERT_NOT_FOUND, 409 ALERT_RESOLVED.
 */
import type { Actor } from '../domain/actor.ts';
import { type AlertRecord, acknowledgeAlert as acknowledge } from '../domain/monitoring/index.ts';
import { type ChangeAlertDeps, changeAlert } from './change-alert.ts';

export type AcknowledgeAlertDeps = ChangeAlertDeps;

export interface AcknowledgeAlertCommand {
  alertId: string;
  note?: string | undefined;
}

export function acknowledgeAlert(
  deps: AcknowledgeAlertDeps,
  actor: Actor,
  command: AcknowledgeAlertCommand,
): Promise<AlertRecord> {
  return changeAlert(deps, actor, command.alertId, (record, by) => acknowledge(record, by, command.note));
}
