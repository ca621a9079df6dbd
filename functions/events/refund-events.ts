/**
 * Enrichment of the RefundEvents EventBridge Pipe (infra/constructs/refund-events.ts): the pipe reads the main
 * table's stream (NEW_AND_OLD_IMAGES), lets through refund items only, and hands this function each batch of
 * records; it returns the integrator events those writes publish (app/refund-events.ts), which the pipe puts on the
 * `refunds-<stage>` bus with the event's type as detail-type. Pure: it reads and writes nothing, so it has no grants.
 * A throw fails the batch and the pipe retries it, so a change is not skipped for a passing fault; consumers
 * de-duplicate by `id`. A record whose image cannot be read as a refund is the exception: retried, it would fail for
 * ever and hold up its shard's later writes for the stream's 24 hours, then be lost with some of them. It is left out,
 * logged with its keys and sequence number, and counted (UnreadableRefundWrites, which alarms: docs/operations.md).
 * Correlation id: the first record's stream event id.
 */
import { refundChangesOf, type StreamRecord } from '../adapters/dynamodb/stream-records.ts';
import { refundEventsOf } from '../app/refund-events.ts';
import type { RefundEvent } from '../domain/events/refund-event.ts';
import { EVENT_FUNCTIONS, requireEnvironment } from '../manifest.ts';
import { entryHandler } from '../observability/invocation.ts';
import { logger } from '../observability/logger.ts';
import { recordMetric } from '../observability/metrics.ts';

requireEnvironment(EVENT_FUNCTIONS.RefundEvents);

export const handler = entryHandler(
  { fn: 'RefundEvents', correlationId: (records: StreamRecord[]) => records?.[0]?.eventID },
  async (records: StreamRecord[]): Promise<RefundEvent[]> =>
    refundEventsOf(
      refundChangesOf(records, (record, error) => {
        logger.error('refund write not published: its image is not a refund', {
          keys: record.dynamodb?.Keys,
          sequenceNumber: record.dynamodb?.SequenceNumber,
          eventID: record.eventID,
          error,
        });
        recordMetric('UnreadableRefundWrites', 1);
      }),
    ),
);
