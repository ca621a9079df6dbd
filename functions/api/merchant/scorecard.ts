/**
 * `GET /v1/merchant/scorecard?from=&to=` (roles merchant, finance): a merchant's rates over a period of China months
 * with its tier and the consequences the policy attaches to it; finance reads any merchant's (`merchantId`) or lists
 * every merchant of one month (app/scorecard.ts).
 */
import { DynamoScorecardStore } from '../../adapters/dynamodb/scorecard-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { readScorecard } from '../../app/scorecard.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { scorecardQuerySchema } from '../../schemas/scorecard.ts';

const deps = wire({ scorecards: () => new DynamoScorecardStore(), clock: wallClock, policy: stagePolicy });

export const handler = httpHandler({ fn: 'MerchantScorecard' }, async ({ event, principal }) => {
  const query = parse(scorecardQuerySchema, event.queryStringParameters ?? {}, 'query');
  const { limit, ...rest } = query;
  const body = await readScorecard(deps, principal, {
    ...rest,
    ...(limit === undefined ? {} : { limit: Number(limit) }),
  });
  return { statusCode: 200, body };
});
