/**
 * Refund analytics, counting side: what one refund event adds to the aggregates (issue 20). Only the events that
 * matter are counted: the application (`refund.submitted`: a refund and the amount applied for) and the refund's
 * ending (paid, rejected for good, or closed unpaid: the amount paid, whether the rules approved it at once, the
 * time to decision and to money, and how a dispute ended). Everything is filed under the China date the refund was
 * applied for, so a period's rates are of one cohort of applications, and per group of each dimension: reason,
 * category and sku per order line of the refund (a line's share of the amounts), scenario and merchant.
 * Pure: the caller reads the refund and its order and stores what this returns (app/refund-analytics.ts).
 */
import type { RefundEvent } from '../events/refund-event.ts';
import { bucketOf } from '../histogram.ts';
import { cstDate } from '../payout/calendar.ts';
import type { Order, Refund } from '../refund.ts';

/** What analytics can be grouped by. */
export const ANALYTICS_DIMENSIONS = ['reason', 'category', 'sku', 'merchant', 'scenario'] as const;
export type AnalyticsDimension = (typeof ANALYTICS_DIMENSIONS)[number];

/**
 * Upper bounds (seconds) of the time-to-decision and time-to-money histograms: a second to two weeks, fine where
 * instant approvals (秒批: decided within seconds) and wallet payouts are, coarser at days (bank cards, returns by
 * post). One open bucket beyond. Fixed once counters exist: a stored histogram is read with the bounds it was kept by.
 */
export const DURATION_BUCKETS = [
  1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400, 172_800, 345_600, 604_800, 1_209_600,
] as const;

/** The counters one group keeps; amounts in minor units. */
export const ANALYTICS_COUNTS = [
  /** Applications. */
  'applied',
  /** Minor units applied for (the group's share: a line's amount for sku and category). */
  'appliedAmount',
  /** Refunds paid (the money arrived). */
  'paid',
  'paidAmount',
  /** Of the paid, approved by the rules at once (秒批: the first assessment approved). */
  'instant',
  /** Refunds whose rejection became final (a ruling, the buyer accepting it, or the dispute window closing). */
  'rejected',
  /** Refunds that ended unpaid otherwise (cancelled by the buyer, a deadline passed). */
  'closed',
  /** Of the ended refunds, those the buyer disputed; and which way the dispute went. */
  'disputed',
  'disputesForBuyer',
  'disputesForMerchant',
] as const;
export type AnalyticsCountName = (typeof ANALYTICS_COUNTS)[number];

/**
 * The most skus one refund files under by name; the rest of its lines are filed together under OTHER_SKUS, so one
 * event's counters (platform-wide and the merchant's, with the event's marker) fit in one DynamoDB transaction
 * (100 items): 3 + 4 categories + 41 skus, twice, less the merchant's own merchant group, plus the marker = 96.
 */
export const MAX_SKUS_PER_REFUND = 40;
export const OTHER_SKUS = 'OTHER_SKUS';

/** What one event adds to one group. */
export interface GroupTally {
  dimension: AnalyticsDimension;
  key: string;
  add: Partial<Record<AnalyticsCountName, number>>;
  /** The time-to-decision and time-to-money buckets (DURATION_BUCKETS) to add one to. */
  decisionBucket?: number;
  moneyBucket?: number;
}

/** What one event adds, all filed under the refund's application date (China time) and its merchant. */
export interface EventTally {
  day: string;
  merchantId: string;
  groups: GroupTally[];
}

/** How a refund ended, as analytics counts it. */
export type Ending = 'PAID' | 'REJECTED' | 'CLOSED';

/** The ending an event marks, if it marks one. A rejection the buyer may still dispute is not an ending yet. */
export function endingOf(event: Pick<RefundEvent, 'type' | 'final' | 'closeReason'>): Ending | undefined {
  if (event.type === 'refund.paid') return 'PAID';
  if (event.type === 'refund.rejected') return event.final ? 'REJECTED' : undefined;
  if (event.type !== 'refund.closed') return undefined;
  return event.closeReason === 'DISPUTE_WINDOW_CLOSED' || event.closeReason === 'REJECTION_ACCEPTED'
    ? 'REJECTED'
    : 'CLOSED';
}

/**
 * The event types analytics counts: the rule on the refunds bus (and the local runtime in its place) hands only these
 * to the RefundAnalytics function. `countsEvent` then leaves out the rejections the buyer may still dispute.
 */
export const ANALYTICS_EVENT_TYPES = ['refund.submitted', 'refund.paid', 'refund.rejected', 'refund.closed'] as const;

/** True for the events analytics counts: an application, or an ending. */
export const countsEvent = (event: Pick<RefundEvent, 'type' | 'final' | 'closeReason'>): boolean =>
  event.type === 'refund.submitted' || endingOf(event) !== undefined;

/** Approved by the rules at once (秒批): the first decision on the refund is an assessment that approved it. */
export const approvedAtOnce = (refund: Pick<Refund, 'decisions' | 'decision'>): boolean => {
  const first = refund.decisions?.[0] ?? refund.decision;
  return first?.kind === 'ASSESSMENT' && first.outcome === 'APPROVE';
};

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/** When the refund was decided: its first approval for a paid refund, its last rejection for a rejected one. */
function decidedAt(refund: Pick<Refund, 'timeline'>, ending: Ending): string | undefined {
  if (ending === 'PAID') return refund.timeline.find((t) => t.status === 'APPROVED')?.at;
  if (ending === 'REJECTED') return refund.timeline.findLast((t) => t.status === 'REJECTED')?.at;
  return undefined;
}

