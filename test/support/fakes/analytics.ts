/**
 * Refund analytics' counters in maps, kept as the DynamoDB adapter keeps them: a marker and a tally per counted event
 * (once), filed by slot; a fold adds the closed slots' tallies (domain/analytics/fold.ts `counterDeltas`) to each
 * group platform-wide and in the merchant's own scope (the merchant dimension platform-wide only, read by the
 * merchant's own key).
 */

import {
  counterDeltas,
  foldRange,
  lastClosedSlot,
  onTimeSlot,
  slotOf,
} from '../../../functions/domain/analytics/fold.ts';
import {
  type AnalyticsCounts,
  emptyAnalyticsCounts,
  sumAnalyticsCounts,
} from '../../../functions/domain/analytics/report.ts';
import type { AnalyticsDimension, EventTally } from '../../../functions/domain/analytics/tally.ts';
import type { AnalyticsScope, AnalyticsStore, FoldOutcome } from '../../../functions/ports/analytics-store.ts';

const scopeKey = (scope: AnalyticsScope) => (scope.merchantId === undefined ? 'ALL' : `M#${scope.merchantId}`);

export class InMemoryAnalytics implements AnalyticsStore {
  readonly counted = new Set<string>();
  /** `<scope>|<dimension>|<day>` → group → counters. */
  readonly items = new Map<string, Map<string, AnalyticsCounts>>();

  /** Counted events' tallies, with the slot each was filed under (the one it occurred in, or counted in if late). */
  readonly tallies: { slot: number; tally: EventTally }[] = [];
  next: number | undefined;

  async count(eventId: string, tally: EventTally, occurredAt: Date, now: Date) {
    if (this.counted.has(eventId)) return false;
    this.counted.add(eventId);
    this.tallies.push({ slot: onTimeSlot(occurredAt, now) ?? slotOf(now.getTime()), tally: structuredClone(tally) });
    return true;
  }

  async fold(now: Date): Promise<FoldOutcome> {
    const range = foldRange(
      { next: this.next ?? Math.min(lastClosedSlot(now) + 1, ...this.tallies.map((t) => t.slot)) },
      now,
    );
    if (!range) return { tallies: 0, counters: 0 };
    const tallies = this.tallies.filter((t) => t.slot >= range.from && t.slot <= range.to).map((t) => t.tally);
    const deltas = counterDeltas(tallies);
    for (const delta of deltas) {
      const key = `${scopeKey(delta)}|${delta.dimension}|${delta.day}`;
      const groups = this.items.get(key) ?? new Map<string, AnalyticsCounts>();
      const counts = groups.get(delta.group) ?? emptyAnalyticsCounts();
      for (const [name, value] of Object.entries(delta.add)) {
        const bucket = /^([dm])(\d+)$/.exec(name);
        if (bucket) {
          const histogram = bucket[1] === 'd' ? counts.decisionHistogram : counts.moneyHistogram;
          histogram[Number(bucket[2])] = (histogram[Number(bucket[2])] ?? 0) + value;
        } else
          (counts as unknown as Record<string, number>)[name] =
            ((counts as unknown as Record<string, number>)[name] ?? 0) + value;
      }
      groups.set(delta.group, counts);
      this.items.set(key, groups);
    }
    this.next = range.to + 1;
    return { from: range.from, to: range.to, tallies: tallies.length, counters: deltas.length };
  }

  async read(scope: AnalyticsScope, dimension: AnalyticsDimension, days: readonly string[]) {
    const own = scope.merchantId !== undefined && dimension === 'merchant';
    const all = new Map<string, AnalyticsCounts[]>();
    for (const day of days) {
      const groups = this.items.get(`${scopeKey(own ? {} : scope)}|${dimension}|${day}`) ?? new Map();
      for (const [group, counts] of groups) {
        if (own && group !== scope.merchantId) continue;
        all.set(group, [...(all.get(group) ?? []), structuredClone(counts)]);
      }
    }
    return new Map([...all].map(([group, list]) => [group, sumAnalyticsCounts(list)]));
  }
}
