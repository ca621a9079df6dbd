/**
 * `GET /v1/notifications?cursor=&limit=` (buyer, merchant): the caller's message centre, newest first, in the
 * caller's language (Accept-Language; zh-CN by default) (app/message-centre.ts).
 */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { wire } from '../../adapters/index.ts';
import { listNotifications } from '../../app/message-centre.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { notificationListQuerySchema } from '../../schemas/notifications.ts';

const deps = wire({ inbox: () => new DynamoInbox() });

const DEFAULT_LIMIT = 20;

export const handler = httpHandler({ fn: 'ListNotifications' }, async ({ event, principal, locale }) => {
  const query = parse(notificationListQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await listNotifications(deps, principal, locale, {
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit ? Number(query.limit) : DEFAULT_LIMIT,
  });
  return { statusCode: 200, body: page };
});