/**
 * `total` split over the refund's lines in proportion to what each line takes of the refund (its amount, or its
 * units for refunds stored without line amounts); the last line takes the rounding, so the parts add up to `total`.
 */
export function splitOverLines(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!weights.length) return [];
  const parts = weights.map((w) => (sum > 0 ? Math.floor((total * w) / sum) : 0));
  parts[parts.length - 1] = total - parts.slice(0, -1).reduce((a, b) => a + b, 0);
  return parts;
}

/** Each line's sku, category (from the order; the refund's own for a sku the order no longer lists) and weight. */
function linesOf(refund: Pick<Refund, 'items' | 'category'>, order: Pick<Order, 'items'> | undefined) {
  const lines = refund.items ?? [];
  return lines.map((line) => ({
    sku: line.sku,
    category: order?.items.find((i) => i.sku === line.sku)?.category ?? refund.category,
    weight: line.amount ?? line.quantity,
  }));
}

/** The lines' skus, those past the first MAX_SKUS_PER_REFUND distinct ones as OTHER_SKUS. */
function skuKeys(lines: { key: string; amount: number }[]): { key: string; amount: number }[] {
  const named = new Set<string>();
  return lines.map((line) => {
    if (named.has(line.key) || named.size < MAX_SKUS_PER_REFUND) {
      named.add(line.key);
      return line;
    }
    return { ...line, key: OTHER_SKUS };
  });
}

/**
 * One group per key of each dimension: counts are once per refund (two lines of one category are one refund of
 * it), amounts are the group's share.
 */
function groupsOf(
  refund: Pick<Refund, 'reason' | 'scenario' | 'merchantId' | 'items' | 'category'>,
  order: Pick<Order, 'items'> | undefined,
  amountName: 'appliedAmount' | 'paidAmount' | undefined,
  amount: number,
  once: Omit<GroupTally, 'dimension' | 'key'>,
): GroupTally[] {
  const lines = linesOf(refund, order);
  const shares = splitOverLines(
    amount,
    lines.map((l) => l.weight),
  );
  const byKey = (dimension: AnalyticsDimension, keys: { key: string; amount: number }[]): GroupTally[] => {
    const summed = new Map<string, number>();
    for (const { key, amount: a } of keys) summed.set(key, (summed.get(key) ?? 0) + a);
    return [...summed].map(([key, a]) => ({
      ...once,
      dimension,
      key,
      add: { ...once.add, ...(amountName ? { [amountName]: a } : {}) },
    }));
  };
  const whole = [{ amount }];
  return [
    ...byKey(
      'reason',
      whole.map((w) => ({ key: refund.reason, ...w })),
    ),
    ...byKey(
      'scenario',
      whole.map((w) => ({ key: refund.scenario, ...w })),
    ),
    ...byKey(
      'merchant',
      whole.map((w) => ({ key: refund.merchantId, ...w })),
    ),
    ...byKey(
      'category',
      lines.length
        ? lines.map((l, i) => ({ key: l.category, amount: shares[i] ?? 0 }))
        : whole.map((w) => ({ key: refund.category, ...w })),
    ),
    // A refund stored without its lines has no sku to file under.
    ...byKey('sku', skuKeys(lines.map((l, i) => ({ key: l.sku, amount: shares[i] ?? 0 })))),
  ];
}

/**
 * What `event` adds to the aggregates, given the refund as stored now and its order (for the lines' categories);
 * undefined for an event analytics does not count.
 */
export function tallyOf(
  event: RefundEvent,
  refund: Refund,
  order: Pick<Order, 'items'> | undefined,
): EventTally | undefined {
  const base = { day: cstDate(refund.createdAt), merchantId: refund.merchantId };
  if (event.type === 'refund.submitted') {
    // The amount applied for is the event's: a partial offer accepted later lowers the refund's own.
    return { ...base, groups: groupsOf(refund, order, 'appliedAmount', event.refund.amount, { add: { applied: 1 } }) };
  }
  const ending = endingOf(event);
  if (!ending) return undefined;
  const disputed = refund.dispute !== undefined;
  const add: GroupTally['add'] = {
    ...(ending === 'PAID' ? { paid: 1 } : ending === 'REJECTED' ? { rejected: 1 } : { closed: 1 }),
    ...(ending === 'PAID' && approvedAtOnce(refund) ? { instant: 1 } : {}),
    ...(disputed ? { disputed: 1 } : {}),
    ...(disputed && ending === 'PAID' ? { disputesForBuyer: 1 } : {}),
    ...(disputed && ending === 'REJECTED' ? { disputesForMerchant: 1 } : {}),
  };
  const decided = decidedAt(refund, ending);
  const arrived = ending === 'PAID' ? (refund.payout?.settledAt ?? event.occurredAt) : undefined;
  const once: Omit<GroupTally, 'dimension' | 'key'> = {
    add,
    ...(decided ? { decisionBucket: bucketOf(DURATION_BUCKETS, seconds(refund.createdAt, decided)) } : {}),
    ...(arrived ? { moneyBucket: bucketOf(DURATION_BUCKETS, seconds(refund.createdAt, arrived)) } : {}),
  };
  const paidAmount = event.payout?.amount ?? refund.payout?.settledAmount ?? refund.amount;
  return {
    ...base,
    groups: groupsOf(refund, order, ending === 'PAID' ? 'paidAmount' : undefined, paidAmount, once),
  };
}
