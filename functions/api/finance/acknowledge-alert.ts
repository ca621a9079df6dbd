/**
 * `POST /v1/finance/alerts/{alertId}/acknowledge` (role finance): takes the alert on (OPEN -> ACKNOWLEDGED; again: unchanged)
 * (app/acknowledge-alert.ts). The alert id is URL-encoded in the path (`LATE_PAYOUT%23rf_123`).
 */
import { DynamoAlertStore } from '../../adapters/dynamodb/alert-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { acknowledgeAlert } from '../../app/acknowledge-alert.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { acknowledgeAlertSchema, alertIdFromPath, alertIdSchema } from '../../schemas/alert.ts';
import { presentAlert } from './present-alert.ts';

const deps = wire({ alerts: () => new DynamoAlertStore(), clock: wallClock });

export const handler = httpHandler({ fn: 'AcknowledgeFinanceAlert' }, async ({ event, principal, body }) => {
  const alertId = parse(alertIdSchema, alertIdFromPath(event.pathParameters?.alertId), 'alertId');
  const input = parse(acknowledgeAlertSchema, body ?? {});
  const alert = await acknowledgeAlert(deps, principal, { alertId, ...input });
  return { statusCode: 200, body: presentAlert(alert) };
});
