/**
 * Figure 6: payouts per second through a misbehaving provider, the scenario of
 * test/integration/payouts/thousand-refunds.test.ts (which checks that every refund is paid exactly once and the
 * ledger reconciles, and leaves the speed to this figure). Approved refunds are seeded straight into the table, then
 * the Payout/PayoutFailed task functions and the webhook function run as deployed, in process, 50 at a time, while
 * the sandbox's virtual clock moves on: transient and ambiguous send errors (retried as the ASL does), failed
 * payouts, duplicate and overtaking webhooks. Timed: from the first payout step to the last webhook handled.
 * Baseline: raw PutItem/s at the same concurrency on the same DynamoDB Local, before and after (mean).
 */
import { DynamoLedgerStore } from '../functions/adapters/dynamodb/ledger-store.ts';
import { DynamoRefundStore } from '../functions/adapters/dynamodb/refund-store.ts';
import { MAIN_TABLE } from '../functions/adapters/dynamodb/tables.ts';
import { useAdapters } from '../functions/adapters/index.ts';
import { reconcileDays } from '../functions/app/reconcile.ts';
import { cstDate } from '../functions/domain/payout/calendar.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { inBatches, misbehavingSandbox, payoutState as pay, seedApprovedRefund } from '../test/support/payout-storm.ts';
import { progress } from './lib/progress.ts';
import { round } from './lib/stats.ts';
import { putItemsPerSecond } from './throughput.ts';

/** What figure 6 reports. */
export interface PayoutsResult {
  refunds: number;
  concurrency: number;
  payoutsPerSecond: number;
  /** Refunds REFUNDED and PAYOUT_FAILED at the end (nothing else is accepted). */
  statuses: Record<string, number>;
  /** Webhook copies the sandbox delivered (duplicates included). */
  deliveries: number;
  putItemsPerSecond: number;
  /** payoutsPerSecond / putItemsPerSecond. */
  ratio: number;
}

/** Runs figure 6 on the DynamoDB Local at `endpoint`. */
export async function benchPayouts(
  endpoint: string,
  { refunds = 1000, concurrency = 50 }: { refunds?: number; concurrency?: number } = {},
): Promise<PayoutsResult> {
  const runtime = await startLocalRuntime({ dynamoEndpoint: endpoint, tablePrefix: 'bench-po', quiet: true });
  const sandbox = misbehavingSandbox(runtime.deployment);
  useAdapters({ payments: sandbox, clock: { now: () => new Date(sandbox.now()) } });
  const store = new DynamoRefundStore();

  const payoutState = (refundId: string) => pay(runtime.deployment, refundId);
  const seed = (i: number) => seedApprovedRefund(store, i, new Date(sandbox.now()).toISOString(), 'bench');

  try {
    const table = runtime.tableName(MAIN_TABLE);
    progress('payouts', 'baseline: raw PutItem/s');
    const before = await putItemsPerSecond(endpoint, table, concurrency, 3000);

    const refundIds: string[] = [];
    await inBatches(
      Array.from({ length: refunds }, (_, i) => i),
      concurrency,
      async (i) => {
        refundIds.push(await seed(i));
        if (refundIds.length % 100 === 0) progress('payouts', `seeded ${refundIds.length}/${refunds}`);
      },
    );

    const started = performance.now();
    for (let i = 0; i < refundIds.length; i += concurrency) {
      await Promise.all([...refundIds.slice(i, i + concurrency).map(payoutState), sandbox.advance(80)]);
      progress('payouts', `paid ${Math.min(i + concurrency, refunds)}/${refunds}`);
    }
    await sandbox.drain();
    const seconds = (performance.now() - started) / 1000;

    progress('payouts', 'checking every refund is paid or failed, once, and the ledger reconciles');
    const statuses: Record<string, number> = {};
    for (const id of refundIds) {
      const status = (await store.getRefund(id))?.status ?? 'MISSING';
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    const unfinished = Object.keys(statuses).filter((s) => s !== 'REFUNDED' && s !== 'PAYOUT_FAILED');
    if (unfinished.length) throw new Error(`refunds left ${unfinished.join(', ')}: ${JSON.stringify(statuses)}`);
    // A second attempt is allowed after the provider reported the first FAILED (docs/payouts.md); money goes out once.
    const twice = refundIds.filter((id) => sandbox.attempts(id).filter((a) => a.outcome === 'SETTLED').length > 1);
    if (twice.length) throw new Error(`${twice.length} refunds were paid more than once`);
    const day = cstDate(new Date(sandbox.now()).toISOString());
    if (!(await reconcileDays({ ledger: new DynamoLedgerStore() }, day, day)).balanced) {
      throw new Error('the ledger does not reconcile');
    }

    progress('payouts', 'baseline again: raw PutItem/s');
    const after = await putItemsPerSecond(endpoint, table, concurrency, 3000);
    const baseline = (before + after) / 2;
    const rate = refunds / seconds;
    return {
      refunds,
      concurrency,
      payoutsPerSecond: round(rate, 1),
      statuses,
      deliveries: sandbox.deliveries.length,
      putItemsPerSecond: round(baseline, 0),
      ratio: round(rate / baseline, 4),
    };
  } finally {
    sandbox.close();
    await runtime.stop();
  }
}
