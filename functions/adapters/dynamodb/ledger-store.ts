/**
 * DynamoDB ledger (LEDGER_TABLE): one item per entry, pk keys.ts `ledgerPartition`, sk the entry id, and the byDay index
 * for finance. Appends are conditional puts on the deterministic id; this adapter has no update or delete (and IAM
 * denies them on the table; the table's stream alarms on any change, infra/constructs/monitoring.ts).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { Conflict, ValidationFailed } from '../../domain/errors.ts';
import type { LedgerEntry } from '../../domain/ledger/entry.ts';
import type { LedgerStore } from '../../ports/ledger.ts';
import type { Page } from '../../ports/refund-store.ts';
import { ledgerEntrySchema } from '../../schemas/ledger.ts';
import { dynamoClient, tableName } from './client.ts';
import { CorruptItem } from './item.ts';
import { ledgerPartition } from './keys.ts';
import { LEDGER_TABLE } from './tables.ts';

const table = () => tableName(LEDGER_TABLE);
const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads an item back as an entry, refusing anything malformed rather than casting it. */
export function entryFromItem(item: Record<string, unknown>): LedgerEntry {
  const { pk: _pk, sk: _sk, ...rest } = item;
  const parsed = ledgerEntrySchema.safeParse(rest);
  if (!parsed.success) throw new CorruptItem(`stored ledger entry ${String(item.sk)} is malformed`);
  return parsed.data;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

const stringKey = (key: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(key).map(([k, v]) => [k, String(v)]));

interface DayCursor {
  day: string;
  key?: Record<string, string>;
}

function encode(cursor: DayCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decode(cursor: string, from: string, to: string): DayCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && 'day' in value && typeof value.day === 'string') {
      const key = 'key' in value && typeof value.key === 'object' && value.key !== null ? value.key : undefined;
      if (value.day >= from && value.day <= to) {
        const strings = key ? Object.fromEntries(Object.entries(key).filter(([, v]) => typeof v === 'string')) : {};
        return { day: value.day, ...(key ? { key: strings } : {}) };
      }
    }
  } catch {
    // fall through: an undecodable cursor is the client's mistake
  }
  throw new ValidationFailed('cursor is not valid for this query');
}

/** An entry id already holds another movement: the stored one stays, this write is refused (never dropped). */
export class LedgerConflict extends Conflict {
  constructor(entryId: string, differing: readonly string[]) {
    super('LEDGER_CONFLICT', `ledger entry ${entryId} exists with another ${differing.join(', ')}`, {
      entryId,
      differing,
    });
  }
}

/**
 * What makes two writes of one entry id the same movement: a retried step or a redelivered webhook repeats these.
 * `at`, `day` and `detail` may differ between tries (a later clock, a reworded reason) without being another fact.
 */
const SAME_MOVEMENT = [
  'refundId',
  'kind',
  'amount',
  'currency',
  'provider',
  'method',
  'providerRef',
  'orderId',
] as const;

/** A scalar of a stored item as the condition failure returns it (attribute-value form), as text. */
function scalar(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if ('S' in value && typeof value.S === 'string') return value.S;
  if ('N' in value && typeof value.N === 'string') return String(Number(value.N));
  return undefined;
}

/** The fields of SAME_MOVEMENT on which the stored entry and a new write of its id disagree. */
export function conflictingFields(stored: Record<string, unknown>, entry: LedgerEntry): string[] {
  return SAME_MOVEMENT.filter((field) => {
    const wanted = entry[field];
    return scalar(stored[field]) !== (wanted === undefined ? undefined : String(wanted));
  });
}

/**
 * Appends are the only writes: a put conditional on the entry not existing (`attribute_not_exists`), so nothing
 * replaces an entry. A put of an existing id is a retry when it records the same movement (false: nothing stored),
 * and a LedgerConflict when it does not (another movement under the same id must never be dropped silently).
 */
export class DynamoLedgerStore implements LedgerStore {
  async append(entry: LedgerEntry): Promise<boolean> {
    try {
      await dynamoClient().send(
        new PutCommand({
          TableName: table(),
          Item: { pk: ledgerPartition(entry.refundId), sk: entry.entryId, ...entry },
          ConditionExpression: 'attribute_not_exists(pk) AND attribute_not_exists(sk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const differing = error.Item ? conflictingFields(error.Item, entry) : [];
      if (differing.length === 0) return false;
      throw new LedgerConflict(entry.entryId, differing);
    }
  }

  async listByDays(
    from: string,
    to: string,
    options: { cursor?: string; limit: number; within?: { from: string; to: string } },
  ): Promise<Page<LedgerEntry>> {
    const items: LedgerEntry[] = [];
    let position: DayCursor | undefined = options.cursor ? decode(options.cursor, from, to) : { day: from };
    // `at` is stored as toISOString(), so instants compare as strings.
    const within = options.within;
    while (position && items.length < options.limit) {
      const result: QueryCommandOutput = await dynamoClient().send(
        new QueryCommand({
          TableName: table(),
          IndexName: 'byDay',
          KeyConditionExpression: '#day = :day',
          ...(within ? { FilterExpression: '#at BETWEEN :since AND :until' } : {}),
          ExpressionAttributeNames: { '#day': 'day', ...(within ? { '#at': 'at' } : {}) },
          ExpressionAttributeValues: {
            ':day': position.day,
            ...(within ? { ':since': within.from, ':until': within.to } : {}),
          },
          Limit: options.limit - items.length,
          ...(position.key ? { ExclusiveStartKey: position.key } : {}),
        }),
      );
      items.push(...(result.Items ?? []).map(entryFromItem));
      const last = result.LastEvaluatedKey;
      if (last) position = { day: position.day, key: stringKey(last) };
      else position = position.day < to ? { day: nextDay(position.day) } : undefined;
    }
    return { items, ...(position ? { cursor: encode(position) } : {}) };
  }

  async listByRefund(refundId: string): Promise<LedgerEntry[]> {
    const entries: LedgerEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await dynamoClient().send(
        new QueryCommand({
          TableName: table(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': ledgerPartition(refundId) },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      entries.push(...(result.Items ?? []).map(entryFromItem));
      start = result.LastEvaluatedKey;
    } while (start);
    return entries;
  }
}
