import { describe, expect, it } from 'vitest';
import { checkBudgets } from '../../bench/check.ts';
import type { PathCost } from '../../bench/cost/index.ts';
import type { ThroughputResult } from '../../bench/throughput.ts';

const throughput = (ratio: number, p99: number): ThroughputResult => ({
  concurrency: 16,
  refunds: 160,
  appliesPerSecond: ratio * 200,
  applyLatencyMs: { p50: p99 / 2, p99 },
  putItemsPerSecond: 200,
  rejected: 0,
  ratio,
});

const verdicts = (ratio: number, p99: number) =>
  checkBudgets({ throughput: throughput(ratio, p99) }).map(({ budget, pass }) => ({ budget, pass }));

describe('throughput budgets (issue 18 item 5)', () => {
  it('pass at a ratio of at least 0.25 and an apply p99 of at most 500 ms', () => {
    expect(verdicts(0.25, 500)).toEqual([
      { budget: 'accepted applications/s ÷ raw PutItem/s (minimum)', pass: true },
      { budget: 'apply p99 ms at concurrency 16', pass: true },
    ]);
  });

  it('fail each on its own: a lower ratio, a slower p99', () => {
    expect(verdicts(0.0449, 500).map((v) => v.pass)).toEqual([false, true]);
    expect(verdicts(0.3, 501).map((v) => v.pass)).toEqual([true, false]);
  });

  it('are not checked when the throughput phase has no results', () => {
    expect(checkBudgets({}).filter((b) => b.phase === 'throughput')).toEqual([]);
  });
});

/** A path's cost figures with the usage the budgets read; the rest of the usage does not matter here. */
function pathCost(
  path: string,
  usage: { writeUnits: number; readUnits: number; stateTransitions?: number },
  usd = 20,
): PathCost {
  return {
    path,
    label: path,
    usage: {
      stateTransitions: usage.stateTransitions ?? 0,
      states: [],
      expressRuns: 1,
      expressGbSeconds: 0,
      apiRequests: 1,
      lambdaInvocations: 2,
      lambdaGbSeconds: 0,
      busEvents: 0,
      pipeRequests: 0,
      readUnits: usage.readUnits,
      writeUnits: usage.writeUnits,
      dynamoCalls: { total: 0, failed: 0, byOperation: {} },
      snsPublishes: { buyer: 0, finance: 0 },
      textractPages: 0,
    },
    perMillion: {
      stepFunctions: 0,
      lambda: 0,
      apiGateway: 0,
      dynamodb: 0,
      sns: 0,
      eventBridge: 0,
      textract: 0,
      total: usd,
    },
  };
}

const costVerdicts = (paths: PathCost[]) =>
  Object.fromEntries(checkBudgets({ cost: paths }).map(({ budget, pass }) => [budget, pass]));

describe('cost budgets (issue 18 items 2 and 3)', () => {
  it('hold for an instant path of $25, 12 WRU and 4 RRU without a Standard execution, and paths at half the WRU', () => {
    expect(
      costVerdicts([
        pathCost('instant', { writeUnits: 12, readUnits: 4 }, 25),
        pathCost('merchantApproved', { writeUnits: 58, readUnits: 9, stateTransitions: 6 }),
        pathCost('manualReview', { writeUnits: 103, readUnits: 19, stateTransitions: 10 }),
        pathCost('returnAndRefund', { writeUnits: 81, readUnits: 11, stateTransitions: 8 }),
        pathCost('partialOffer', { writeUnits: 500, readUnits: 11, stateTransitions: 8 }),
      ]),
    ).toEqual({
      'instant path Standard state transitions': true,
      'instant path USD per million refunds': true,
      'instant path WRU per refund': true,
      'instant path RRU per refund': true,
      'merchantApproved path WRU per refund': true,
      'manualReview path WRU per refund': true,
      'returnAndRefund path WRU per refund': true,
    });
  });

  it('fail each on its own', () => {
    const instant = costVerdicts([
      pathCost('instant', { writeUnits: 12.5, readUnits: 4.5, stateTransitions: 1 }, 25.01),
    ]);
    expect(Object.values(instant)).toEqual([false, false, false, false]);
    expect(costVerdicts([pathCost('manualReview', { writeUnits: 103.3, readUnits: 1 })])).toEqual({
      'manualReview path WRU per refund': false,
    });
  });
});
