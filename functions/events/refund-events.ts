/**
 * Enrichment of the RefundEvents EventBridge Pipe (infra/constructs/refund-events.ts): the pipe reads the main
 * table's stream (NEW_AND_OLD_IMAGES), lets through refund items only, and hands this function each batch of
 * records; it returns the integrator events those writes publish (app/refund-events.ts), which the pipe puts on the
 * `refunds-<stage>` bus with the event's type as detail-type. Pure: it reads and writes nothing, so it has no grants.
 * A throw fails the batch and the pipe retries it, so a change is never skipped; consumers de-duplicate by `id`.
 * Correlation id: the first record's stream event id.
 */
import { refundChangeOf, type StreamRecord } from '../adapters/dynamodb/stream-records.ts';
import { refundEventsOf } from '../app/refund-events.ts';
import type { RefundEvent } from '../domain/events/refund-event.ts';
import { EVENT_FUNCTIONS, requireEnvironment } from '../manifest.ts';
import { entryHandler } from '../observability/invocation.ts';

requireEnvironment(EVENT_FUNCTIONS.RefundEvents);

export const handler = entryHandler(
  { fn: 'RefundEvents', correlationId: (records: StreamRecord[]) => records?.[0]?.eventID },
  async (records: StreamRecord[]): Promise<RefundEvent[]> =>
    refundEventsOf(records.flatMap((record) => refundChangeOf(record) ?? [])),
);
