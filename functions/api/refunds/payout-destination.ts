/**
 * `POST /v1/refunds/{refundId}/payout-destination` `{ "destination": "BALANCE" }` (buyer, own refund): after
 * PAYOUT_FAILED, the money goes to the platform balance, paid once (app/switch-payout-destination.ts).
 */
import { DynamoLedgerStore } from '../../adapters/dynamodb/ledger-store.ts';
import { DynamoPayoutStore } from '../../adapters/dynamodb/payout-store.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { paymentProviderFromEnv } from '../../adapters/payments/deployed-sandbox.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { recoveryStatusCode } from '../../app/payout-recovery.ts';
import { switchPayoutDestination } from '../../app/switch-payout-destination.ts';
import { requireEnvironmentOf } from '../../catalog.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { payoutDestinationSchema } from '../../schemas/payout-recovery.ts';

requireEnvironmentOf('PayoutDestination');

const deps = wire({
  store: () => new DynamoRefundStore(),
  payouts: () => new DynamoPayoutStore(),
  ledger: () => new DynamoLedgerStore(),
  payments: paymentProviderFromEnv,
  notifier: () => new SnsNotifier(),
  clock: wallClock,
  policy: stagePolicy,
});

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'PayoutDestination' }, async ({ event, principal, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const { destination } = parse(payoutDestinationSchema, body);
  const result = await switchPayoutDestination(deps, principal, refundId, destination);
  return { statusCode: recoveryStatusCode(result), body: result };
});
