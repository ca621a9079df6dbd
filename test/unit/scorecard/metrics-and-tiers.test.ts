/**
 * The scorecard's arithmetic and tiering, pure: China months, the median from the response-time histogram, rates
 * with the counts behind them, and which tier a record earns under the default policy (and its consequences).
 */
import { describe, expect, it } from 'vitest';
import { defaultPolicy, loadPolicy } from '../../../functions/domain/policy/load.ts';
import {
  addMonths,
  applyTerms,
  completeMonthsBefore,
  emptyCounts,
  medianResponseSeconds,
  monthOf,
  monthsBetween,
  RESPONSE_BUCKETS,
  responseBucket,
  SCORECARD_RULES,
  type ScorecardCounts,
  scorecardOf,
  sumCounts,
  termsFor,
} from '../../../functions/domain/scorecard/index.ts';

const HOUR = 3600;
const counts = (c: Partial<ScorecardCounts>): ScorecardCounts => ({ ...emptyCounts(), ...c });
/** A histogram with `n` answers in the bucket of `seconds`. */
const answers = (...pairs: [seconds: number, n: number][]) => {
  const h = emptyCounts().responseHistogram;
  for (const [seconds, n] of pairs) h[responseBucket(seconds)] = (h[responseBucket(seconds)] ?? 0) + n;
  return h;
};

