/**
 * `POST /v1/finance/alerts/{alertId}/assign` (role finance): gives the alert to a finance user (`{ "to": sub }`)
 * (app/assign-alert.ts). The alert id is URL-encoded in the path (`LATE_PAYOUT%23rf_123`).
 */
import { DynamoAlertStore } from '../../adapters/dynamodb/alert-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { assignAlert } from '../../app/assign-alert.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { alertIdFromPath, alertIdSchema, assignAlertSchema } from '../../schemas/alert.ts';
import { presentAlert } from './present-alert.ts';

const deps = wire({ alerts: () => new DynamoAlertStore(), clock: wallClock });

export const handler = httpHandler({ fn: 'AssignFinanceAlert' }, async ({ event, principal, body }) => {
  const alertId = parse(alertIdSchema, alertIdFromPath(event.pathParameters?.alertId), 'alertId');
  const input = parse(assignAlertSchema, body ?? {});
  const alert = await assignAlert(deps, principal, { alertId, ...input });
  return { statusCode: 200, body: presentAlert(alert) };
});
