/**
 * One DynamoDB document client per process (module scope, reused across invocations).
 * The endpoint follows the SDK's standard `AWS_ENDPOINT_URL_DYNAMODB`, which the local runtime sets.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireEnv } from '../../config.ts';
import type { TableDefinition } from './tables.ts';

let documentClient: DynamoDBDocumentClient | undefined;

export function dynamoClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

export function tableName(table: TableDefinition): string {
  return requireEnv(table.envVar);
}
