/**
 * The cost bench's count of a transaction's write units (bench/lib/transaction-units.ts), checked against DynamoDB
 * Local itself: item sizes as DynamoDB counts them (single writes, which Local reports right), index copies as
 * Local reports them for a single write, and a transaction of items of one size, which Local under-reports.
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { itemSize, snapshotItems, transactionUnits } from '../../bench/lib/transaction-units.ts';
import { MAIN_TABLE } from '../../functions/adapters/dynamodb/tables.ts';
import { createTables, LOCAL_AWS_ENV } from '../../local/dynamodb.ts';

const table = `units-${process.pid}-${Date.now()}-Refunds`;
let client: DynamoDBClient;

type Item = Record<string, AttributeValue>;
const key = (pk: string): Item => ({ pk: { S: pk }, sk: { S: '#ITEM' } });

beforeAll(async () => {
  client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(client, [MAIN_TABLE], () => table);
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  client.destroy();
});

async function put(item: Item) {
  const out = await client.send(
    new PutItemCommand({ TableName: table, Item: item, ReturnConsumedCapacity: 'INDEXES' }),
  );
  return out.ConsumedCapacity;
}

async function transact(items: Item[]) {
  const input = { TransactItems: items.map((Item): TransactWriteItem => ({ Put: { TableName: table, Item } })) };
  const send = (c: unknown) => client.send(c as never) as Promise<{ Item?: Item }>;
  const before = await snapshotItems(send, input, true);
  const out = await client.send(new TransactWriteItemsCommand({ ...input, ReturnConsumedCapacity: 'TOTAL' }));
  const after = await snapshotItems(send, input, true);
  return { reported: out.ConsumedCapacity?.[0]?.CapacityUnits, counted: transactionUnits(before, after) };
}

const units = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

describe('item sizes', () => {
  it('give the units DynamoDB Local reports for single writes, item by item', async () => {
    const shapes: Item[] = [
      { ...key('s1'), note: { S: 'x'.repeat(900) } },
      { ...key('s2'), note: { S: '退款'.repeat(400) } },
      { ...key('s3'), amount: { N: '12900' }, ok: { BOOL: true }, gone: { NULL: true }, note: { S: 'y'.repeat(1005) } },
      {
        ...key('s4'),
        timeline: { L: Array.from({ length: 12 }, (_, i) => ({ M: { at: { S: `2026-12-02T10:00:0${i % 10}Z` } } })) },
        facts: { M: { amount: { N: '-123.45' }, method: { S: 'ALIPAY' } } },
        pad: { S: 'z'.repeat(1600) },
      },
    ];
    for (const item of shapes) {
      const consumed = await put(item);
      expect(consumed?.Table?.CapacityUnits, JSON.stringify(Object.keys(item))).toBe(units(itemSize(item)));
    }
  });
});

describe('a transaction', () => {
  it('of items of one size counts each twice, where DynamoDB Local counts the size once', async () => {
    const items = ['t1', 't2', 't3'].map((pk) => ({ ...key(pk), pad: { S: 'p'.repeat(1500) } }));
    const { reported, counted } = await transact(items);
    expect(counted).toBe(3 * 2 * 2);
    expect(reported).toBeLessThan(counted);
  });

  it('counts an index copy as the projection DynamoDB Local reports for a single write, doubled', async () => {
    // byUser projects a few attributes (tables.ts): the copy is small whatever the item's size.
    const indexed = (pk: string): Item => ({
      ...key(pk),
      gsi1pk: { S: 'USER#u-1' },
      gsi1sk: { S: `2026-12-02T10:00:00Z#${pk}` },
      status: { S: 'SUBMITTED' },
      pad: { S: 'q'.repeat(2100) },
    });
    const single = await put(indexed('i1'));
    const indexUnits = Object.values(single?.GlobalSecondaryIndexes ?? {}).reduce(
      (sum, c) => sum + (c.CapacityUnits ?? 0),
      0,
    );
    expect(indexUnits).toBe(1);
    const { counted } = await transact([indexed('i2')]);
    expect(counted).toBe(2 * units(itemSize(indexed('i2'))) + 2 * indexUnits);
  });
});
