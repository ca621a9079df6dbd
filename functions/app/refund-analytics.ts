/**
 * Refund analytics (issue 20): counting each refund event that matters into the aggregates, exactly once (called by
 * the RefundAnalytics function for every event on the refunds bus; the AnalyticsFold schedule adds what was counted
 * to the counters, domain/analytics/fold.ts), and reading a period grouped by one dimension:
 * finance the whole platform's or one merchant's, a merchant only its own.
 */
import type { Actor } from '../domain/actor.ts';
import { TALLY_KEPT_DAYS } from '../domain/analytics/fold.ts';
import {
  type AnalyticsCounts,
  analyticsDays,
  analyticsReport,
  type RefundAnalytics,
  sumAnalyticsCounts,
} from '../domain/analytics/report.ts';
import { type AnalyticsDimension, countsEvent, tallyOf } from '../domain/analytics/tally.ts';
import { Forbidden } from '../domain/errors.ts';
import type { RefundEvent } from '../domain/events/refund-event.ts';
import { logger } from '../observability/logger.ts';
import type { Ports } from '../ports/index.ts';
import { merchantIdOf } from './access.ts';

export type CountOutcome = 'COUNTED' | 'ALREADY_COUNTED' | 'NOT_COUNTED' | 'TOO_OLD';

/**
 * An event older than this is not counted. What says it was counted already is gone by then: an event counted on time
 * leaves only its tally, which DynamoDB's TTL deletes TALLY_KEPT_DAYS later, so a replay of the bus's archive (kept a
 * year) over older days would count every event of them again. Two days short of the TTL, for the TTL's own lag.
 */
export const COUNTABLE_FOR_DAYS = TALLY_KEPT_DAYS - 2;

/**
 * Counts one refund event: an application or an ending, filed under the refund's application date. The refund is
 * read for the facts the event does not carry (when it was applied for, its lines, decisions, dispute, payout) and its
 * order for the lines' categories. A refund not found throws, so the event is retried rather than lost.
 */
export async function countRefundEvent(
  deps: Pick<Ports, 'store' | 'analytics' | 'clock'>,
  event: RefundEvent,
): Promise<CountOutcome> {
  if (!countsEvent(event)) return 'NOT_COUNTED';
  if (deps.clock.now().getTime() - Date.parse(event.occurredAt) > COUNTABLE_FOR_DAYS * 86_400_000) {
    logger.warn('refund event too old to count once: not counted', { eventId: event.id, occurredAt: event.occurredAt });
    return 'TOO_OLD';
  }
  const refund = await deps.store.getRefund(event.refund.refundId);
  if (!refund) throw new Error(`refund ${event.refund.refundId} of event ${event.id} not found`);
  const order = refund.items?.length ? await deps.store.getOrder(refund.orderId) : undefined;
  const tally = tallyOf(event, refund, order);
  if (!tally) return 'NOT_COUNTED';
  const counted = await deps.analytics.count(event.id, tally, new Date(event.occurredAt), deps.clock.now());
  return counted ? 'COUNTED' : 'ALREADY_COUNTED';
}

/** What a fold run did: the ranges it added, their tallies and counter writes, and the last slot it folded. */
export interface FoldRun {
  ranges: number;
  tallies: number;
  counters: number;
  upTo?: number;
}

/**
 * Adds the tallies of every slot that has closed since the last fold to the counters (called every minute by the
 * AnalyticsFold schedule), range after range until none is left or `budgetMs` is spent; each range exactly once.
 */
export async function foldRefundAnalytics(
  deps: Pick<Ports, 'analytics' | 'clock'>,
  budgetMs = 40_000,
): Promise<FoldRun> {
  const started = Date.now();
  const total: FoldRun = { ranges: 0, tallies: 0, counters: 0 };
  do {
    const outcome = await deps.analytics.fold(deps.clock.now());
    if (outcome.to === undefined) break;
    total.ranges += 1;
    total.tallies += outcome.tallies;
    total.counters += outcome.counters;
    total.upTo = outcome.to;
  } while (Date.now() - started < budgetMs);
  return total;
}

export interface AnalyticsQuery {
  from?: string | undefined;
  to?: string | undefined;
  groupBy: AnalyticsDimension;
  /** Finance: one merchant's refunds only. A merchant may name only itself. */
  merchantId?: string | undefined;
}

/**
 * The groups of the period for the caller: a merchant its own refunds (naming another merchant is 403), finance the
 * platform's or the named merchant's. The total counts each refund once: for sku and category, where one refund can
 * be in several groups, it is read from the scenario dimension (one group per refund).
 */
export async function readRefundAnalytics(
  deps: Pick<Ports, 'analytics' | 'clock'>,
  actor: Actor,
  query: AnalyticsQuery,
): Promise<RefundAnalytics> {
  const days = analyticsDays(query, deps.clock.now());
  let merchantId = query.merchantId;
  if (actor.role === 'merchant') {
    const own = merchantIdOf(actor);
    if (merchantId !== undefined && merchantId !== own) {
      throw new Forbidden("a merchant reads its own refunds' analytics, not another merchant's");
    }
    merchantId = own;
  }
  const scope = { merchantId };
  const groups = await deps.analytics.read(scope, query.groupBy, days);
  const once = query.groupBy === 'sku' || query.groupBy === 'category';
  const totalOf: ReadonlyMap<string, AnalyticsCounts> = once
    ? await deps.analytics.read(scope, 'scenario', days)
    : groups;
  return analyticsReport(
    { from: days[0] ?? '', to: days.at(-1) ?? '', groupBy: query.groupBy, merchantId },
    groups,
    sumAnalyticsCounts([...totalOf.values()]),
  );
}
