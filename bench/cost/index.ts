/**
 * Figure 3: what each path costs in AWS, per million refunds. Usage is measured by running the path locally: state
 * transitions from the real ASL (`statesEntered`), Lambda invocations and their durations (API handlers timed by
 * the HTTP round trip, an upper bound; tasks timed in the runner), DynamoDB capacity units as DynamoDB reports them,
 * SNS publishes from the outbox, API requests. bench/prices.json turns usage into dollars.
 */
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime.ts';
import { capacity, capacitySince, exactTransactions, installCapacityMeter } from '../lib/capacity.ts';
import { BenchClient, expectStatus, installTaskMeter, taskInvocations } from '../lib/client.ts';
import { newActors, pushOrder, uniqueId } from '../lib/orders.ts';
import { progress } from '../lib/progress.ts';
import { round } from '../lib/stats.ts';
import prices from '../prices.json' with { type: 'json' };
import { PATHS } from './paths.ts';

/** Usage of one refund on a path (means over the repetitions). */
export interface PathUsage {
  /** Standard workflow transitions (the lifecycle; billed each). */
  stateTransitions: number;
  /** States entered, the lifecycle's then the payout run's. */
  states: string[];
  /** Express workflow runs (the payout) and their billed duration in GB-seconds (64 MB, 100 ms increments). */
  expressRuns: number;
  expressGbSeconds: number;
  apiRequests: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  readUnits: number;
  writeUnits: number;
  /** DynamoDB calls, and of those failed (conditional checks; ≥ 1 WRU each in AWS, not in writeUnits). */
  dynamoCalls: { total: number; failed: number; byOperation: Record<string, { calls: number; units: number }> };
  snsPublishes: { buyer: number; finance: number };
  textractPages: number;
}

/** Figure 3 for one path. */
export interface PathCost {
  path: string;
  label: string;
  usage: PathUsage;
  /** USD per million refunds, by service and in total. */
  perMillion: Record<'stepFunctions' | 'lambda' | 'apiGateway' | 'dynamodb' | 'sns' | 'textract' | 'total', number>;
}

const GB = prices.lambda.memoryMb / 1024;

/** Lambda bills each invocation's duration rounded up to the millisecond. */
const gbSeconds = (durations: number[]) => (durations.reduce((sum, ms) => sum + Math.ceil(ms), 0) / 1000) * GB;

