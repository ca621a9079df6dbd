/**
 * Scheduled monitor (EventBridge Scheduler → Lambda). Reads only outstanding payouts, through the sparse sharded
 * index, so its cost follows the number of unsettled payouts, never the size of the table.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient, tableName } from '../adapters/dynamodb/client.ts';
import { PAYOUT_SHARDS } from '../adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../adapters/dynamodb/tables.ts';
import { adapter } from '../adapters/index.ts';

export async function handler(): Promise<{ outstanding: number; late: number }> {
  const now = adapter('clock').now().toISOString();
  let outstanding = 0;
  let late = 0;
  for (let shard = 0; shard < PAYOUT_SHARDS; shard++) {
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await dynamoClient().send(
        new QueryCommand({
          TableName: tableName(MAIN_TABLE),
          IndexName: 'outstandingPayouts',
          KeyConditionExpression: 'gsi3pk = :p',
          ExpressionAttributeValues: { ':p': `PAYOUT#${shard}` },
          ...(cursor ? { ExclusiveStartKey: cursor } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        outstanding++;
        if (typeof item.gsi3sk === 'string' && item.gsi3sk < now) late++;
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor);
  }
  return { outstanding, late };
}
