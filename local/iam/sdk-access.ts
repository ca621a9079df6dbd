/**
 * The IAM checks AWS makes for an AWS SDK v3 command: action(s) and resource ARN(s), by service id and command
 * class name (the low-level clients' names and lib-dynamodb's DocumentClient names alike). A command this map does
 * not know throws, so nothing slips by unchecked; add it here when a function starts using it.
 */
import { isArn, s3Arn, secretArn, tableArn, type ArnContext as Where } from './arns.ts';

export interface ArnContext extends Where {
  /**
   * Optional: the state machine that issued a task token (the local runner knows). Without it, or when it answers
   * undefined, SendTaskSuccess/Failure/Heartbeat are checked on resource `*` (see `taskResponseAccess`).
   */
  stateMachineOfTaskToken?: (taskToken: string) => string | undefined;
}

export interface Access {
  action: string;
  resource: string;
}

type Input = Record<string, unknown>;

/** A field the access depends on; AWS would refuse the call without it, and so does this map. */
function text(input: Input, field: string, command: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') throw new Error(`${command}: ${field} must be a non-empty string`);
  return value;
}

function record(value: unknown, what: string): Input {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} must be an object`);
  return value as Input;
}

function items(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} must be a list`);
  return value;
}

/** Distinct accesses, in first-seen order (a batch naming one table twice is one check). */
function distinct(accesses: Access[]): Access[] {
  const seen = new Set<string>();
  return accesses.filter(({ action, resource }) => {
    const key = `${action} ${resource}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The IAM action(s) and resource ARN(s) AWS checks for this command. Throws for a command it does not know. */
export function accessFor(serviceId: string, commandName: string, input: Input, ctx: ArnContext): Access[] {
  const operation = commandName.replace(/Command$/, '');
  const service = Object.hasOwn(SERVICES, serviceId) ? SERVICES[serviceId] : undefined;
  if (!service) throw new Error(`no IAM mapping for service ${serviceId} (command ${commandName})`);
  const map = Object.hasOwn(service, operation) ? service[operation] : undefined;
  if (!map) throw new Error(`no IAM mapping for ${serviceId} ${commandName}`);
  return distinct(map(input ?? {}, ctx, commandName));
}

type AccessMap = (input: Input, ctx: ArnContext, command: string) => Access[];

const dynamo = (action: string) => `dynamodb:${action}`;

/** The table, or one of its indexes, that a Query or Scan reads. */
function tableOrIndex(input: Input, ctx: ArnContext, command: string): string {
  const table = tableArn(ctx, text(input, 'TableName', command));
  return typeof input.IndexName === 'string' ? `${table}/index/${input.IndexName}` : table;
}

/** One action on the table named by TableName. */
const onTable =
  (action: string): AccessMap =>
  (input, ctx, command) => [{ action: dynamo(action), resource: tableArn(ctx, text(input, 'TableName', command)) }];

/** One action per table named by the keys of RequestItems (BatchGetItem, BatchWriteItem). */
const perRequestTable =
  (action: string): AccessMap =>
  (input, ctx) =>
    Object.keys(record(input.RequestItems, 'RequestItems')).map((table) => ({
      action: dynamo(action),
      resource: tableArn(ctx, table),
    }));

/** There is no TransactWriteItems action: IAM checks each item's own action on that item's table. */
const TRANSACT_WRITE: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

const transactWrite: AccessMap = (input, ctx, command) =>
  items(input.TransactItems, 'TransactItems').flatMap((item) =>
    Object.entries(record(item, 'a TransactItems entry')).map(([kind, request]) => {
      const action = Object.hasOwn(TRANSACT_WRITE, kind) ? TRANSACT_WRITE[kind] : undefined;
      if (!action) throw new Error(`${command}: unknown transaction item ${kind}`);
      return { action: dynamo(action), resource: tableArn(ctx, text(record(request, kind), 'TableName', command)) };
    }),
  );

const transactGet: AccessMap = (input, ctx, command) =>
  items(input.TransactItems, 'TransactItems').map((item) => ({
    action: dynamo('GetItem'),
    resource: tableArn(ctx, text(record(record(item, 'a TransactItems entry').Get, 'Get'), 'TableName', command)),
  }));

/**
 * PartiQL: the statement's verb picks dynamodb:PartiQLSelect/Insert/Update/Delete, on the table (or `"table"."index"`)
 * it names. Only the leading `SELECT … FROM t`, `INSERT INTO t`, `UPDATE t`, `DELETE FROM t` shapes are read.
 */
function partiql(statement: string, ctx: ArnContext): Access {
  const name = String.raw`("(?:[^"]|"")+"|[A-Za-z_][\w.-]*)`;
  const shapes: [RegExp, string][] = [
    [new RegExp(String.raw`^\s*select\b[\s\S]*?\bfrom\s+${name}(?:\s*\.\s*${name})?`, 'i'), 'PartiQLSelect'],
    [new RegExp(String.raw`^\s*insert\s+into\s+${name}`, 'i'), 'PartiQLInsert'],
    [new RegExp(String.raw`^\s*update\s+${name}`, 'i'), 'PartiQLUpdate'],
    [new RegExp(String.raw`^\s*delete\s+from\s+${name}`, 'i'), 'PartiQLDelete'],
  ];
  const unquote = (part: string) => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part);
  for (const [shape, action] of shapes) {
    const match = shape.exec(statement);
    if (!match?.[1]) continue;
    const table = tableArn(ctx, unquote(match[1]));
    return { action: dynamo(action), resource: match[2] ? `${table}/index/${unquote(match[2])}` : table };
  }
  throw new Error(`cannot tell the table of PartiQL statement: ${statement}`);
}

