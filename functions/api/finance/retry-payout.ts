/**
 * `POST /v1/finance/payouts/{refundId}/retry` (finance): recovers a failed payout without paying twice
 * (app/retry-payout.ts). 200 when it is settled (or the new attempt failed at once), 202 while the provider works.
 */
import { DynamoLedgerStore } from '../../adapters/dynamodb/ledger-store.ts';
import { DynamoPayoutStore } from '../../adapters/dynamodb/payout-store.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { paymentProviderFromEnv } from '../../adapters/payments/deployed-sandbox.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { recoveryStatusCode } from '../../app/payout-recovery.ts';
import { retryPayout } from '../../app/retry-payout.ts';
import { requireEnvironmentOf } from '../../catalog.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';

requireEnvironmentOf('RetryPayout');

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

export const handler = httpHandler({ fn: 'RetryPayout' }, async ({ event, principal }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const result = await retryPayout(deps, principal, refundId);
  return { statusCode: recoveryStatusCode(result), body: result };
});
