import { describe, expect, it } from 'vitest';
import { secretArn } from '../../../local/iam/arns.ts';
import { type ArnContext, accessFor, taskResponseAccess } from '../../../local/iam/sdk-access.ts';

const ctx: ArnContext = { partition: 'aws', region: 'us-east-1', account: '123456789012' };
const table = (name: string) => `arn:aws:dynamodb:us-east-1:123456789012:table/${name}`;
const dynamo = (command: string, input: Record<string, unknown>) => accessFor('DynamoDB', command, input, ctx);

describe('DynamoDB', () => {
  it('maps single-item commands of the client and of the DocumentClient to the same action on the table', () => {
    for (const [client, document, action] of [
      ['GetItemCommand', 'GetCommand', 'dynamodb:GetItem'],
      ['PutItemCommand', 'PutCommand', 'dynamodb:PutItem'],
      ['UpdateItemCommand', 'UpdateCommand', 'dynamodb:UpdateItem'],
      ['DeleteItemCommand', 'DeleteCommand', 'dynamodb:DeleteItem'],
    ] as const) {
      const expected = [{ action, resource: table('refunds') }];
      expect(dynamo(client, { TableName: 'refunds', Key: {} })).toEqual(expected);
      expect(dynamo(document, { TableName: 'refunds', Key: {} })).toEqual(expected);
    }
  });

  it('accepts a table ARN as TableName', () => {
    expect(dynamo('GetCommand', { TableName: table('refunds') })).toEqual([
      { action: 'dynamodb:GetItem', resource: table('refunds') },
    ]);
  });

  it('checks a Query or Scan on an index against the index ARN', () => {
    expect(dynamo('QueryCommand', { TableName: 'refunds', IndexName: 'byMerchant' })).toEqual([
      { action: 'dynamodb:Query', resource: `${table('refunds')}/index/byMerchant` },
    ]);
    expect(dynamo('ScanCommand', { TableName: 'refunds' })).toEqual([
      { action: 'dynamodb:Scan', resource: table('refunds') },
    ]);
  });

  it('checks batches once per table named in RequestItems', () => {
    expect(dynamo('BatchGetCommand', { RequestItems: { refunds: { Keys: [] }, ledger: { Keys: [] } } })).toEqual([
      { action: 'dynamodb:BatchGetItem', resource: table('refunds') },
      { action: 'dynamodb:BatchGetItem', resource: table('ledger') },
    ]);
    expect(dynamo('BatchWriteItemCommand', { RequestItems: { ledger: [] } })).toEqual([
      { action: 'dynamodb:BatchWriteItem', resource: table('ledger') },
    ]);
  });

  it('checks each write of a transaction as its own action on its own table, once per distinct pair', () => {
    const TransactItems = [
      { Put: { TableName: 'refunds', Item: {} } },
      { Update: { TableName: 'ledger', Key: {}, UpdateExpression: 'SET a = :a' } },
      { ConditionCheck: { TableName: 'refunds', Key: {}, ConditionExpression: 'attribute_exists(pk)' } },
      { Delete: { TableName: 'ledger', Key: {} } },
      { Put: { TableName: 'refunds', Item: {} } },
    ];
    const expected = [
      { action: 'dynamodb:PutItem', resource: table('refunds') },
      { action: 'dynamodb:UpdateItem', resource: table('ledger') },
      { action: 'dynamodb:ConditionCheckItem', resource: table('refunds') },
      { action: 'dynamodb:DeleteItem', resource: table('ledger') },
    ];
    expect(dynamo('TransactWriteCommand', { TransactItems })).toEqual(expected);
    expect(dynamo('TransactWriteItemsCommand', { TransactItems })).toEqual(expected);
  });

  it('checks GetItem on each table of a TransactGet', () => {
    expect(
      dynamo('TransactGetCommand', {
        TransactItems: [{ Get: { TableName: 'refunds', Key: {} } }, { Get: { TableName: 'ledger', Key: {} } }],
      }),
    ).toEqual([
      { action: 'dynamodb:GetItem', resource: table('refunds') },
      { action: 'dynamodb:GetItem', resource: table('ledger') },
    ]);
  });

  it('maps PartiQL statements to the PartiQL action of their verb', () => {
    expect(
      dynamo('ExecuteStatementCommand', { Statement: 'SELECT * FROM "refunds"."byMerchant" WHERE a = ?' }),
    ).toEqual([{ action: 'dynamodb:PartiQLSelect', resource: `${table('refunds')}/index/byMerchant` }]);
    expect(dynamo('ExecuteStatementCommand', { Statement: 'update ledger SET a = 1 WHERE pk = ?' })).toEqual([
      { action: 'dynamodb:PartiQLUpdate', resource: table('ledger') },
    ]);
    expect(
      dynamo('ExecuteTransactionCommand', {
        TransactStatements: [{ Statement: 'INSERT INTO "refunds" VALUE {}' }, { Statement: 'DELETE FROM ledger' }],
      }),
    ).toEqual([
      { action: 'dynamodb:PartiQLInsert', resource: table('refunds') },
      { action: 'dynamodb:PartiQLDelete', resource: table('ledger') },
    ]);
  });

  it('maps table administration; ListTables needs a grant on *', () => {
    expect(dynamo('DescribeTableCommand', { TableName: 'refunds' })).toEqual([
      { action: 'dynamodb:DescribeTable', resource: table('refunds') },
    ]);
    expect(dynamo('CreateTableCommand', { TableName: 'refunds' })).toEqual([
      { action: 'dynamodb:CreateTable', resource: table('refunds') },
    ]);
    expect(dynamo('ListTablesCommand', {})).toEqual([{ action: 'dynamodb:ListTables', resource: '*' }]);
  });

  it('refuses a command without the field its check needs', () => {
    expect(() => dynamo('PutCommand', { Item: {} })).toThrow(/PutCommand: TableName/);
  });
});