function price(u: PathUsage): PathCost['perMillion'] {
  const p = prices;
  const publishes = u.snsPublishes.buyer + u.snsPublishes.finance;
  const parts = {
    stepFunctions:
      u.stateTransitions * p.stepFunctions.perStateTransition +
      u.expressRuns * p.stepFunctionsExpress.perRequest +
      u.expressGbSeconds * p.stepFunctionsExpress.perGbSecond,
    lambda: u.lambdaInvocations * p.lambda.perRequest + u.lambdaGbSeconds * p.lambda.perGbSecondArm64,
    apiGateway: u.apiRequests * p.apiGateway.perHttpApiRequest,
    dynamodb: u.readUnits * p.dynamodb.perReadRequestUnit + u.writeUnits * p.dynamodb.perWriteRequestUnit,
    sns:
      publishes * p.sns.perPublish +
      u.snsPublishes.buyer * p.sns.perMobilePushDelivery +
      u.snsPublishes.finance * p.sns.perEmailDelivery,
    textract: u.textractPages * p.textract.perPageDetectDocumentText,
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  const perMillion = Object.fromEntries(Object.entries({ ...parts, total }).map(([k, v]) => [k, round(v * 1e6, 2)]));
  return { ...parts, ...perMillion, total: round(total * 1e6, 2) };
}

/** Until the refund's payout is settled or failed (its `refund.paid` or `refund.payout_failed` event is out). */
async function ended(runtime: LocalRuntime, refundId: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  const done = () =>
    runtime.events.items.some(
      (e) => e.refund.refundId === refundId && (e.type === 'refund.paid' || e.type === 'refund.payout_failed'),
    );
  while (!done()) {
    if (Date.now() > until) throw new Error(`refund ${refundId}: payout not settled within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Runs figure 3 on the DynamoDB Local at `endpoint`, `repetitions` refunds per path, one at a time. */
export async function benchCost(endpoint: string, { repetitions = 3 } = {}): Promise<PathCost[]> {
  installCapacityMeter();
  exactTransactions(true);
  installTaskMeter();
  // Real timers and the prod policy: nothing times out while the bench acts for the people.
  const runtime = await startLocalRuntime({
    dynamoEndpoint: endpoint,
    tablePrefix: 'bench-cost',
    quiet: true,
    stage: 'prod',
  });
  try {
    const client = new BenchClient(runtime);
    const reviewer = await client.token('reviewer', uniqueId('reviewer'));
    const available = await client.call('PUT', '/v1/review/availability', {
      token: reviewer,
      body: { available: true },
    });
    expectStatus(available, 200, 'reviewer availability');
    const results: PathCost[] = [];
    for (const path of PATHS) {
      const runs: PathUsage[] = [];
      for (let rep = 0; rep < repetitions + 1; rep++) {
        progress('cost', `${path.name} ${rep + 1}/${repetitions + 1}`);
        const who = await newActors(client);
        const orderId = await pushOrder(client, who, path.fulfillment());
        const before = {
          capacity: capacity(),
          requests: client.requests.length,
          outbox: runtime.outbox.entries.length,
        };
        const tasksBefore = taskInvocations.length;
        const refundId = await path.drive(client, who, orderId, reviewer);
        const execution = await runtime.workflow.finished(refundId);
        // The refund's journey ends when the provider's webhook settles (or fails) the payout, after the payout run;
        // what its events cost (their enrichment, the analytics they count) is the refund's too.
        await ended(runtime, refundId);
        await runtime.events.drained();
        if (execution?.status !== 'SUCCEEDED' || !execution.expressStates.includes('Payout')) {
          throw new Error(`${path.name}: execution ${execution?.status} ${execution?.error ?? ''} without payout`);
        }
        const used = capacitySince(before.capacity);
        const requests = client.requests.slice(before.requests);
        const tasks = taskInvocations.slice(tasksBefore);
        const messages = runtime.outbox.entries.slice(before.outbox);
        // The first refund of each path loads handler modules: a warm-up, not counted.
        if (rep === 0) continue;
        // An Express run lasts as long as its tasks (the payout and, if it fails, PayoutFailed), billed per 100 ms.
        const expressMs = tasks
          .filter((t) => t.fn === 'Payout' || t.fn === 'PayoutFailed')
          .reduce((s, t) => s + t.ms, 0);
        const express = prices.stepFunctionsExpress;
        runs.push({
          stateTransitions: execution.standardStates.length,
          states: execution.statesEntered,
          expressRuns: execution.expressRuns,
          expressGbSeconds:
            Math.max(1, execution.expressRuns) *
            ((Math.ceil(expressMs / Math.max(1, execution.expressRuns) / express.billedIncrementMs) *
              express.billedIncrementMs) /
              1000) *
            (express.memoryMb / 1024),
          apiRequests: requests.length,
          lambdaInvocations: requests.length + tasks.length,
          lambdaGbSeconds: gbSeconds([...requests.map((r) => r.ms), ...tasks.map((t) => t.ms)]),
          readUnits: used.readUnits,
          writeUnits: used.writeUnits,
          dynamoCalls: { total: used.calls, failed: used.failed, byOperation: used.byOperation },
          snsPublishes: {
            buyer: messages.filter((m) => m.channel === 'buyer').length,
            finance: messages.filter((m) => m.channel === 'finance').length,
          },
          textractPages: 0,
        });
      }
      const usage: PathUsage = {
        stateTransitions: mean(runs.map((r) => r.stateTransitions)),
        states: runs[0]!.states,
        expressRuns: mean(runs.map((r) => r.expressRuns)),
        expressGbSeconds: round(mean(runs.map((r) => r.expressGbSeconds)), 5),
        apiRequests: mean(runs.map((r) => r.apiRequests)),
        lambdaInvocations: mean(runs.map((r) => r.lambdaInvocations)),
        lambdaGbSeconds: round(mean(runs.map((r) => r.lambdaGbSeconds)), 4),
        readUnits: round(mean(runs.map((r) => r.readUnits)), 1),
        writeUnits: round(mean(runs.map((r) => r.writeUnits)), 1),
        // Calls per operation of the last refund (the paths are deterministic; the means above say so too).
        dynamoCalls: runs.at(-1)!.dynamoCalls,
        snsPublishes: {
          buyer: mean(runs.map((r) => r.snsPublishes.buyer)),
          finance: mean(runs.map((r) => r.snsPublishes.finance)),
        },
        textractPages: 0,
      };
      results.push({ path: path.name, label: path.label, usage, perMillion: price(usage) });
    }
    return results;
  } finally {
    exactTransactions(false);
    await runtime.stop();
  }
}