describe('periods', () => {
  it('files an instant under its China month: 16:00 UTC on the last day of November is already December', () => {
    expect(monthOf('2026-11-30T15:59:59.999Z')).toBe('2026-11');
    expect(monthOf('2026-11-30T16:00:00.000Z')).toBe('2026-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });

  it('reads from/to as months or dates, this month by default, and refuses bad ones', () => {
    const now = new Date('2026-12-02T09:00:00Z');
    expect(monthsBetween({}, now)).toEqual(['2026-12']);
    expect(monthsBetween({ from: '2026-10-05', to: '2026-12' }, now)).toEqual(['2026-10', '2026-11', '2026-12']);
    for (const bad of [{ from: '2026-13' }, { from: '2026-02-30' }, { from: 'nope' }]) {
      expect(() => monthsBetween(bad, now), JSON.stringify(bad)).toThrow(/month/);
    }
    expect(() => monthsBetween({ from: '2026-11', to: '2026-10' }, now)).toThrow(/before/);
    expect(() => monthsBetween({ from: '2027-01' }, now)).toThrow(/after the current month/);
    expect(() => monthsBetween({ from: '2025-01', to: '2026-12' }, now)).toThrow(/at most 12/);
  });

  it('judges a tier on the complete months before this one', () => {
    expect(completeMonthsBefore(new Date('2026-12-02T09:00:00Z'), 2)).toEqual(['2026-10', '2026-11']);
  });
});

describe('metrics', () => {
  it('takes the median from the histogram, interpolated within its bucket; null before any answer', () => {
    expect(medianResponseSeconds(emptyCounts().responseHistogram)).toBeNull();
    // 3 answers within a minute, 1 within 5 minutes: the middle (2nd) answer is in the first bucket.
    expect(medianResponseSeconds(answers([30, 3], [200, 1]))).toBe(40);
    // Everything slower than the last bound reads as that bound.
    expect(medianResponseSeconds(answers([10 * 86_400, 2]))).toBe(RESPONSE_BUCKETS.at(-1));
    expect(responseBucket(60)).toBe(0);
    expect(responseBucket(61)).toBe(1);
  });

  it('gives every rate with its counts, null when there is nothing to divide by, never above 1', () => {
    const card = scorecardOf(
      'm-1',
      '2026-11',
      '2026-11',
      counts({ orders: 40, refunds: 10, asked: 8, answered: 6, timedOut: 2, disputes: 2, disputesLost: 1 }),
    );
    expect(card.refundRate).toEqual({ value: 0.25, count: 10, of: 40 });
    expect(card.timeoutRate).toEqual({ value: 0.25, count: 2, of: 8 });
    expect(card.disputeRate).toEqual({ value: 0.2, count: 2, of: 10 });
    expect(card.disputeLossRate).toEqual({ value: 0.5, count: 1, of: 2 });
    expect(scorecardOf('m-1', '2026-11', '2026-11', emptyCounts()).refundRate.value).toBeNull();
    // A request asked at the end of one month may time out in the next: the rate stays within [0, 1].
    expect(scorecardOf('m-1', '2026-12', '2026-12', counts({ asked: 1, timedOut: 2 })).timeoutRate.value).toBe(1);
  });

  it('adds months together, histograms included', () => {
    const total = sumCounts([counts({ asked: 2, responseHistogram: answers([30, 2]) }), counts({ asked: 3 })]);
    expect(total.asked).toBe(5);
    expect(total.responseHistogram[0]).toBe(2);
  });
});

describe('tiers under the default policy', () => {
  const policy = defaultPolicy();
  const months = ['2026-11'];
  const judge = (c: Partial<ScorecardCounts>) => termsFor('m-1', months, [counts(c)], policy);

  it('does not judge a merchant below the minimum volume, however it did', () => {
    const terms = judge({ asked: 19, timedOut: 19 });
    expect(terms).toMatchObject({ tier: 'NEW', consequences: [], judgedOn: { asked: 19, minRequests: 20 } });
  });

  it('puts a merchant timing out on 18% of requests in POOR: 12 h to answer instead of 24 h, and says why', () => {
    const terms = judge({ asked: 50, answered: 41, timedOut: 9, responseHistogram: answers([HOUR, 41]) });
    expect(terms.tier).toBe('POOR');
    expect(terms.because).toEqual([{ metric: 'timeoutRate', test: 'ABOVE', limit: 0.1, value: 0.18 }]);
    expect(terms.consequences).toEqual([
      { rule: SCORECARD_RULES.SHORTER_DEADLINE, seconds: 12 * HOUR, insteadOf: 24 * HOUR },
    ]);
    expect(terms.changeWhen).toEqual(terms.because);
  });

  it('hands a merchant losing most of its disputes to the platform (FAILING), before POOR', () => {
    const terms = judge({ asked: 30, answered: 30, refunds: 30, disputes: 4, disputesLost: 3 });
    expect(terms.tier).toBe('FAILING');
    expect(terms.consequences).toEqual([{ rule: SCORECARD_RULES.PLATFORM_DECIDES }]);
  });

  it('rewards a prompt, fair merchant (GOOD) with 48 h, and leaves an ordinary one STANDARD', () => {
    const good = judge({ asked: 30, answered: 30, responseHistogram: answers([HOUR, 30]) });
    expect(good.tier).toBe('GOOD');
    expect(good.consequences).toEqual([
      { rule: SCORECARD_RULES.LONGER_DEADLINE, seconds: 48 * HOUR, insteadOf: 24 * HOUR },
    ]);
    const slow = judge({ asked: 30, answered: 29, timedOut: 1, responseHistogram: answers([20 * HOUR, 29]) });
    expect(slow).toMatchObject({ tier: 'STANDARD', consequences: [] });
  });

  it('applies the consequences only to a refund that would wait for the merchant', () => {
    const poor = judge({ asked: 50, timedOut: 9 });
    const applied = applyTerms('MERCHANT_REVIEW', poor, policy);
    expect(applied.rules).toEqual([SCORECARD_RULES.SHORTER_DEADLINE]);
    expect(applied.policy.timeouts.merchantResponseSeconds).toBe(12 * HOUR);
    expect(applyTerms('APPROVE', poor, policy)).toEqual({ outcome: 'APPROVE', policy, rules: [] });
    const failing = judge({ asked: 30, disputes: 4, disputesLost: 3 });
    expect(applyTerms('MERCHANT_REVIEW', failing, policy)).toMatchObject({
      outcome: 'MANUAL_REVIEW',
      rules: [SCORECARD_RULES.PLATFORM_DECIDES],
    });
  });

  it('scales the deadlines with the dev stage, whose merchant answers in minutes', () => {
    const dev = loadPolicy('dev');
    const terms = termsFor('m-1', months, [counts({ asked: 5, timedOut: 3 })], dev);
    expect(terms.consequences).toEqual([{ rule: SCORECARD_RULES.SHORTER_DEADLINE, seconds: 60, insteadOf: 120 }]);
  });
});
