/** `GET /v1/merchant/stats`: how often and how fast this merchant answers (the basis for rewards and penalties). */

import { DynamoMerchantStats } from '../../adapters/dynamodb/merchant-stats.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { merchantIdOf } from '../../app/access.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { noQuerySchema } from '../../schemas/lifecycle.ts';

defaultAdapter('merchantStats', () => new DynamoMerchantStats());

export const handler = httpHandler({ fn: 'MerchantStats' }, async ({ event, principal }) => {
  parse(noQuerySchema, event.queryStringParameters ?? {}, 'query');
  const stats = await adapter('merchantStats').get(merchantIdOf(principal));
  const answered = stats.approved + stats.rejected;
  return {
    statusCode: 200,
    body: {
      ...stats,
      meanResponseSeconds: answered ? Math.round(stats.responseSecondsTotal / answered) : null,
      approvalRate: answered ? stats.approved / answered : null,
      timeoutRate: stats.asked ? stats.timedOut / stats.asked : null,
    },
  };
});
