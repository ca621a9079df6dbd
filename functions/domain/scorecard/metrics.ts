/**
 * A merchant's scorecard for a period, from counters kept as refunds change (one item per merchant and month, every
 * change an atomic ADD): refund rate (refunds / orders), median response time, timeout rate, dispute rate and
 * dispute-loss rate, each with the counts behind it. The median comes from a small histogram of response times
 * (RESPONSE_BUCKETS), so no single response time is ever stored or read back.
 */
import { bucketOf, emptyHistogram, percentileOf } from '../histogram.ts';
import type { Month } from './period.ts';

/**
 * Upper bounds (seconds, inclusive) of the response-time histogram's buckets; one more, open bucket holds anything
 * slower. Fine where deadlines are (minutes in the dev stage, hours in prod), coarse beyond two days.
 */
export const RESPONSE_BUCKETS = [60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400, 172_800] as const;

/** What is counted, as it happens. */
export interface ScorecardCounts {
  /** Orders recorded for the merchant (PUT /v1/orders, first time only). */
  orders: number;
  /** Refunds applied for on the merchant's orders, in the month applied for (counted by their first assessment). */
  refunds: number;
  /** Times the merchant was asked to act (decide a refund, confirm a returned parcel). */
  asked: number;
  /** Of those, answered by the merchant (approve or reject). */
  answered: number;
  /** Of those, left to run out. */
  timedOut: number;
  /** Rejections the buyer disputed. */
  disputes: number;
  /** Disputes the platform decided for the buyer. */
  disputesLost: number;
  /** Answered requests per response-time bucket (RESPONSE_BUCKETS, then the open bucket). */
  responseHistogram: number[];
}

export type CountName = Exclude<keyof ScorecardCounts, 'responseHistogram'>;
export const COUNT_NAMES: readonly CountName[] = [
  'orders',
  'refunds',
  'asked',
  'answered',
  'timedOut',
  'disputes',
  'disputesLost',
];

export const emptyCounts = (): ScorecardCounts => ({
  orders: 0,
  refunds: 0,
  asked: 0,
  answered: 0,
  timedOut: 0,
  disputes: 0,
  disputesLost: 0,
  responseHistogram: emptyHistogram(RESPONSE_BUCKETS),
});

/** The histogram bucket a response time falls in. */
export const responseBucket = (seconds: number): number => bucketOf(RESPONSE_BUCKETS, seconds);

/** Several periods' counts as one. */
export function sumCounts(all: readonly ScorecardCounts[]): ScorecardCounts {
  const total = emptyCounts();
  for (const counts of all) {
    for (const name of COUNT_NAMES) total[name] += counts[name];
    counts.responseHistogram.forEach((n, i) => {
      total.responseHistogram[i] = (total.responseHistogram[i] ?? 0) + n;
    });
  }
  return total;
}

/** The median response time (domain/histogram.ts); null before the first answer. */
export const medianResponseSeconds = (histogram: readonly number[]): number | null =>
  percentileOf(RESPONSE_BUCKETS, histogram, 0.5);

/** The rates a scorecard shows and tiers are judged on. */
export const METRICS = [
  'refundRate',
  'medianResponseSeconds',
  'timeoutRate',
  'disputeRate',
  'disputeLossRate',
] as const;
export type Metric = (typeof METRICS)[number];

/** One rate with the counts behind it (`value` null while the denominator is 0). */
export interface Rate {
  value: number | null;
  count: number;
  of: number;
}

export interface Scorecard {
  merchantId: string;
  from: Month;
  to: Month;
  counts: Omit<ScorecardCounts, 'responseHistogram'>;
  refundRate: Rate;
  /** Median response time over answered requests, seconds, and how many answers it is taken over. */
  medianResponseSeconds: { value: number | null; answered: number };
  timeoutRate: Rate;
  disputeRate: Rate;
  disputeLossRate: Rate;
}

/** A rate, at most 1: a request asked at the end of one month may time out in the next. */
const rate = (count: number, of: number): Rate => ({ value: of ? Math.min(1, count / of) : null, count, of });

export function scorecardOf(merchantId: string, from: Month, to: Month, counts: ScorecardCounts): Scorecard {
  const { responseHistogram, ...plain } = counts;
  return {
    merchantId,
    from,
    to,
    counts: plain,
    refundRate: rate(counts.refunds, counts.orders),
    medianResponseSeconds: { value: medianResponseSeconds(responseHistogram), answered: counts.answered },
    timeoutRate: rate(counts.timedOut, counts.asked),
    disputeRate: rate(counts.disputes, counts.refunds),
    disputeLossRate: rate(counts.disputesLost, counts.disputes),
  };
}

/** A metric's value on a scorecard (null when there is nothing to judge it on). */
export function metricValue(card: Scorecard, metric: Metric): number | null {
  return card[metric].value;
}
