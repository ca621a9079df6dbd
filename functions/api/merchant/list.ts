/**
 * `GET /v1/merchant/refunds?status=&cursor=&limit=`: the merchant's own refunds (app/list-merchant-refunds.ts), with
 * `setup: { returnAddress: 'MISSING' }` while it has no return address (app/return-address.ts), and `timeoutAction`:
 * what the policy does when the merchant stays silent past a deadline, so the countdown can say what happens at zero.
 */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReturnAddressStore } from '../../adapters/dynamodb/return-address-store.ts';
import { stagePolicy, wire } from '../../adapters/index.ts';
import { listMerchantRefunds } from '../../app/list-merchant-refunds.ts';
import { merchantSetup } from '../../app/return-address.ts';
import { merchantTimeoutOutcome } from '../../domain/policy/timeouts.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { merchantListQuerySchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from '../refunds/present.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  returnAddresses: () => new DynamoReturnAddressStore(),
  policy: stagePolicy,
});

export const handler = httpHandler({ fn: 'MerchantRefunds' }, async ({ event, principal, locale }) => {
  const query = parse(merchantListQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await listMerchantRefunds(deps, principal, {
    status: query.status,
    cursor: query.cursor,
    limit: query.limit ? Number(query.limit) : undefined,
  });
  const setup = await merchantSetup(deps, principal);
  return {
    statusCode: 200,
    body: {
      items: page.items.map((r) => presentRefund(r, locale)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
      ...(setup ? { setup } : {}),
      timeoutAction: merchantTimeoutOutcome(deps.policy).outcome,
    },
  };
});