const statements =
  (field: 'Statements' | 'TransactStatements'): AccessMap =>
  (input, ctx, command) =>
    items(input[field], field).map((entry) => partiql(text(record(entry, field), 'Statement', command), ctx));

const DYNAMODB: Record<string, AccessMap> = {
  GetItem: onTable('GetItem'),
  Get: onTable('GetItem'),
  PutItem: onTable('PutItem'),
  Put: onTable('PutItem'),
  UpdateItem: onTable('UpdateItem'),
  Update: onTable('UpdateItem'),
  DeleteItem: onTable('DeleteItem'),
  Delete: onTable('DeleteItem'),
  Query: (input, ctx, command) => [{ action: dynamo('Query'), resource: tableOrIndex(input, ctx, command) }],
  Scan: (input, ctx, command) => [{ action: dynamo('Scan'), resource: tableOrIndex(input, ctx, command) }],
  BatchGetItem: perRequestTable('BatchGetItem'),
  BatchGet: perRequestTable('BatchGetItem'),
  BatchWriteItem: perRequestTable('BatchWriteItem'),
  BatchWrite: perRequestTable('BatchWriteItem'),
  TransactWriteItems: transactWrite,
  TransactWrite: transactWrite,
  TransactGetItems: transactGet,
  TransactGet: transactGet,
  ExecuteStatement: (input, ctx, command) => [partiql(text(input, 'Statement', command), ctx)],
  BatchExecuteStatement: statements('Statements'),
  ExecuteTransaction: statements('TransactStatements'),
  DescribeTable: onTable('DescribeTable'),
  CreateTable: onTable('CreateTable'),
  DeleteTable: onTable('DeleteTable'),
  UpdateTable: onTable('UpdateTable'),
  DescribeTimeToLive: onTable('DescribeTimeToLive'),
  UpdateTimeToLive: onTable('UpdateTimeToLive'),
  // ListTables has no resource-level permissions: only a grant on Resource "*" allows it.
  ListTables: () => [{ action: dynamo('ListTables'), resource: '*' }],
  // Endpoint discovery needs no permission.
  DescribeEndpoints: () => [],
};

/** s3:GetObject, or s3:GetObjectVersion when a version is named (and the same for the other object actions). */
const versioned = (action: string, version: unknown) => `s3:${action}${version === undefined ? '' : 'Version'}`;

const objectArn = (input: Input, ctx: ArnContext, command: string) =>
  s3Arn(ctx, text(input, 'Bucket', command), text(input, 'Key', command));

const S3: Record<string, AccessMap> = {
  // Tags and an ACL sent with the object need their own permissions.
  PutObject: (input, ctx, command) => {
    const resource = objectArn(input, ctx, command);
    const actions = ['s3:PutObject'];
    if (input.Tagging !== undefined) actions.push('s3:PutObjectTagging');
    if (input.ACL !== undefined) actions.push('s3:PutObjectAcl');
    return actions.map((action) => ({ action, resource }));
  },
  GetObject: (input, ctx, command) => [
    { action: versioned('GetObject', input.VersionId), resource: objectArn(input, ctx, command) },
  ],
  // HEAD needs the same permission as GET.
  HeadObject: (input, ctx, command) => [
    { action: versioned('GetObject', input.VersionId), resource: objectArn(input, ctx, command) },
  ],
  DeleteObject: (input, ctx, command) => [
    { action: versioned('DeleteObject', input.VersionId), resource: objectArn(input, ctx, command) },
  ],
  ListObjectsV2: (input, ctx, command) => [
    { action: 's3:ListBucket', resource: s3Arn(ctx, text(input, 'Bucket', command)) },
  ],
  ListObjects: (input, ctx, command) => [
    { action: 's3:ListBucket', resource: s3Arn(ctx, text(input, 'Bucket', command)) },
  ],
};

