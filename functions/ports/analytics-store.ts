/**
 * Refund analytics' aggregates (functions/domain/analytics): counters per China date, dimension and group, kept
 * platform-wide and per merchant as refund events arrive, each event counted exactly once. Reading a period is a
 * key read per day; nothing is ever scanned or recomputed.
 */
import type { AnalyticsCounts } from '../domain/analytics/report.ts';
import type { AnalyticsDimension, EventTally } from '../domain/analytics/tally.ts';

/** Whose refunds: the whole platform's, or one merchant's. */
export type AnalyticsScope = { merchantId?: string | undefined };

export interface AnalyticsStore {
  /**
   * Adds what one event counts, all of it or nothing, once per `eventId`: false (and nothing changed) when that
   * event was counted before (a redelivery or a replay).
   */
  count(eventId: string, tally: EventTally): Promise<boolean>;
  /** Each group's counters summed over `days` (groups with nothing counted are absent). */
  read(
    scope: AnalyticsScope,
    dimension: AnalyticsDimension,
    days: readonly string[],
  ): Promise<Map<string, AnalyticsCounts>>;
}
