/**
 * DynamoDB implementation of the AlertStore port. Alerts live in the main table under `ALERT#<alertId>`; the sparse
 * byState index lists them per status (`ALERTS#OPEN`, `ALERTS#ACKNOWLEDGED`, `ALERTS#RESOLVED`; items written before
 * alerts had owners sit in `ALERTS#CLOSED` and are read as RESOLVED), so the monitor and finance never scan. Every
 * write is conditional on the version that was read: of two concurrent writers (monitor runs, people) only one
 * wins, so only one notifies and nobody's change is overwritten.
 *
 * The `assignee` filter is a FilterExpression within the status partition: DynamoDB still reads the partition's
 * items page by page, but the cursor is the key of the last item returned, so pages stay correct (no item skipped
 * or repeated); a page may hold fewer than `limit` items when few match, with a cursor when more may follow.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../domain/errors.ts';
import {
  type AlertHistoryEntry,
  type AlertRecord,
  type AlertStatus,
  MONITOR_ACTOR,
  UNRESOLVED_STATUSES,
} from '../../domain/monitoring/index.ts';
import type { AlertListOptions, AlertStore } from '../../ports/alert-store.ts';
import { nextVersion } from '../../ports/alert-store.ts';
import type { Page } from '../../ports/refund-store.ts';
import { alertRecordSchema } from '../../schemas/alert.ts';
import { ReadMeter } from './capacity.ts';
import { dynamoClient, tableName } from './client.ts';
import { indexName } from './index-layout.ts';
import { alertKey, alertStateKeys, alertStatePartition } from './keys.ts';
import { batchGetAll, itemsOf } from './reads.ts';
import { MAIN_TABLE } from './tables.ts';

const table = () => tableName(MAIN_TABLE);

/** The legacy status stored before alerts had owners; read as RESOLVED. */
const LEGACY_CLOSED = 'CLOSED';

/**
 * A stored alert back into the domain record; a malformed item is skipped by callers, never cast. Items written
 * before alerts had owners are migrated: CLOSED becomes RESOLVED (`closedAt` its `resolvedAt`), the missing history
 * is rebuilt from the times the item has (OPENED, then AUTO_RESOLVED), the missing version is 0.
 */
export function alertFromItem(item: Record<string, unknown>): AlertRecord | undefined {
  const parsed = alertRecordSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const { status, closedAt, history, version, ...data } = parsed.data;
  const resolvedAt = data.resolvedAt ?? closedAt;
  const migrated: AlertHistoryEntry[] = [
    { at: data.firstDetectedAt, by: MONITOR_ACTOR, action: 'OPENED' },
    ...(status === LEGACY_CLOSED && resolvedAt
      ? [{ at: resolvedAt, by: MONITOR_ACTOR, action: 'AUTO_RESOLVED' as const }]
      : []),
  ];
  const optional = {
    refundId: data.refundId,
    orderId: data.orderId,
    merchantId: data.merchantId,
    userId: data.userId,
    amount: data.amount,
    currency: data.currency,
    assignee: data.assignee,
    acknowledgedAt: data.acknowledgedAt,
    resolvedAt,
    escalatedAt: data.escalatedAt,
  };
  return {
    alertId: data.alertId,
    kind: data.kind,
    status: status === LEGACY_CLOSED ? 'RESOLVED' : status,
    since: data.since,
    detail: data.detail,
    firstDetectedAt: data.firstDetectedAt,
    lastNotifiedAt: data.lastNotifiedAt,
    notifyCount: data.notifyCount,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined && v !== '')),
    history: (history ?? migrated).map((entry) => ({
      at: entry.at,
      by: entry.by,
      action: entry.action,
      ...(entry.note !== undefined ? { note: entry.note } : {}),
      ...(entry.to !== undefined ? { to: entry.to } : {}),
    })),
    version: version ?? 0,
  };
}

/** The partitions holding one status, in reading order (RESOLVED also reads the legacy CLOSED partition). */
const partitionsOf = (status: AlertStatus): string[] =>
  status === 'RESOLVED'
    ? [alertStatePartition('RESOLVED'), alertStatePartition(LEGACY_CLOSED)]
    : [alertStatePartition(status)];

/** Where a page starts: a partition and, unless at its beginning, the key of the last item already returned. */
interface Position {
  partition: string;
  key?: Record<string, string>;
}

