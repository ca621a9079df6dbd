/**
 * Lifecycle task "Payout": pays an approved refund exactly once (app/pay-out.ts). Input `{ refundId }`; output
 * `{ status, providerRef? }`. Transient provider errors keep their names (ProviderTimeout, ProviderUnavailable) so
 * the ASL retries them.
 */
import { DynamoLedgerStore } from '../adapters/dynamodb/ledger-store.ts';
import { DynamoPayoutStore } from '../adapters/dynamodb/payout-store.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { stagePolicy, wallClock, wire } from '../adapters/index.ts';
import { paymentProviderFromEnv } from '../adapters/payments/deployed-sandbox.ts';
import { SnsNotifier } from '../adapters/sns/notifier.ts';
import { type PayOutResult, payOut } from '../app/pay-out.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { type TaskPayload, taskHandler } from '../observability/invocation.ts';

requireEnvironmentOf('Payout');

const deps = wire({
  store: () => new DynamoRefundStore(),
  payouts: () => new DynamoPayoutStore(),
  ledger: () => new DynamoLedgerStore(),
  payments: paymentProviderFromEnv,
  notifier: () => new SnsNotifier(),
  clock: wallClock,
  policy: stagePolicy,
});

export const handler = taskHandler(
  'Payout',
  (input: TaskPayload): Promise<PayOutResult> => payOut(deps, input.refundId),
);
