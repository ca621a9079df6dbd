import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessDeniedException } from '../../../local/iam/policy.ts';
import { type CallerIdentity, guardSdkClients } from '../../../local/iam/sdk-guard.ts';

const arn = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
const tableA = 'arn:aws:dynamodb:us-east-1:123456789012:table/A';
const topic = 'arn:aws:sns:us-east-1:123456789012:alerts';
const principalArn = 'arn:aws:sts::123456789012:assumed-role/ReaderRole/reader';

/** May read table A, nothing else. */
const reader: CallerIdentity = {
  principalArn,
  arn,
  statements: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: tableA }],
};

// Port 9 (discard) refuses connections: a request that gets through fails with a network error, not AccessDenied.
const config = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:9',
  credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
  maxAttempts: 1,
};

let identity: CallerIdentity | undefined;
let lookups = 0;
let requests = 0;
let undo: () => void;
let dynamo: DynamoDBClient;
let documents: DynamoDBDocumentClient;

/** Counts requests that reach the transport step, i.e. got past the guard. */
function countRequests(client: DynamoDBClient | SNSClient) {
  client.middlewareStack.add(
    (next) => (args) => {
      requests += 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'countRequests' },
  );
}

beforeEach(() => {
  identity = undefined;
  lookups = 0;
  requests = 0;
  undo = guardSdkClients([DynamoDBClient, DynamoDBDocumentClient, SNSClient], () => {
    lookups += 1;
    return identity;
  });
  dynamo = new DynamoDBClient(config);
  countRequests(dynamo);
  documents = DynamoDBDocumentClient.from(dynamo);
});

afterEach(() => {
  undo();
  dynamo.destroy();
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the call to fail');
  return outcome;
}

describe('guardSdkClients', () => {
  it('rejects a call the identity may not make with AccessDeniedException, before any request', async () => {
    identity = reader;
    const error = await failure(dynamo.send(new PutItemCommand({ TableName: 'A', Item: { pk: { S: '1' } } })));
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toBe(
      `User: ${principalArn} is not authorized to perform: dynamodb:PutItem on resource: ${tableA} because no identity-based policy allows the dynamodb:PutItem action`,
    );
    expect(requests).toBe(0);
  });

  it('lets an allowed DocumentClient call through, checked exactly once', async () => {
    identity = reader;
    const error = await failure(documents.send(new GetCommand({ TableName: 'A', Key: { pk: '1' } })));
    expect(error.name).not.toBe('AccessDeniedException');
    expect(error).not.toBeInstanceOf(AccessDeniedException);
    expect(requests).toBe(1);
    expect(lookups).toBe(1);
  });

  it('checks every table of a DocumentClient transaction', async () => {
    identity = {
      ...reader,
      statements: [{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: tableA }],
    };
    const error = await failure(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 'A', Item: { pk: '1' } } },
            { Put: { TableName: 'B', Item: { pk: '1' } } },
          ],
        }),
      ),
    );
    expect(error).toMatchObject({
      name: 'AccessDeniedException',
      action: 'dynamodb:PutItem',
      resource: `${tableA.slice(0, -1)}B`,
    });
    expect(requests).toBe(0);
  });

  it('reports a refusal through the callback of the callback form of send', async () => {
    identity = reader;
    const error = await new Promise<unknown>((resolve) => {
      dynamo.send(new PutItemCommand({ TableName: 'A', Item: {} }), (err: unknown) => resolve(err));
    });
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(requests).toBe(0);
  });

  it('checks nothing without an identity', async () => {
    const error = await failure(dynamo.send(new PutItemCommand({ TableName: 'A', Item: { pk: { S: '1' } } })));
    expect(error).not.toBeInstanceOf(AccessDeniedException);
    expect(requests).toBe(1);
  });

  it('refuses a command it has no IAM mapping for instead of letting it through', async () => {
    identity = reader;
    const { DescribeBackupCommand } = await import('@aws-sdk/client-dynamodb');
    const error = await failure(dynamo.send(new DescribeBackupCommand({ BackupArn: `${tableA}/backup/1` })));
    expect(error.message).toMatch(/no IAM mapping for DynamoDB DescribeBackupCommand/);
    expect(requests).toBe(0);
  });

  it('guards other clients sharing the smithy base, e.g. SNS Publish', async () => {
    identity = reader;
    const sns = new SNSClient(config);
    countRequests(sns);
    try {
      const error = await failure(sns.send(new PublishCommand({ TopicArn: topic, Message: 'hello' })));
      expect(error).toMatchObject({ name: 'AccessDeniedException', action: 'sns:Publish', resource: topic });
      expect(requests).toBe(0);
    } finally {
      sns.destroy();
    }
  });

  it('is removed by undo', async () => {
    undo();
    identity = reader;
    const error = await failure(dynamo.send(new PutItemCommand({ TableName: 'A', Item: { pk: { S: '1' } } })));
    expect(error).not.toBeInstanceOf(AccessDeniedException);
    expect(requests).toBe(1);
    expect(lookups).toBe(0);
  });

  it('allows the same call through the low-level client', async () => {
    identity = reader;
    const error = await failure(dynamo.send(new GetItemCommand({ TableName: 'A', Key: { pk: { S: '1' } } })));
    expect(error).not.toBeInstanceOf(AccessDeniedException);
    expect(requests).toBe(1);
  });
});
