/** `GET /v1/refunds?orderId=&cursor=&limit=`: the buyer's own refunds, newest first (app/list-refunds.ts). */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { wire } from '../../adapters/index.ts';
import { listRefunds } from '../../app/list-refunds.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { refundListQuerySchema } from '../../schemas/refund.ts';
import { presentRefund } from './present.ts';

const deps = wire({ store: () => new DynamoRefundStore() });

export const handler = httpHandler({ fn: 'ListRefunds' }, async ({ event, principal, locale }) => {
  const query = parse(refundListQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await listRefunds(deps, principal, {
    orderId: query.orderId,
    cursor: query.cursor,
    limit: query.limit ? Number(query.limit) : undefined,
  });
  return {
    statusCode: 200,
    body: { items: page.items.map((r) => presentRefund(r, locale)), ...(page.cursor ? { cursor: page.cursor } : {}) },
  };
});
