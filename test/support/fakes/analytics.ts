/**
 * Refund analytics' counters in maps, kept as the DynamoDB adapter keeps them: a marker per counted event (all of an
 * event or nothing, once), each group platform-wide and in the merchant's own scope (the merchant dimension
 * platform-wide only, read by the merchant's own key).
 */
import {
  type AnalyticsCounts,
  emptyAnalyticsCounts,
  sumAnalyticsCounts,
} from '../../../functions/domain/analytics/report.ts';
import type { AnalyticsDimension, EventTally, GroupTally } from '../../../functions/domain/analytics/tally.ts';
import type { AnalyticsScope, AnalyticsStore } from '../../../functions/ports/analytics-store.ts';

const scopeKey = (scope: AnalyticsScope) => (scope.merchantId === undefined ? 'ALL' : `M#${scope.merchantId}`);

export class InMemoryAnalytics implements AnalyticsStore {
  readonly counted = new Set<string>();
  /** `<scope>|<dimension>|<day>` → group → counters. */
  readonly items = new Map<string, Map<string, AnalyticsCounts>>();

  private addTo(scope: AnalyticsScope, day: string, group: GroupTally) {
    const key = `${scopeKey(scope)}|${group.dimension}|${day}`;
    const groups = this.items.get(key) ?? new Map<string, AnalyticsCounts>();
    const counts = groups.get(group.key) ?? emptyAnalyticsCounts();
    for (const [name, value] of Object.entries(group.add)) counts[name as keyof typeof group.add] += value ?? 0;
    if (group.decisionBucket !== undefined)
      counts.decisionHistogram[group.decisionBucket] = (counts.decisionHistogram[group.decisionBucket] ?? 0) + 1;
    if (group.moneyBucket !== undefined)
      counts.moneyHistogram[group.moneyBucket] = (counts.moneyHistogram[group.moneyBucket] ?? 0) + 1;
    groups.set(group.key, counts);
    this.items.set(key, groups);
  }

  async count(eventId: string, tally: EventTally) {
    if (this.counted.has(eventId)) return false;
    this.counted.add(eventId);
    for (const group of tally.groups) {
      this.addTo({}, tally.day, group);
      if (group.dimension !== 'merchant') this.addTo({ merchantId: tally.merchantId }, tally.day, group);
    }
    return true;
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
