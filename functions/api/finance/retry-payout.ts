/**
 * `POST /v1/finance/payouts/{refundId}/retry` (finance): recovers a failed payout without paying twice
 * (app/retry-payout.ts). 200 when it is settled (or the new attempt failed at once), 202 while the provider works.
 */
import { wire } from '../../adapters/index.ts';
import { PAYOUT_ADAPTERS } from '../../adapters/payout-adapters.ts';
import { recoveryStatusCode } from '../../app/payout-recovery.ts';
import { retryPayout } from '../../app/retry-payout.ts';
import { requireEnvironmentOf } from '../../catalog.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';

requireEnvironmentOf('RetryPayout');

const deps = wire(PAYOUT_ADAPTERS);

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'RetryPayout' }, async ({ event, principal }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const result = await retryPayout(deps, principal, refundId);
  return { statusCode: recoveryStatusCode(result), body: result };
});
