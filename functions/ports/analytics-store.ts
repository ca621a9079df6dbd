/**
 * Refund analytics' aggregates (functions/domain/analytics): counters per China date, dimension and group, kept
 * platform-wide and per merchant, each event counted exactly once. Counting an event records its tally in the slot of
 * time it was counted in; a scheduled fold adds closed slots' tallies to the counters (domain/analytics/fold.ts).
 * Reading a period is a key read per day; nothing is ever scanned or recomputed.
 */
import type { AnalyticsCounts } from '../domain/analytics/report.ts';
import type { AnalyticsDimension, EventTally } from '../domain/analytics/tally.ts';

/** What one fold did: the range of slots it added (none when no slot had closed), its tallies and counters. */
export interface FoldOutcome {
  from?: number;
  to?: number;
  tallies: number;
  counters: number;
}

/** Whose refunds: the whole platform's, or one merchant's. */
export type AnalyticsScope = { merchantId?: string | undefined };

export interface AnalyticsStore {
  /**
   * Records what one event counts, once per `eventId`, in the slot it occurred in or, counted late, the slot of `now`
   * (domain/analytics/fold.ts `onTimeSlot`): false (and nothing changed) when that event was counted before (a
   * redelivery or a replay). The counters have it after the slot's fold.
   */
  count(eventId: string, tally: EventTally, occurredAt: Date, now: Date): Promise<boolean>;
  /**
   * Adds the next range of closed slots' tallies to the counters, each exactly once whatever runs concurrently or
   * crashed before (domain/analytics/fold.ts). Undefined range when no slot past the last fold has closed at `now`.
   */
  fold(now: Date): Promise<FoldOutcome>;
  /** Each group's counters summed over `days` (groups with nothing counted are absent). */
  read(
    scope: AnalyticsScope,
    dimension: AnalyticsDimension,
    days: readonly string[],
  ): Promise<Map<string, AnalyticsCounts>>;
}
