/**
 * Figure 3: what each path costs in AWS, per million refunds. Usage is measured by running the path locally: state
 * transitions from the real ASL (`statesEntered`), Lambda invocations and their durations (API handlers timed by
 * the HTTP round trip, an upper bound; tasks timed in the runner), DynamoDB capacity units as DynamoDB reports them,
 * SNS publishes from the outbox, API requests. bench/prices.json turns usage into dollars.
 */
import { GRACE_MS, SLOT_MS } from '../../functions/domain/analytics/fold.ts';
import type { Clock } from '../../functions/ports/clock.ts';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime.ts';
import { capacity, capacitySince, exactTransactions, installCapacityMeter } from '../lib/capacity.ts';
import {
  API_FUNCTIONS,
  BenchClient,
  expectStatus,
  functionInvocations,
  installInvocationMeter,
  installTaskMeter,
  taskInvocations,
} from '../lib/client.ts';
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
  /** API Gateway requests: the people's calls and the provider's webhooks. */
  apiRequests: number;
  /** Every function invocation (routes, tasks, the pipe's enrichment, analytics, the fold) and each payout's channel. */
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  /** Refund events put on the bus (custom events), and stream records through the pipe (Pipes requests). */
  busEvents: number;
  pipeRequests: number;
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
  perMillion: Record<
    'stepFunctions' | 'lambda' | 'apiGateway' | 'dynamodb' | 'sns' | 'eventBridge' | 'textract' | 'total',
    number
  >;
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
    eventBridge: u.busEvents * p.eventBridge.perCustomEvent + u.pipeRequests * p.eventBridge.perPipeRequest,
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

/** The wall clock, moved on by hand: the bench lets a refund's analytics slots close without waiting for them. */
class MovedClock implements Clock {
  private offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

/**
 * Folds the refund's counted events into the analytics counters, as the schedule would a minute later: its slots
 * are closed first by moving the clock past them. Run once per refund, the fold's counter writes are all this
 * refund's; at volume one fold's write of a counter is shared by every event that touched it since the last fold.
 */
async function foldAnalytics(runtime: LocalRuntime, clock: MovedClock): Promise<void> {
  clock.advance(SLOT_MS + GRACE_MS);
  const response = await fetch(`${runtime.url}/local/analytics/fold`, { method: 'POST' });
  if (response.status !== 200) throw new Error(`analytics fold: ${response.status} ${await response.text()}`);
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** What one analytics fold costs when it covers many refunds, and its share per refund. */
export interface FoldAtVolume {
  /** Instant refunds folded together, each of its own buyer and merchant (so no merchant counter is shared). */
  refunds: number;
  writeUnits: number;
  readUnits: number;
  perRefund: { writeUnits: number; readUnits: number };
}

/**
 * The fold at volume: `refunds` instant refunds, each of a new buyer and merchant, counted, then folded at once, as
 * the minute's schedule would fold a minute of them. Platform-wide counters of the same reason, scenario, category
 * and sku are shared by all; each merchant's own are not (the costliest mix for a given number of refunds).
 */
async function foldAtVolume(
  client: BenchClient,
  runtime: LocalRuntime,
  clock: MovedClock,
  refunds: number,
): Promise<FoldAtVolume> {
  // Whatever an earlier path left unfolded is folded first, outside the measurement.
  await foldAnalytics(runtime, clock);
  for (let i = 0; i < refunds; i++) {
    progress('cost', `fold at volume ${i + 1}/${refunds}`);
    const who = await newActors(client);
    const refundId = await PATHS[0]!.drive(client, who, await pushOrder(client, who, PATHS[0]!.fulfillment()), '');
    await ended(runtime, refundId);
  }
  await runtime.events.drained();
  const before = capacity();
  await foldAnalytics(runtime, clock);
  const used = capacitySince(before);
  return {
    refunds,
    writeUnits: used.writeUnits,
    readUnits: used.readUnits,
    perRefund: { writeUnits: round(used.writeUnits / refunds, 2), readUnits: round(used.readUnits / refunds, 2) },
  };
}

/** Runs figure 3 on the DynamoDB Local at `endpoint`, `repetitions` refunds per path, one at a time. */
export async function benchCost(
  endpoint: string,
  { repetitions = 3, foldedTogether = 20 } = {},
): Promise<{ paths: PathCost[]; foldAtVolume: FoldAtVolume }> {
  installCapacityMeter();
  exactTransactions(true);
  installTaskMeter();
  installInvocationMeter();
  // Real timers and the prod policy: nothing times out while the bench acts for the people. The analytics fold runs
  // when the bench says, inside each refund's window.
  const clock = new MovedClock();
  const runtime = await startLocalRuntime({
    dynamoEndpoint: endpoint,
    tablePrefix: 'bench-cost',
    quiet: true,
    stage: 'prod',
    clock,
    // The sandbox signs its webhooks by the same clock, or they would look stale once it has moved five minutes.
    payments: { clock: () => clock.now().getTime() },
    analyticsFoldEverySeconds: 0,
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
          outbox: runtime.outbox.entries.length,
          invocations: functionInvocations.length,
          events: runtime.events.items.length,
        };
        const tasksBefore = taskInvocations.length;
        const refundId = await path.drive(client, who, orderId, reviewer);
        const execution = await runtime.workflow.finished(refundId);
        // The refund's journey ends when the provider's webhook settles (or fails) the payout, after the payout run;
        // what its events cost (their enrichment, the analytics they count and fold) is the refund's too.
        await ended(runtime, refundId);
        await runtime.events.drained();
        await foldAnalytics(runtime, clock);
        if (execution?.status !== 'SUCCEEDED' || !execution.expressStates.includes('Payout')) {
          throw new Error(`${path.name}: execution ${execution?.status} ${execution?.error ?? ''} without payout`);
        }
        const used = capacitySince(before.capacity);
        const tasks = taskInvocations.slice(tasksBefore);
        const messages = runtime.outbox.entries.slice(before.outbox);
        const invocations = functionInvocations.slice(before.invocations);
        // In AWS the payout function invokes the channel's function for each send; locally it is called in process.
        const channelCalls = tasks.filter((t) => t.fn === 'Payout').length;
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
          apiRequests: invocations.filter((i) => API_FUNCTIONS.has(i.fn)).length,
          lambdaInvocations: invocations.length + channelCalls,
          lambdaGbSeconds: gbSeconds(invocations.map((i) => i.ms)),
          busEvents: runtime.events.items.length - before.events,
          pipeRequests: invocations.reduce((sum, i) => sum + (i.records ?? 0), 0),
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
        busEvents: mean(runs.map((r) => r.busEvents)),
        pipeRequests: mean(runs.map((r) => r.pipeRequests)),
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
    return { paths: results, foldAtVolume: await foldAtVolume(client, runtime, clock, foldedTogether) };
  } finally {
    exactTransactions(false);
    await runtime.stop();
  }
}
