/**
 * DynamoDB ledger (LEDGER_TABLE): one item per entry, pk keys.ts `ledgerPartition`, sk the entry id, and the byDay index
 * for finance. Appends are conditional puts on the deterministic id; this adapter has no update or delete (and IAM
 * denies them on the table).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../domain/errors.ts';
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

export class DynamoLedgerStore implements LedgerStore {
  async append(entry: LedgerEntry): Promise<boolean> {
    try {
      await dynamoClient().send(
        new PutCommand({
          TableName: table(),
          Item: { pk: ledgerPartition(entry.refundId), sk: entry.entryId, ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
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