describe('S3', () => {
  const s3 = (command: string, input: Record<string, unknown>) => accessFor('S3', command, input, ctx);

  it('checks object actions on the object ARN, versions with the *Version action', () => {
    expect(s3('PutObjectCommand', { Bucket: 'evidence', Key: 'evidence/r-1/a.png' })).toEqual([
      { action: 's3:PutObject', resource: 'arn:aws:s3:::evidence/evidence/r-1/a.png' },
    ]);
    expect(s3('GetObjectCommand', { Bucket: 'evidence', Key: 'k', VersionId: 'v1' })).toEqual([
      { action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::evidence/k' },
    ]);
    expect(s3('HeadObjectCommand', { Bucket: 'evidence', Key: 'k' })).toEqual([
      { action: 's3:GetObject', resource: 'arn:aws:s3:::evidence/k' },
    ]);
    expect(s3('DeleteObjectCommand', { Bucket: 'evidence', Key: 'k' })).toEqual([
      { action: 's3:DeleteObject', resource: 'arn:aws:s3:::evidence/k' },
    ]);
  });

  it('checks listing as s3:ListBucket on the bucket', () => {
    expect(s3('ListObjectsV2Command', { Bucket: 'evidence', Prefix: 'evidence/' })).toEqual([
      { action: 's3:ListBucket', resource: 'arn:aws:s3:::evidence' },
    ]);
  });
});

describe('SNS, Step Functions, Secrets Manager, Textract', () => {
  const topic = 'arn:aws:sns:us-east-1:123456789012:alerts';
  const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:lifecycle';

  it('checks sns:Publish on the topic or target', () => {
    expect(accessFor('SNS', 'PublishCommand', { TopicArn: topic, Message: 'm' }, ctx)).toEqual([
      { action: 'sns:Publish', resource: topic },
    ]);
    expect(accessFor('SNS', 'PublishCommand', { TargetArn: topic, Message: 'm' }, ctx)).toEqual([
      { action: 'sns:Publish', resource: topic },
    ]);
  });

  it('checks executions on their ARN and starts on the state machine', () => {
    const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:lifecycle:r-1';
    expect(accessFor('SFN', 'StopExecutionCommand', { executionArn, cause: 'c' }, ctx)).toEqual([
      { action: 'states:StopExecution', resource: executionArn },
    ]);
    expect(accessFor('SFN', 'StartExecutionCommand', { stateMachineArn: machine, name: 'r-1' }, ctx)).toEqual([
      { action: 'states:StartExecution', resource: machine },
    ]);
  });

  it('checks task responses on the issuing state machine when known, else on *', () => {
    const input = { taskToken: 'token-1', output: '{}' };
    expect(accessFor('SFN', 'SendTaskSuccessCommand', input, ctx)).toEqual([
      { action: 'states:SendTaskSuccess', resource: '*' },
    ]);
    const knowing = { ...ctx, stateMachineOfTaskToken: (token: string) => (token === 'token-1' ? machine : undefined) };
    expect(accessFor('SFN', 'SendTaskFailureCommand', input, knowing)).toEqual([
      { action: 'states:SendTaskFailure', resource: machine },
    ]);
    expect(taskResponseAccess('SendTaskHeartbeat', machine)).toEqual({
      action: 'states:SendTaskHeartbeat',
      resource: machine,
    });
  });

  it('checks a secret by ARN as given, and by name as the local secret ARN', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook-AbCdEf';
    expect(accessFor('Secrets Manager', 'GetSecretValueCommand', { SecretId: arn }, ctx)).toEqual([
      { action: 'secretsmanager:GetSecretValue', resource: arn },
    ]);
    expect(accessFor('Secrets Manager', 'GetSecretValueCommand', { SecretId: 'webhook' }, ctx)).toEqual([
      { action: 'secretsmanager:GetSecretValue', resource: secretArn(ctx, 'webhook') },
    ]);
  });

  it('checks Textract on * and, for an S3 document, the caller reading that object', () => {
    expect(accessFor('Textract', 'DetectDocumentTextCommand', { Document: { Bytes: new Uint8Array() } }, ctx)).toEqual([
      { action: 'textract:DetectDocumentText', resource: '*' },
    ]);
    expect(
      accessFor(
        'Textract',
        'AnalyzeExpenseCommand',
        { Document: { S3Object: { Bucket: 'evidence', Name: 'evidence/r-1/a.png', Version: 'v2' } } },
        ctx,
      ),
    ).toEqual([
      { action: 'textract:AnalyzeExpense', resource: '*' },
      { action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::evidence/evidence/r-1/a.png' },
    ]);
  });
});

describe('unknown commands', () => {
  it('throw rather than pass unchecked', () => {
    expect(() => accessFor('DynamoDB', 'RestoreTableFromBackupCommand', {}, ctx)).toThrow(
      /no IAM mapping for DynamoDB RestoreTableFromBackupCommand/,
    );
    expect(() => accessFor('Lambda', 'InvokeCommand', {}, ctx)).toThrow(/no IAM mapping for service Lambda/);
  });
});
