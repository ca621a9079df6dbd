/**
 * The cold-start baseline: the smallest useful DynamoDB handler (client-dynamodb + lib-dynamodb, one GetItem).
 * Like the project's adapters (functions/adapters/dynamodb/client.ts) it builds its client on first use, so import
 * time measures the same thing for both. Every function is compared with this one, bundled the same way.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

let client: DynamoDBDocumentClient | undefined;

/** Reads one item by key. */
export async function handler(event: { id: string }): Promise<unknown> {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const { Item } = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id } }));
  return Item;
}
