/**
 * The AWS adapters of everything that pays a refund out (app/pay-out.ts and the recoveries built on it): the Payout
 * task, finance's retry and the buyer's switch to balance wire exactly these, so they cannot drift apart.
 */
import { DynamoInbox } from './dynamodb/inbox.ts';
import { DynamoLedgerStore } from './dynamodb/ledger-store.ts';
import { DynamoPayoutStore } from './dynamodb/payout-store.ts';
import { DynamoRefundStore } from './dynamodb/refund-store.ts';
import { type Factories, stagePolicy, wallClock } from './index.ts';
import { paymentChannelsFromEnv } from './payments/channel-env.ts';
import { SnsNotifier } from './sns/notifier.ts';

export const PAYOUT_ADAPTERS: Factories<
  'store' | 'payouts' | 'ledger' | 'payments' | 'notifier' | 'inbox' | 'clock' | 'policy'
> = {
  store: () => new DynamoRefundStore(),
  payouts: () => new DynamoPayoutStore(),
  ledger: () => new DynamoLedgerStore(),
  payments: paymentChannelsFromEnv,
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
  policy: stagePolicy,
};
