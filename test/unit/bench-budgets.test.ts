import { describe, expect, it } from 'vitest';
import { checkBudgets } from '../../bench/check.ts';
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
