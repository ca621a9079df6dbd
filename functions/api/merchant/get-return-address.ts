/**
 * `GET /v1/merchant/return-address`: the merchant's return address, 404 NO_RETURN_ADDRESS while it has set none
 * (app/return-address.ts).
 */
import { DynamoReturnAddressStore } from '../../adapters/dynamodb/return-address-store.ts';
import { wire } from '../../adapters/index.ts';
import { getReturnAddress } from '../../app/return-address.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { noQuerySchema } from '../../schemas/lifecycle.ts';

const deps = wire({ returnAddresses: () => new DynamoReturnAddressStore() });

export const handler = httpHandler({ fn: 'GetReturnAddress' }, async ({ event, principal }) => {
  parse(noQuerySchema, event.queryStringParameters ?? {}, 'query');
  return { statusCode: 200, body: await getReturnAddress(deps, principal) };
});
