/**
 * Refund analytics, reading side: a period of China dates (at most MAX_ANALYTICS_DAYS, read by key per day, never by
 * a scan) and the answer for each group from its summed counters: counts, amounts, instant share, time-to-decision
 * and time-to-money percentiles from the histograms (domain/histogram.ts), and dispute outcomes.
 */
import { ValidationFailed } from '../errors.ts';
import { addHistograms, emptyHistogram, percentileOf } from '../histogram.ts';
import { cstDate } from '../payout/calendar.ts';
import { ANALYTICS_COUNTS, type AnalyticsCountName, type AnalyticsDimension, DURATION_BUCKETS } from './tally.ts';

/** The longest period one request may cover, in days (a quarter): each day is one read per group. */
export const MAX_ANALYTICS_DAYS = 92;
/** The period when the caller names none: the last 30 days, today included. */
export const DEFAULT_ANALYTICS_DAYS = 30;

/** One group's counters over a period (or a day, as stored). */
export interface AnalyticsCounts extends Record<AnalyticsCountName, number> {
  decisionHistogram: number[];
  moneyHistogram: number[];
}

export const emptyAnalyticsCounts = (): AnalyticsCounts => ({
  ...(Object.fromEntries(ANALYTICS_COUNTS.map((name) => [name, 0])) as Record<AnalyticsCountName, number>),
  decisionHistogram: emptyHistogram(DURATION_BUCKETS),
  moneyHistogram: emptyHistogram(DURATION_BUCKETS),
});

/** Several days' counters as one. */
export function sumAnalyticsCounts(all: readonly AnalyticsCounts[]): AnalyticsCounts {
  const total = emptyAnalyticsCounts();
  for (const counts of all) {
    for (const name of ANALYTICS_COUNTS) total[name] += counts[name];
    total.decisionHistogram = addHistograms(total.decisionHistogram, counts.decisionHistogram);
    total.moneyHistogram = addHistograms(total.moneyHistogram, counts.moneyHistogram);
  }
  return total;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string, name: 'from' | 'to'): string {
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new ValidationFailed(`${name} must be a date (YYYY-MM-DD), China time`);
  }
  if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new ValidationFailed(`${name} must be a real date (YYYY-MM-DD), China time`);
  }
  return value;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The China dates `from`..`to` cover, oldest first: `to` defaults to today, `from` to DEFAULT_ANALYTICS_DAYS before
 * it. In order, not after today, at most MAX_ANALYTICS_DAYS; ValidationFailed (400) otherwise.
 */
export function analyticsDays(query: { from?: string | undefined; to?: string | undefined }, now: Date): string[] {
  const today = cstDate(now.toISOString());
  const to = query.to === undefined ? today : parseDay(query.to, 'to');
  const from = query.from === undefined ? addDays(to, 1 - DEFAULT_ANALYTICS_DAYS) : parseDay(query.from, 'from');
  if (to < from) throw new ValidationFailed('to must not be before from');
  if (to > today) throw new ValidationFailed('to must not be after today (China time)');
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    days.push(day);
    if (days.length > MAX_ANALYTICS_DAYS) {
      throw new ValidationFailed(`a period covers at most ${MAX_ANALYTICS_DAYS} days`);
    }
  }
  return days;
}

/** Percentiles of a duration histogram (seconds; null when nothing was counted) and how many durations it holds. */
export interface Durations {
  p50: number | null;
  p90: number | null;
  p99: number | null;
  count: number;
}

function durationsOf(histogram: readonly number[]): Durations {
  const at = (q: number) => percentileOf(DURATION_BUCKETS, histogram, q);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), count: histogram.reduce((a, b) => a + b, 0) };
}

/** One group's figures over the period. */
export interface AnalyticsGroup {
  /** The group: a reason, category or scenario code, a sku or a merchant id; `ALL` for the total. */
  key: string;
  applied: number;
  appliedAmount: number;
  paid: number;
  paidAmount: number;
  rejected: number;
  closed: number;
  /** Applications the rules approved at once: share of the period's applications (null without any). */
  instantShare: { value: number | null; count: number; of: number };
  timeToDecision: Durations;
  timeToMoney: Durations;
  disputes: { disputed: number; forBuyer: number; forMerchant: number };
}

export interface RefundAnalytics {
  from: string;
  to: string;
  groupBy: AnalyticsDimension;
  /** Whose refunds: one merchant's, or absent for the whole platform. */
  merchantId?: string;
  /** The whole period over every group (for sku and category, counted once per refund). */
  total: AnalyticsGroup;
  /** Most applications first. */
  groups: AnalyticsGroup[];
}

export function analyticsGroupOf(key: string, c: AnalyticsCounts): AnalyticsGroup {
  return {
    key,
    applied: c.applied,
    appliedAmount: c.appliedAmount,
    paid: c.paid,
    paidAmount: c.paidAmount,
    rejected: c.rejected,
    closed: c.closed,
    instantShare: { value: c.applied ? Math.min(1, c.instant / c.applied) : null, count: c.instant, of: c.applied },
    timeToDecision: durationsOf(c.decisionHistogram),
    timeToMoney: durationsOf(c.moneyHistogram),
    disputes: { disputed: c.disputed, forBuyer: c.disputesForBuyer, forMerchant: c.disputesForMerchant },
  };
}

/** The groups over the period, most applications first (then by key), with the total. */
export function analyticsReport(
  period: { from: string; to: string; groupBy: AnalyticsDimension; merchantId?: string | undefined },
  groups: ReadonlyMap<string, AnalyticsCounts>,
  total: AnalyticsCounts,
): RefundAnalytics {
  const rows = [...groups]
    .map(([key, counts]) => analyticsGroupOf(key, counts))
    .sort((a, b) => b.applied - a.applied || b.paid - a.paid || a.key.localeCompare(b.key));
  return {
    from: period.from,
    to: period.to,
    groupBy: period.groupBy,
    ...(period.merchantId ? { merchantId: period.merchantId } : {}),
    total: analyticsGroupOf('ALL', total),
    groups: rows,
  };
}
