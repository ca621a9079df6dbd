/**
 * Refund analytics' fold (EventBridge Scheduler every minute; a timer locally, or `POST /local/analytics/fold`): adds
 * the tallies of the slots that have closed since the last fold to the analytics counters (app/refund-analytics.ts,
 * domain/analytics/fold.ts), each exactly once however often, late or concurrently it runs. A throw leaves the range
 * it took recorded; the next run folds exactly that range.
 * Correlation id: the scheduler's execution id.
 */
import { DynamoAnalyticsStore } from '../adapters/dynamodb/analytics-store.ts';
import { wallClock, wire } from '../adapters/index.ts';
import { foldRefundAnalytics } from '../app/refund-analytics.ts';
import { EVENT_FUNCTIONS, requireEnvironment } from '../manifest.ts';
import { entryHandler } from '../observability/invocation.ts';

requireEnvironment(EVENT_FUNCTIONS.AnalyticsFold);

const deps = wire({ analytics: () => new DynamoAnalyticsStore(), clock: wallClock });

export const handler = entryHandler(
  { fn: 'AnalyticsFold', correlationId: (event: { id?: string } | undefined) => event?.id },
  // The function's timeout is a minute: it stops taking new ranges after 40 s (the next run goes on from there).
  async () => foldRefundAnalytics(deps, 40_000),
);
