/**
 * A DynamoDB Local table kept from before the index projections (`npm start` with a data folder) is brought to the
 * declared indexes when the runtime starts: the renamed indexes are created and filled from the stored items, the
 * ones they replace are dropped, and the readers find the refunds stored before.
 */
import {
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { indexesAtStep, indexName } from '../../functions/adapters/dynamodb/index-layout.ts';
import { MAIN_TABLE, type TableDefinition } from '../../functions/adapters/dynamodb/tables.ts';
import { createTables, LOCAL_AWS_ENV } from '../../local/dynamodb.ts';

const table = `local-tables-${process.pid}-${Date.now()}`;
let client: DynamoDBClient;

beforeAll(() => {
  client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: table })).catch(() => undefined);
  client.destroy();
});

describe('a local table from before the index projections', () => {
  it('gets the declared indexes, filled from what it holds, and loses the ones they replace', async () => {
    const before: TableDefinition = { ...MAIN_TABLE, indexes: indexesAtStep(MAIN_TABLE, 0) };
    await createTables(client, [before], () => table);
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pk: { S: 'REFUND#r-old' },
          sk: { S: 'REFUND' },
          gsi1pk: { S: 'USER#u-old' },
          gsi1sk: { S: '2026-11-01T00:00:00.000Z' },
          gsi2pk: { S: 'MERCHANT#m-old' },
          gsi2sk: { S: 'AWAITING_MERCHANT#2026-11-01T00:00:00.000Z' },
          refundId: { S: 'r-old' },
          status: { S: 'AWAITING_MERCHANT' },
          timeline: { L: [{ S: 'not projected into byUser' }] },
        },
      }),
    );

    await createTables(client, [MAIN_TABLE], () => table);

    const described = await client.send(new DescribeTableCommand({ TableName: table }));
    const indexes = described.Table?.GlobalSecondaryIndexes ?? [];
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(MAIN_TABLE.indexes.map((i) => i.indexName).sort());
    expect(indexes.every((i) => i.IndexStatus === 'ACTIVE')).toBe(true);
    const byUser = indexes.find((i) => i.IndexName === indexName('byUser', undefined));
    expect(byUser?.Projection?.ProjectionType).toBe('INCLUDE');
    expect(indexes.find((i) => i.IndexName === 'byMerchantV2')?.Projection?.ProjectionType).toBe('KEYS_ONLY');

    const found = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: indexName('byUser', undefined),
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'USER#u-old' } },
      }),
    );
    expect(found.Items).toHaveLength(1);
    expect(found.Items?.[0]?.status).toEqual({ S: 'AWAITING_MERCHANT' });
    expect(found.Items?.[0]?.timeline).toBeUndefined();
    const byMerchant = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: indexName('byMerchant', undefined),
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'MERCHANT#m-old' } },
      }),
    );
    expect(byMerchant.Items?.map((item) => item.pk)).toEqual([{ S: 'REFUND#r-old' }]);
  });

  it('is left as it is on the next start', async () => {
    const before = await client.send(new DescribeTableCommand({ TableName: table }));
    await createTables(client, [MAIN_TABLE], () => table);
    const after = await client.send(new DescribeTableCommand({ TableName: table }));
    const shape = (d: typeof before) =>
      (d.Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.Projection]).sort();
    expect(shape(after)).toEqual(shape(before));
  });
});
