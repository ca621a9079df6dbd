/**
 * Refund analytics' counting (app/refund-analytics.ts): a rule on the refunds bus (infra/constructs/refund-events.ts)
 * invokes this function asynchronously with each refund event in its EventBridge envelope (`detail` is the event);
 * locally, local/refund-events.ts hands it each published event in the same envelope. Each event is counted once
 * whatever the deliveries: a retried invocation or a replayed archive finds the event's tally (counted on time) or its
 * marker (counted late) and changes nothing; an event older than the tallies are kept is not counted at all
 * (app/refund-analytics.ts COUNTABLE_FOR_DAYS).
 * A throw makes Lambda retry the invocation (twice), then the event lands on the stack's dead-letter queue.
 * Correlation id: the event's id, the one integrators de-duplicate on.
 */
import { DynamoAnalyticsStore } from '../adapters/dynamodb/analytics-store.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { wallClock, wire } from '../adapters/index.ts';
import { type CountOutcome, countRefundEvent } from '../app/refund-analytics.ts';
import type { RefundEvent } from '../domain/events/refund-event.ts';
import { EVENT_FUNCTIONS, requireEnvironment } from '../manifest.ts';
import { entryHandler } from '../observability/invocation.ts';

requireEnvironment(EVENT_FUNCTIONS.RefundAnalytics);

const deps = wire({
  store: () => new DynamoRefundStore(),
  analytics: () => new DynamoAnalyticsStore(),
  clock: wallClock,
});

/** What EventBridge hands a rule's Lambda target (the fields this function reads). */
export interface RefundEventEnvelope {
  id?: string;
  source?: string;
  'detail-type'?: string;
  detail: RefundEvent;
}

export const handler = entryHandler(
  {
    fn: 'RefundAnalytics',
    correlationId: (envelope: RefundEventEnvelope) => envelope?.detail?.id,
    refundId: (envelope: RefundEventEnvelope) => envelope?.detail?.refund?.refundId,
  },
  async (envelope: RefundEventEnvelope): Promise<{ outcome: CountOutcome }> => {
    if (!envelope?.detail?.id || !envelope.detail.refund?.refundId) {
      throw new Error('not a refund event: expected an EventBridge envelope with the event as detail');
    }
    return { outcome: await countRefundEvent(deps, envelope.detail) };
  },
);
