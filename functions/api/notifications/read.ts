/**
 * `POST /v1/notifications/{id}/read` (buyer, merchant): marks one of the caller's notifications read; idempotent,
 * someone else's is 404 (app/message-centre.ts).
 */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { wire } from '../../adapters/index.ts';
import { markNotificationRead } from '../../app/message-centre.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { noQuerySchema } from '../../schemas/lifecycle.ts';
import { notificationIdSchema } from '../../schemas/notifications.ts';

const deps = wire({ inbox: () => new DynamoInbox() });

export const handler = httpHandler({ fn: 'ReadNotification' }, async ({ event, principal }) => {
  const id = parse(notificationIdSchema, event.pathParameters?.id, 'id');
  parse(noQuerySchema, event.queryStringParameters ?? {}, 'query');
  return { statusCode: 200, body: await markNotificationRead(deps, principal, id) };
});