const SNS: Record<string, AccessMap> = {
  Publish: (input, _ctx, command) => {
    const target = input.TopicArn ?? input.TargetArn;
    // An SMS to a phone number has no resource.
    const sms = target === undefined && typeof input.PhoneNumber === 'string';
    return [
      { action: 'sns:Publish', resource: sms ? '*' : text({ target }, 'target', `${command} (TopicArn or TargetArn)`) },
    ];
  },
  PublishBatch: (input, _ctx, command) => [{ action: 'sns:Publish', resource: text(input, 'TopicArn', command) }],
};

/**
 * AWS checks SendTaskSuccess/Failure/Heartbeat against the state machine that issued the task token. The token
 * does not name it: unless `ctx.stateMachineOfTaskToken` tells, the command maps to resource `*`, which a policy
 * scoped to the state machine (as CDK writes it) does not allow. Where the state machine is known (the local
 * workflow port), check a task response with this instead.
 */
export function taskResponseAccess(
  action: 'SendTaskSuccess' | 'SendTaskFailure' | 'SendTaskHeartbeat',
  stateMachineArn: string,
): Access {
  return { action: `states:${action}`, resource: stateMachineArn };
}

const states =
  (action: string, field: string): AccessMap =>
  (input, _ctx, command) => [{ action: `states:${action}`, resource: text(input, field, command) }];

const taskResponse =
  (action: Parameters<typeof taskResponseAccess>[0]): AccessMap =>
  (input, ctx, command) => [
    taskResponseAccess(action, ctx.stateMachineOfTaskToken?.(text(input, 'taskToken', command)) ?? '*'),
  ];

const SFN: Record<string, AccessMap> = {
  StartExecution: states('StartExecution', 'stateMachineArn'),
  StartSyncExecution: states('StartSyncExecution', 'stateMachineArn'),
  DescribeStateMachine: states('DescribeStateMachine', 'stateMachineArn'),
  StopExecution: states('StopExecution', 'executionArn'),
  DescribeExecution: states('DescribeExecution', 'executionArn'),
  SendTaskSuccess: taskResponse('SendTaskSuccess'),
  SendTaskFailure: taskResponse('SendTaskFailure'),
  SendTaskHeartbeat: taskResponse('SendTaskHeartbeat'),
};

/** A secret named by ARN is that ARN; by name, the local secret's full ARN (with the suffix `localResolver` uses). */
const secret =
  (action: string): AccessMap =>
  (input, ctx, command) => {
    const id = text(input, 'SecretId', command);
    return [{ action: `secretsmanager:${action}`, resource: isArn(id) ? id : secretArn(ctx, id) }];
  };

const SECRETS_MANAGER: Record<string, AccessMap> = {
  GetSecretValue: secret('GetSecretValue'),
  DescribeSecret: secret('DescribeSecret'),
};

/** Textract's synchronous APIs have no resource, and read an S3 document with the caller's own permissions. */
const textract =
  (action: string): AccessMap =>
  (input, ctx, command) => {
    const call = { action: `textract:${action}`, resource: '*' };
    const object = record(input.Document, 'Document').S3Object;
    if (object === undefined) return [call];
    const s3 = record(object, 'Document.S3Object');
    const key = s3Arn(ctx, text(s3, 'Bucket', command), text(s3, 'Name', command));
    return [call, { action: versioned('GetObject', s3.Version), resource: key }];
  };

const TEXTRACT: Record<string, AccessMap> = {
  DetectDocumentText: textract('DetectDocumentText'),
  AnalyzeDocument: textract('AnalyzeDocument'),
  AnalyzeExpense: textract('AnalyzeExpense'),
};

/** Keyed by the client's `config.serviceId`. */
const SERVICES: Record<string, Record<string, AccessMap>> = {
  DynamoDB: DYNAMODB,
  S3,
  SNS,
  SFN,
  'Secrets Manager': SECRETS_MANAGER,
  Textract: TEXTRACT,
};
