/**
 * DynamoDB implementation of the AlertStore port. Alerts live in the main table under `ALERT#<alertId>`; the sparse
 * byState index lists them per status (`ALERTS#OPEN`), so the monitor and finance never scan. Writes are conditional
 * on the notifyCount that was read: of two concurrent monitor runs, only one can record (and send) a notification.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../domain/errors.ts';
import type { AlertRecord, AlertStatus } from '../../domain/monitoring/index.ts';
import type { AlertStore } from '../../ports/alert-store.ts';
import type { Page } from '../../ports/refund-store.ts';
import { alertRecordSchema } from '../../schemas/alert.ts';
import { ReadMeter } from './capacity.ts';
import { dynamoClient, tableName } from './client.ts';
import { alertKey, alertStateKeys, alertStatePartition } from './keys.ts';
import { batchGetAll } from './reads.ts';
import { MAIN_TABLE } from './tables.ts';

const table = () => tableName(MAIN_TABLE);

/** A stored alert back into the domain record; a malformed item is skipped by callers, never cast. */
export function alertFromItem(item: Record<string, unknown>): AlertRecord | undefined {
  const parsed = alertRecordSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const { closedAt, refundId, orderId, merchantId, userId, amount, currency, ...rest } = parsed.data;
  return {
    ...rest,
    ...(closedAt ? { closedAt } : {}),
    ...(refundId ? { refundId } : {}),
    ...(orderId ? { orderId } : {}),
    ...(merchantId ? { merchantId } : {}),
    ...(userId ? { userId } : {}),
    ...(amount !== undefined ? { amount } : {}),
    ...(currency ? { currency } : {}),
  };
}

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

function decodeCursor(cursor: string, partition: string): Record<string, unknown> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'object' && key !== null && 'gsi4pk' in key && key.gsi4pk === partition) {
      return Object.fromEntries(Object.entries(key).filter(([, v]) => typeof v === 'string'));
    }
  } catch {
    // any undecodable cursor is the client's mistake
  }
  throw new ValidationFailed('cursor is not valid for this list');
}

export class DynamoAlertStore implements AlertStore {
  /** Pass a meter to have every read's consumed capacity counted (the monitor does). */
  constructor(private readonly meter = new ReadMeter()) {}

  async listOpen(): Promise<AlertRecord[]> {
    const records: AlertRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list('OPEN', { ...(cursor ? { cursor } : {}), limit: 500 });
      records.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return records;
  }

  async getMany(alertIds: readonly string[]): Promise<AlertRecord[]> {
    const items = await batchGetAll(this.meter, table(), [...new Set(alertIds)].map(alertKey));
    return items.flatMap((item) => alertFromItem(item) ?? []);
  }

  async save(record: AlertRecord, expected: number | undefined): Promise<boolean> {
    try {
      await dynamoClient().send(
        new PutCommand({
          TableName: table(),
          Item: {
            ...alertKey(record.alertId),
            ...alertStateKeys(record.status, record.firstDetectedAt, record.alertId),
            ...record,
          },
          ...(expected === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'notifyCount = :expected', ExpressionAttributeValues: { ':expected': expected } }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async list(status: AlertStatus, options: { cursor?: string; limit: number }): Promise<Page<AlertRecord>> {
    const partition = alertStatePartition(status);
    const result = await dynamoClient().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'byState',
        KeyConditionExpression: 'gsi4pk = :p',
        ExpressionAttributeValues: { ':p': partition },
        ScanIndexForward: false,
        Limit: options.limit,
        ReturnConsumedCapacity: 'TOTAL',
        ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor, partition) } : {}),
      }),
    );
    this.meter.add(result.ConsumedCapacity);
    const items = (result.Items ?? []).flatMap((item) => alertFromItem(item) ?? []);
    const cursor = encodeCursor(result.LastEvaluatedKey);
    return { items, ...(cursor ? { cursor } : {}) };
  }
}
