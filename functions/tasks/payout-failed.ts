/**
 * Lifecycle task "PayoutFailed": the payout step failed after its last retry (app/record-payout-failure.ts).
 * Input `{ refundId, error }` (the caught error, `{ Error, Cause }`); output `{ status }`.
 */
import { DynamoInbox } from '../adapters/dynamodb/inbox.ts';
import { DynamoLedgerStore } from '../adapters/dynamodb/ledger-store.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { wallClock, wire } from '../adapters/index.ts';
import { channelNamesFromEnv } from '../adapters/payments/channel-env.ts';
import { SnsNotifier } from '../adapters/sns/notifier.ts';
import { recordPayoutFailure } from '../app/record-payout-failure.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { type TaskPayload, taskHandler } from '../observability/invocation.ts';

requireEnvironmentOf('PayoutFailed');

const deps = wire({
  store: () => new DynamoRefundStore(),
  ledger: () => new DynamoLedgerStore(),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
});
const payments = channelNamesFromEnv();

export const handler = taskHandler(
  'PayoutFailed',
  (input: TaskPayload & { error?: { Error?: string; Cause?: string } }) =>
    recordPayoutFailure(deps, payments, { refundId: input.refundId, reason: input.error?.Error }),
);
