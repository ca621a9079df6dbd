/**
 * `POST /v1/refunds/{refundId}/payout-destination` `{ "destination": "BALANCE" }` (buyer, own refund): after
 * PAYOUT_FAILED, the money goes to the platform balance, paid once (app/switch-payout-destination.ts).
 */
import { wire } from '../../adapters/index.ts';
import { PAYOUT_ADAPTERS } from '../../adapters/payout-adapters.ts';
import { recoveryStatusCode } from '../../app/payout-recovery.ts';
import { switchPayoutDestination } from '../../app/switch-payout-destination.ts';
import { requireEnvironmentOf } from '../../catalog.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { payoutDestinationSchema } from '../../schemas/payout-recovery.ts';

requireEnvironmentOf('PayoutDestination');

const deps = wire(PAYOUT_ADAPTERS);

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'PayoutDestination' }, async ({ event, principal, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const { destination } = parse(payoutDestinationSchema, body);
  const result = await switchPayoutDestination(deps, principal, refundId, destination);
  return { statusCode: recoveryStatusCode(result), body: result };
});
