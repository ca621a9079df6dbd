/**
 * DynamoDB stream records of the main table (NEW_AND_OLD_IMAGES) read as refunds: the records an EventBridge Pipe
 * hands its enrichment Lambda in AWS, and the records local/refund-events.ts reads from DynamoDB Local's stream,
 * have the same shape. Images are in the low-level attribute-value format; the few types the table stores are
 * converted here (no extra package: the document client's converter is not a dependency of ours).
 */
import type { Refund } from '../../domain/refund.ts';
import { CorruptItem, refundFromItem } from './item.ts';
import { REFUND_PARTITION_PREFIX, refundKey } from './keys.ts';

/** One attribute value as a stream carries it. */
export type StreamAttribute =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: Record<string, StreamAttribute> }
  | { L: StreamAttribute[] }
  | { SS: string[] }
  | { NS: string[] };

export interface StreamRecord {
  eventID?: string;
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  dynamodb?: {
    Keys?: Record<string, StreamAttribute>;
    NewImage?: Record<string, StreamAttribute>;
    OldImage?: Record<string, StreamAttribute>;
    SequenceNumber?: string;
  };
}

/** A stream attribute as a plain value (numbers as numbers, sets as arrays). */
export function fromAttribute(value: StreamAttribute): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return Number(value.N);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('M' in value) return fromImage(value.M);
  if ('L' in value) return value.L.map(fromAttribute);
  if ('SS' in value) return [...value.SS];
  if ('NS' in value) return value.NS.map(Number);
  return undefined;
}

export function fromImage(image: Record<string, StreamAttribute>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, fromAttribute(v)]));
}

/**
 * Stream records per enrichment call. A pipe does not invoke an event bus target with more than ten events, and one
 * refund write publishes at most two (an approval written with its payout: domain/events/refund-event.ts
 * `refundEventsOfWrite`), so the batch is five (infra/constructs/refund-events.ts; the local pipe, local/refund-events.ts).
 */
export const MAX_EVENTS_PER_RECORD = 2;
export const BUS_TARGET_MAX_BATCH = 10;
export const PIPE_BATCH_SIZE = BUS_TARGET_MAX_BATCH / MAX_EVENTS_PER_RECORD;

/** The filter a pipe applies so only refund items reach the enrichment (infra/constructs/refund-events.ts). */
export const REFUND_ITEM_FILTER = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { Keys: { pk: { S: [{ prefix: REFUND_PARTITION_PREFIX }] }, sk: { S: [refundKey('x').sk] } } },
} as const;

function isRefundItem(keys: Record<string, StreamAttribute> | undefined): boolean {
  const pk = keys?.pk;
  const sk = keys?.sk;
  return (
    !!pk && 'S' in pk && pk.S.startsWith(REFUND_PARTITION_PREFIX) && !!sk && 'S' in sk && sk.S === refundKey('x').sk
  );
}

/** Whether the pipe's filter (REFUND_ITEM_FILTER) lets `record` through: an insert or change of a refund item. */
export const passesRefundItemFilter = (record: StreamRecord): boolean =>
  (record.eventName === 'INSERT' || record.eventName === 'MODIFY') && isRefundItem(record.dynamodb?.Keys);

/**
 * The refund writes of a batch, in order; a record whose image is not a refund (CorruptItem: an item edited by hand,
 * a status this code does not know) is handed to `unreadable` and left out, so it cannot hold up the records after it.
 */
export function refundChangesOf(
  records: readonly StreamRecord[],
  unreadable: (record: StreamRecord, error: CorruptItem) => void,
): { before?: Refund; after: Refund }[] {
  return records.flatMap((record) => {
    try {
      return refundChangeOf(record) ?? [];
    } catch (error) {
      if (!(error instanceof CorruptItem)) throw error;
      unreadable(record, error);
      return [];
    }
  });
}

/** The refund before and after the write a record reports; undefined for records that are not refund writes. */
export function refundChangeOf(record: StreamRecord): { before?: Refund; after: Refund } | undefined {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return undefined;
  const data = record.dynamodb;
  if (!data?.NewImage || !isRefundItem(data.Keys)) return undefined;
  const after = refundFromItem(fromImage(data.NewImage));
  return data.OldImage ? { before: refundFromItem(fromImage(data.OldImage)), after } : { after };
}
