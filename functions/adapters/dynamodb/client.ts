/**
 * One DynamoDB document client per process (module scope, reused across invocations).
 * Its calls are traced (X-Ray subsegments) where tracing is on (functions/observability/tracer.ts).
 * The endpoint follows the SDK's standard `AWS_ENDPOINT_URL_DYNAMODB`, which the local runtime sets.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireEnv } from '../../config.ts';
import { traced } from '../../observability/tracer.ts';
import type { TableDefinition } from './tables.ts';

let documentClient: DynamoDBDocumentClient | undefined;

export function dynamoClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

export function tableName(table: TableDefinition): string {
  return requireEnv(table.envVar);
}
