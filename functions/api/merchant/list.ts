/** `GET /v1/merchant/refunds?status=&cursor=&limit=`: the merchant's own refunds (app/list-merchant-refunds.ts). */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { wire } from '../../adapters/index.ts';
import { listMerchantRefunds } from '../../app/list-merchant-refunds.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { merchantListQuerySchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from '../refunds/present.ts';

const deps = wire({ store: () => new DynamoRefundStore() });

export const handler = httpHandler({ fn: 'MerchantRefunds' }, async ({ event, principal, locale }) => {
  const query = parse(merchantListQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await listMerchantRefunds(deps, principal, {
    status: query.status,
    cursor: query.cursor,
    limit: query.limit ? Number(query.limit) : undefined,
  });
  return {
    statusCode: 200,
    body: { items: page.items.map((r) => presentRefund(r, locale)), ...(page.cursor ? { cursor: page.cursor } : {}) },
  };
});
