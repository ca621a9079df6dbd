/** `GET /v1/refunds?orderId=&cursor=&limit=`: the caller's own refunds, newest first, cursor-paginated. */

import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { refundListQuerySchema } from '../../schemas/refund.ts';
import { presentRefund } from './present.ts';

defaultAdapter('store', () => new DynamoRefundStore());

export const handler = httpHandler({ fn: 'ListRefunds' }, async ({ event, principal, locale }) => {
  const query = parse(refundListQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await adapter('store').listRefundsByUser(principal.sub, {
    ...(query.orderId ? { orderId: query.orderId } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit ? Number(query.limit) : 20,
  });
  return {
    statusCode: 200,
    body: { items: page.items.map((r) => presentRefund(r, locale)), ...(page.cursor ? { cursor: page.cursor } : {}) },
  };
});
