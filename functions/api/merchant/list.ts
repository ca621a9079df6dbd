/** `GET /v1/merchant/refunds?status=&cursor=`: the merchant's own refunds, e.g. the AWAITING_MERCHANT queue. */

import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { merchantIdOf } from '../../app/access.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { merchantListQuerySchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from '../refunds/present.ts';

defaultAdapter('store', () => new DynamoRefundStore());

export const handler = httpHandler({ fn: 'MerchantRefunds' }, async ({ event, principal, locale }) => {
  const query = parse(merchantListQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await adapter('store').listRefundsByMerchant(merchantIdOf(principal), {
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit ? Number(query.limit) : 20,
  });
  return {
    statusCode: 200,
    body: { items: page.items.map((r) => presentRefund(r, locale)), ...(page.cursor ? { cursor: page.cursor } : {}) },
  };
});
