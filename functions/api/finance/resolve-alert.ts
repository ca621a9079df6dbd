/**
 * `POST /v1/finance/alerts/{alertId}/resolve` (role finance): closes the alert with a required note
 * (app/resolve-alert.ts). The alert id is URL-encoded in the path (`LATE_PAYOUT%23rf_123`).
 */
import { DynamoAlertStore } from '../../adapters/dynamodb/alert-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { resolveAlert } from '../../app/resolve-alert.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { alertIdFromPath, alertIdSchema, resolveAlertSchema } from '../../schemas/alert.ts';
import { presentAlert } from './present-alert.ts';

const deps = wire({ alerts: () => new DynamoAlertStore(), clock: wallClock });

export const handler = httpHandler({ fn: 'ResolveFinanceAlert' }, async ({ event, principal, body }) => {
  const alertId = parse(alertIdSchema, alertIdFromPath(event.pathParameters?.alertId), 'alertId');
  const input = parse(resolveAlertSchema, body ?? {});
  const alert = await resolveAlert(deps, principal, { alertId, ...input });
  return { statusCode: 200, body: presentAlert(alert) };
});