const encodeCursor = (position: Position) => Buffer.from(JSON.stringify(position)).toString('base64url');

function decodeCursor(cursor: string, partitions: string[]): Position {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && 'partition' in value) {
      const { partition, key } = value as { partition: unknown; key?: unknown };
      if (typeof partition === 'string' && partitions.includes(partition)) {
        if (key === undefined) return { partition };
        if (typeof key === 'object' && key !== null && (key as Record<string, unknown>).gsi4pk === partition) {
          const strings = Object.entries(key).filter((e): e is [string, string] => typeof e[1] === 'string');
          return { partition, key: Object.fromEntries(strings) };
        }
      }
    }
  } catch {
    // any undecodable cursor is the client's mistake
  }
  throw new ValidationFailed('cursor is not valid for this list');
}

/** The index key of a returned item: where the next page starts. */
const keyOf = (item: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    (['pk', 'sk', 'gsi4pk', 'gsi4sk'] as const).flatMap((k) => (typeof item[k] === 'string' ? [[k, item[k]]] : [])),
  );

/** Most queries one filtered page may take before it returns what it has (with a cursor). */
const MAX_QUERIES_PER_PAGE = 10;

export class DynamoAlertStore implements AlertStore {
  /** Pass a meter to have every read's consumed capacity counted (the monitor does). */
  constructor(private readonly meter = new ReadMeter()) {}

  async listOpen(): Promise<AlertRecord[]> {
    const records: AlertRecord[] = [];
    for (const status of UNRESOLVED_STATUSES) {
      let cursor: string | undefined;
      do {
        const page = await this.list(status, { ...(cursor ? { cursor } : {}), limit: 500 });
        records.push(...page.items);
        cursor = page.cursor;
      } while (cursor);
    }
    return records;
  }

  async getMany(alertIds: readonly string[]): Promise<AlertRecord[]> {
    const items = await batchGetAll(this.meter, table(), [...new Set(alertIds)].map(alertKey));
    return items.flatMap((item) => alertFromItem(item) ?? []);
  }

  async save(record: AlertRecord, expected: number | undefined): Promise<boolean> {
    const condition =
      expected === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : expected === 0
          ? // Written before versions: the item has none yet (a versioned write since then wins over this one).
            { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(version)' }
          : {
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': expected },
            };
    try {
      await dynamoClient().send(
        new PutCommand({
          TableName: table(),
          Item: {
            ...alertKey(record.alertId),
            ...alertStateKeys(record.status, record.firstDetectedAt, record.alertId),
            ...record,
            version: nextVersion(expected),
          },
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async list(status: AlertStatus, options: AlertListOptions): Promise<Page<AlertRecord>> {
    const partitions = partitionsOf(status);
    let position: Position | undefined = options.cursor
      ? decodeCursor(options.cursor, partitions)
      : { partition: partitions[0] as string };
    const items: AlertRecord[] = [];
    let queries = 0;
    while (position && items.length < options.limit && queries < MAX_QUERIES_PER_PAGE) {
      queries += 1;
      const { partition, key }: Position = position;
      const result: QueryCommandOutput = await dynamoClient().send(
        new QueryCommand({
          TableName: table(),
          IndexName: indexName('byState'),
          KeyConditionExpression: 'gsi4pk = :p',
          ...(options.assignee
            ? {
                FilterExpression: 'assignee = :a',
                ExpressionAttributeValues: { ':p': partition, ':a': options.assignee },
              }
            : { ExpressionAttributeValues: { ':p': partition } }),
          ScanIndexForward: false,
          Limit: options.limit - items.length,
          ReturnConsumedCapacity: 'TOTAL',
          ...(key ? { ExclusiveStartKey: key } : {}),
        }),
      );
      this.meter.add(result.ConsumedCapacity);
      // byState projects an alert's keys and assignee only: the page's alerts are read whole by key.
      for (const item of await itemsOf(this.meter, table(), result.Items ?? [])) {
        const record = alertFromItem(item);
        if (record) items.push(record);
      }
      const last: Record<string, unknown> | undefined = result.LastEvaluatedKey;
      if (last) {
        position = { partition, key: keyOf(last) };
      } else {
        const next = partitions[partitions.indexOf(partition) + 1];
        position = next ? { partition: next } : undefined;
      }
    }
    return { items, ...(position ? { cursor: encodeCursor(position) } : {}) };
  }
}
