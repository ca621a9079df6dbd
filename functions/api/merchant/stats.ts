/** `GET /v1/merchant/stats`: how often and how fast this merchant answers (app/merchant-stats.ts). */
import { DynamoMerchantStats } from '../../adapters/dynamodb/merchant-stats.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { merchantStats } from '../../app/merchant-stats.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { noQuerySchema } from '../../schemas/lifecycle.ts';

const deps = wire({ merchantStats: () => new DynamoMerchantStats(), clock: wallClock });

export const handler = httpHandler({ fn: 'MerchantStats' }, async ({ event, principal }) => {
  parse(noQuerySchema, event.queryStringParameters ?? {}, 'query');
  return { statusCode: 200, body: await merchantStats(deps, principal) };
});
