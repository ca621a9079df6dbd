/** `GET /v1/orders?cursor=&limit=` (role buyer): the caller's orders, newest paid first (app/list-orders.ts). */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { wire } from '../../adapters/index.ts';
import { listOrders } from '../../app/list-orders.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { orderListQuerySchema } from '../../schemas/order-list.ts';

const deps = wire({ store: () => new DynamoRefundStore() });

export const handler = httpHandler({ fn: 'ListOrders' }, async ({ event, principal, locale }) => {
  const query = parse(orderListQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await listOrders(deps, principal, {
    cursor: query.cursor,
    limit: query.limit ? Number(query.limit) : undefined,
    locale,
  });
  return { statusCode: 200, body: page };
});
