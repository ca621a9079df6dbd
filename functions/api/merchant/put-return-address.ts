/**
 * `PUT /v1/merchant/return-address` `{ name, phone, address, postcode? }`: the merchant sets (or replaces) where its
 * returns go; the merchant is the token's, never the body's (app/return-address.ts).
 */
import { DynamoReturnAddressStore } from '../../adapters/dynamodb/return-address-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { putReturnAddress } from '../../app/return-address.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { noQuerySchema } from '../../schemas/lifecycle.ts';
import { returnAddressBodySchema } from '../../schemas/return-address.ts';

const deps = wire({ returnAddresses: () => new DynamoReturnAddressStore(), clock: wallClock });

export const handler = httpHandler({ fn: 'PutReturnAddress' }, async ({ event, principal, body }) => {
  parse(noQuerySchema, event.queryStringParameters ?? {}, 'query');
  const address = parse(returnAddressBodySchema, body);
  return { statusCode: 200, body: await putReturnAddress(deps, principal, address) };
});
