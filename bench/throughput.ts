/**
 * Figure 1: accepted refund applications per second through the local HTTP API on the instant path (unshipped
 * orders, approved by the rules and paid out), at a fixed concurrency, against raw PutItem/s on the same DynamoDB
 * Local measured in the same run. The ratio is the figure to compare between machines.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { MAIN_TABLE } from '../functions/adapters/dynamodb/tables.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { BenchClient } from './lib/client.ts';
import { apply, fulfillments, newActors, pushOrder } from './lib/orders.ts';
import { progress } from './lib/progress.ts';
import { percentile, pool, round } from './lib/stats.ts';

/** What figure 1 reports. */
export interface ThroughputResult {
  concurrency: number;
  refunds: number;
  appliesPerSecond: number;
  applyLatencyMs: { p50: number; p99: number };
  putItemsPerSecond: number;
  /** Applications answered with something other than 201 (counted, not retried). */
  rejected: number;
  /** appliesPerSecond / putItemsPerSecond. */
  ratio: number;
}

const PAID = new Set(['PAYOUT_PENDING', 'REFUNDED']);

/** Raw PutItem/s of small items at `concurrency`, for `ms` milliseconds. */
export async function putItemsPerSecond(endpoint: string, table: string, concurrency: number, ms: number) {
  const client = new DynamoDBClient({ endpoint });
  let done = 0;
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < until) {
        const id = `${worker}-${done}`;
        await client.send(
          new PutItemCommand({ TableName: table, Item: { pk: { S: `BENCH#${id}` }, sk: { S: '#PUT' } } }),
        );
        done++;
      }
    }),
  );
  client.destroy();
  return done / ((performance.now() - started) / 1000);
}

/** Runs figure 1 on the DynamoDB Local at `endpoint`. */
export async function benchThroughput(
  endpoint: string,
  { concurrency = 16, refunds = 160 }: { concurrency?: number; refunds?: number } = {},
): Promise<ThroughputResult> {
  const runtime = await startLocalRuntime({
    dynamoEndpoint: endpoint,
    tablePrefix: 'bench-tp',
    quiet: true,
    stage: 'prod',
  });
  try {
    const client = new BenchClient(runtime);
    const table = runtime.tableName(MAIN_TABLE);
    progress('throughput', 'baseline: raw PutItem/s');
    const before = await putItemsPerSecond(endpoint, table, concurrency, 3000);

    const warmup = concurrency;
    let prepared = 0;
    const cases = await pool(Array.from({ length: refunds + warmup }), concurrency, async () => {
      const who = await newActors(client);
      const orderId = await pushOrder(client, who, fulfillments.notShipped());
      progress('throughput', `orders pushed ${++prepared}/${refunds + warmup}`);
      return { who, orderId };
    });
    // Warm up: handler modules loaded, JIT warm, connections open.
    await pool(cases.slice(0, warmup), concurrency, async ({ who, orderId }) =>
      runtime.workflow.finished(await apply(client, who, orderId)),
    );

    const latencies: number[] = [];
    let applied = 0;
    const started = performance.now();
    let rejected = 0;
    const answers = await pool(cases.slice(warmup), concurrency, async ({ who, orderId }) => {
      const t = performance.now();
      const refundId = await apply(client, who, orderId).catch(() => undefined);
      latencies.push(performance.now() - t);
      if (!refundId) rejected++;
      progress('throughput', `applied ${++applied}/${refunds}, ${rejected} not accepted`);
      return refundId ? { refundId, buyer: who.buyer } : undefined;
    });
    const accepted = answers.filter((a) => a !== undefined);
    const refundIds = accepted.map((a) => a.refundId);
    const executions = await Promise.all(refundIds.map((id) => runtime.workflow.finished(id)));
    const seconds = (performance.now() - started) / 1000;

    progress('throughput', 'checking every refund was paid out');
    const failed = executions.filter((e) => e?.status !== 'SUCCEEDED' || !e.statesEntered.includes('Payout'));
    if (failed.length) throw new Error(`${failed.length} executions did not pay out: ${failed[0]?.error ?? ''}`);
    await pool(accepted, concurrency, async ({ refundId, buyer }) => {
      const got = await client.call('GET', `/v1/refunds/${refundId}`, { token: buyer });
      if (!PAID.has(String(got.body?.status))) throw new Error(`refund ${refundId} is ${String(got.body?.status)}`);
    });

    progress('throughput', 'baseline again: raw PutItem/s');
    const after = await putItemsPerSecond(endpoint, table, concurrency, 3000);
    const baseline = (before + after) / 2;
    const rate = accepted.length / seconds;
    return {
      concurrency,
      refunds,
      appliesPerSecond: round(rate, 1),
      applyLatencyMs: { p50: round(percentile(latencies, 50), 1), p99: round(percentile(latencies, 99), 1) },
      rejected,
      putItemsPerSecond: round(baseline, 0),
      ratio: round(rate / baseline, 4),
    };
  } finally {
    await runtime.stop();
  }
}
