/**
 * `npm run ops`: the dead-letter queues and their redrive, failed lifecycle executions and their redrive, against a
 * stack whose template and resources are mocked the way CloudFormation returns them (no network).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  ExecutionNotRedrivable,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  deadLetterSources,
  defaultStackName,
  findQueue,
  matchesScheduleInput,
  parseCommand,
  planFor,
  run,
  type Source,
  USAGE,
  UsageError,
} from '../../scripts/ops.ts';
import { runCli, sent } from '../support/operator-cli.ts';

const dynamoMock = mockClient(DynamoDBClient);
const cfnMock = mockClient(CloudFormationClient);
const sqsMock = mockClient(SQSClient);
const sfnMock = mockClient(SFNClient);
const lambdaMock = mockClient(LambdaClient);
const snsMock = mockClient(SNSClient);
const clients = {
  dynamodb: new DynamoDBClient({ region: 'cn-north-1' }),
  cloudformation: new CloudFormationClient({ region: 'cn-north-1' }),
  sqs: new SQSClient({ region: 'cn-north-1' }),
  sfn: new SFNClient({ region: 'cn-north-1' }),
  lambda: new LambdaClient({ region: 'cn-north-1' }),
  sns: new SNSClient({ region: 'cn-north-1' }),
};

const ACCOUNT = '123456789012';
const DLQ_URL = `https://sqs.cn-north-1.amazonaws.com.cn/${ACCOUNT}/RefundPipeline-dev-MonitoringDeadLetters-X1`;
const DLQ_ARN = `arn:aws-cn:sqs:cn-north-1:${ACCOUNT}:RefundPipeline-dev-MonitoringDeadLetters-X1`;
const ORDERS_DLQ_URL = `https://sqs.cn-north-1.amazonaws.com.cn/${ACCOUNT}/RefundPipeline-dev-OrdersDlq-Y2`;
const ORDERS_DLQ_ARN = `arn:aws-cn:sqs:cn-north-1:${ACCOUNT}:RefundPipeline-dev-OrdersDlq-Y2`;
const ORDERS_URL = `https://sqs.cn-north-1.amazonaws.com.cn/${ACCOUNT}/RefundPipeline-dev-Orders-Z3`;
const MONITOR = 'RefundPipeline-dev-MonitoringMonitorFunction-A1';
const MAIN_TABLE_NAME = 'RefundPipeline-dev-DataRefunds-T1';
const OCR = 'RefundPipeline-dev-EvidenceOcrFunction-B2';
const TOPIC_ARN = `arn:aws-cn:sns:cn-north-1:${ACCOUNT}:RefundPipeline-dev-MonitoringFinanceAlerts-C3`;
const MACHINE = `arn:aws-cn:states:cn-north-1:${ACCOUNT}:stateMachine:WorkflowRefundLifecycle-D4`;
const execution = (name: string) => `${MACHINE.replace(':stateMachine:', ':execution:')}:${name}`;

const path = (p: string) => ({ 'aws:cdk:path': `RefundPipeline-dev/${p}/Resource` });
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
/** The shapes CDK synthesizes for each way a queue becomes a dead-letter queue (see test/infra for the real one). */
const TEMPLATE = {
  Resources: {
    MonitoringDeadLetters1: { Type: 'AWS::SQS::Queue', Metadata: path('Monitoring/DeadLetters') },
    MonitoringMonitorFunction1: {
      Type: 'AWS::Lambda::Function',
      Properties: { DeadLetterConfig: { TargetArn: arnOf('MonitoringDeadLetters1') } },
      Metadata: path('Monitoring/Monitor/Function'),
    },
    MonitoringMonitorRolePolicy1: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyDocument: { Statement: [{ Action: 'sqs:SendMessage', Resource: arnOf('MonitoringDeadLetters1') }] },
      },
    },
    EvidenceOcrFunction1: {
      Type: 'AWS::Lambda::Function',
      Properties: { DeadLetterConfig: { TargetArn: arnOf('MonitoringDeadLetters1') } },
      Metadata: path('Evidence/Ocr/Function'),
    },
    EvidenceOcrPermission1: {
      Type: 'AWS::Lambda::Permission',
      Properties: { Principal: 's3.amazonaws.com', FunctionName: arnOf('EvidenceOcrFunction1') },
    },
    MonitoringEvery1: {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        Target: {
          Arn: arnOf('MonitoringMonitorFunction1'),
          DeadLetterConfig: { Arn: arnOf('MonitoringDeadLetters1') },
        },
      },
      Metadata: path('Monitoring/Every'),
    },
    MonitoringFinanceAlerts1: { Type: 'AWS::SNS::Topic', Metadata: path('Monitoring/FinanceAlerts') },
    MonitoringFinanceAlertsEmail1: {
      Type: 'AWS::SNS::Subscription',
      Properties: {
        TopicArn: { Ref: 'MonitoringFinanceAlerts1' },
        RedrivePolicy: { deadLetterTargetArn: arnOf('MonitoringDeadLetters1') },
      },
      Metadata: path('Monitoring/FinanceAlerts/finance@example.com'),
    },
    OrdersDlq1: { Type: 'AWS::SQS::Queue', Metadata: path('Orders/Dlq') },
    Orders1: {
      Type: 'AWS::SQS::Queue',
      Properties: { RedrivePolicy: { deadLetterTargetArn: arnOf('OrdersDlq1'), maxReceiveCount: 3 } },
      Metadata: path('Orders/Queue'),
    },
    WorkflowRefundLifecycle1: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: { StateMachineType: 'STANDARD' },
    },
    // The payout workflow beside it (Express: its executions are not listed, failed-executions leaves it alone).
    WorkflowRefundPayout1: { Type: 'AWS::StepFunctions::StateMachine', Properties: { StateMachineType: 'EXPRESS' } },
    DataRefunds1: { Type: 'AWS::DynamoDB::Table' },
    DataLedger1: { Type: 'AWS::DynamoDB::Table' },
  },
};
const PHYSICAL: Record<string, [string, string]> = {
  MonitoringDeadLetters1: ['AWS::SQS::Queue', DLQ_URL],
  MonitoringMonitorFunction1: ['AWS::Lambda::Function', MONITOR],
  EvidenceOcrFunction1: ['AWS::Lambda::Function', OCR],
  MonitoringEvery1: ['AWS::Scheduler::Schedule', 'MonitoringEvery-E5'],
  MonitoringFinanceAlerts1: ['AWS::SNS::Topic', TOPIC_ARN],
  MonitoringFinanceAlertsEmail1: ['AWS::SNS::Subscription', `${TOPIC_ARN}:sub-1`],
  OrdersDlq1: ['AWS::SQS::Queue', ORDERS_DLQ_URL],
  Orders1: ['AWS::SQS::Queue', ORDERS_URL],
  WorkflowRefundLifecycle1: ['AWS::StepFunctions::StateMachine', MACHINE],
  WorkflowRefundPayout1: ['AWS::StepFunctions::StateMachine', `${MACHINE}-payout`],
  DataRefunds1: ['AWS::DynamoDB::Table', MAIN_TABLE_NAME],
  DataLedger1: ['AWS::DynamoDB::Table', 'RefundPipeline-dev-DataLedger-L1'],
};

function deployed() {
  const summaries = Object.entries(PHYSICAL).map(([LogicalResourceId, [ResourceType, PhysicalResourceId]]) => ({
    LogicalResourceId,
    ResourceType,
    PhysicalResourceId,
    ResourceStatus: 'CREATE_COMPLETE' as const,
    LastUpdatedTimestamp: new Date(),
  }));
  // Two pages, as CloudFormation pages large stacks.
  cfnMock
    .on(ListStackResourcesCommand, { StackName: 'RefundPipeline-dev', NextToken: undefined })
    .resolves({ StackResourceSummaries: summaries.slice(0, 4), NextToken: 'page-2' })
    .on(ListStackResourcesCommand, { StackName: 'RefundPipeline-dev', NextToken: 'page-2' })
    .resolves({ StackResourceSummaries: summaries.slice(4) });
  cfnMock.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(TEMPLATE) });
  sqsMock.on(GetQueueAttributesCommand, { QueueUrl: DLQ_URL }).resolves({
    Attributes: { QueueArn: DLQ_ARN, ApproximateNumberOfMessages: '5', ApproximateNumberOfMessagesNotVisible: '1' },
  });
  sqsMock.on(GetQueueAttributesCommand, { QueueUrl: ORDERS_DLQ_URL }).resolves({
    Attributes: {
      QueueArn: ORDERS_DLQ_ARN,
      ApproximateNumberOfMessages: '7',
      ApproximateNumberOfMessagesNotVisible: '0',
    },
  });
}

const cli = (...argv: string[]) => runCli(run, clients, argv, { env: {}, now: new Date('2026-12-02T00:00:00Z') });

const allMocks = [dynamoMock, cfnMock, sqsMock, sfnMock, lambdaMock, snsMock];
const nothingSent = () => {
  for (const mock of allMocks) expect(mock.calls()).toHaveLength(0);
};

beforeEach(() => {
  for (const mock of allMocks) mock.reset();
});

// The unit files share their worker's modules (vitest.config.ts): the DynamoDB client's send, which other unit files
// use for real (test/unit/local-iam/sdk-guard.test.ts), is given back when this file is done.
afterAll(() => {
  dynamoMock.restore();
});

describe('the command line', () => {
  it.each([
    [[], /usage: npm run ops/],
    [['dance'], /unknown command: dance/],
    [['redrive'], /redrive takes exactly one <queue> \(got 0\)/],
    [['redrive', 'a', 'b'], /redrive takes exactly one <queue> \(got 2\)/],
    [['dlqs', 'extra'], /dlqs takes no argument/],
    [['redrive', 'q', '--max', '0'], /--max must be a whole number from 1 to 10000 \(got 0\)/],
    [['failed-executions', '--since', 'yesterday'], /--since must be an ISO 8601 time/],
    [['failed-executions', '--since', '2026-13-45T00:00:00Z'], /--since must be an ISO 8601 time/],
    [['failed-executions', '--limit', 'ten'], /--limit must be a whole number/],
    [['redrive-execution', 'r-1'], /not a Step Functions execution ARN: r-1/],
    [['dlqs', '--dry-run'], /Unknown option '--dry-run'/],
    [['dlqs', '--stack', 'no spaces'], /--stack must be a CloudFormation stack name/],
  ])('refuses %j with exit 2, the reason and the usage, before sending anything', async (argv, reason) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(reason);
    expect(result.err).toContain(USAGE);
    nothingSent();
  });

  it('prints the usage on --help, with what redrive does for each kind of dead-letter queue', async () => {
    const result = await cli('redrive', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toBe(USAGE);
    expect(USAGE).toMatch(/StartMessageMoveTask/);
    expect(USAGE).toMatch(/Lambda asynchronous invocation +the function is invoked again/);
    expect(USAGE).toMatch(/SNS subscription +the message is published to its topic again/);
    nothingSent();
  });

  it('names the stack after STAGE as the deploy guide does, and takes --stack and --region', () => {
    expect(defaultStackName({})).toBe('RefundPipeline-dev');
    expect(defaultStackName({ STAGE: 'prod' })).toBe('RefundPipeline-prod');
    expect(parseCommand(['dlqs'], { STAGE: 'staging' }).stack).toBe('RefundPipeline-staging');
    expect(parseCommand(['dlqs', '--stack', 'Other', '--region', 'cn-north-1'], {})).toMatchObject({
      stack: 'Other',
      region: 'cn-north-1',
    });
    expect(() => parseCommand(['redrive-execution', `${execution('r-1')}:extra`], {})).toThrow(UsageError);
  });

  it('says so when the stack is not deployed in the region', async () => {
    cfnMock.on(ListStackResourcesCommand).rejects(new Error('Stack with id RefundPipeline-dev does not exist'));
    const result = await cli('dlqs', '--region', 'cn-northwest-1');
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'ops: stack RefundPipeline-dev not found in this region: deploy it, or pass --stack / --region',
    );
    expect(result.regions).toEqual(['cn-northwest-1']);
  });

  it('says how to set the region or the credentials when the SDK has none', async () => {
    cfnMock.on(ListStackResourcesCommand).rejects(new Error('Region is missing'));
    expect((await cli('dlqs')).err).toBe('ops: no AWS region: pass --region or set AWS_REGION');
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    cfnMock.on(ListStackResourcesCommand).rejects(noCredentials);
    const result = await cli('dlqs');
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'ops: no usable AWS credentials (Could not load credentials from any providers): set AWS_PROFILE or run aws sso login',
    );
  });
});

describe('the documentation', () => {
  it('only shows ops commands that parse as typed', () => {
    const docs = ['docs/operations.md', 'docs/monitoring.md', 'README.md']
      .map((f) => readFileSync(join(import.meta.dirname, '..', '..', f), 'utf8'))
      .join('\n');
    const commands = [...docs.matchAll(/npm run ops -- ([^`\n|]+)/g)].map((m) =>
      (m[1] ?? '').replace(/\s#.*$/, '').trim(),
    );
    expect(commands.length).toBeGreaterThan(10);
    for (const command of commands) {
      if (command.startsWith('<command>') || command === '--help') continue;
      const argv = command.replace(/<(execution-)?arn>/, execution('r-123')).split(/\s+/);
      expect(() => parseCommand(argv, {}), command).not.toThrow();
    }
  });
});

describe('the template says which queue is the dead-letter queue of what', () => {
  it('finds Lambda, schedule, SNS and SQS sources, not a policy that merely names the queue', () => {
    const sources = deadLetterSources(TEMPLATE);
    expect([...sources.keys()].sort()).toEqual(['MonitoringDeadLetters1', 'OrdersDlq1']);
    expect(sources.get('MonitoringDeadLetters1')).toEqual([
      { kind: 'lambda', id: 'MonitoringMonitorFunction1', triggers: ['schedule'] },
      { kind: 'lambda', id: 'EvidenceOcrFunction1', triggers: ['s3'] },
      { kind: 'schedule', id: 'MonitoringEvery1', target: 'MonitoringMonitorFunction1' },
      { kind: 'sns', id: 'MonitoringFinanceAlertsEmail1', topic: 'MonitoringFinanceAlerts1' },
    ]);
    expect(sources.get('OrdersDlq1')).toEqual([{ kind: 'sqs', id: 'Orders1' }]);
  });
});

describe('a queue named on the command line', () => {
  it('is found by path, logical id, name or URL, even in a template without path metadata', () => {
    const stack = {
      name: 'RefundPipeline-dev',
      template: { Resources: { ...TEMPLATE.Resources, MonitoringDeadLettersD99D287D: { Type: 'AWS::SQS::Queue' } } },
      physical: new Map([
        ['MonitoringDeadLettersD99D287D', DLQ_URL],
        ['MonitoringMonitorFunction1', MONITOR],
      ]),
      types: new Map(),
    };
    const resources = stack.template.Resources as Record<string, { Properties?: Record<string, unknown> }>;
    resources.MonitoringMonitorFunction1 = {
      ...resources.MonitoringMonitorFunction1,
      Properties: { DeadLetterConfig: { TargetArn: arnOf('MonitoringDeadLetters' + 'D99D287D') } },
    };
    for (const wanted of [
      'Monitoring/DeadLetters',
      'MonitoringDeadLettersD99D287D',
      DLQ_URL,
      DLQ_URL.split('/').pop() ?? '',
    ]) {
      expect(findQueue(stack, wanted).url).toBe(DLQ_URL);
    }
    expect(() => findQueue(stack, 'Monitoring/Dead')).toThrow(/is not a dead-letter queue of stack RefundPipeline-dev/);
  });
});

describe('dlqs', () => {
  it('lists each dead-letter queue with its message counts and what feeds it', async () => {
    deployed();
    const result = await cli('dlqs');
    expect(result.code).toBe(0);
    expect(result.out.split('\n')).toEqual([
      'Monitoring/DeadLetters: 5 waiting, 1 in flight',
      `  url: ${DLQ_URL}`,
      '  from: Lambda Monitoring/Monitor/Function (async invocations: schedule)',
      '  from: Lambda Evidence/Ocr/Function (async invocations: s3)',
      '  from: schedule Monitoring/Every -> Monitoring/Monitor/Function',
      '  from: SNS subscription Monitoring/FinanceAlerts/finance@example.com of Monitoring/FinanceAlerts',
      'Orders/Dlq: 7 waiting, 0 in flight',
      `  url: ${ORDERS_DLQ_URL}`,
      '  from: SQS queue Orders/Queue',
    ]);
    expect(cfnMock).toHaveReceivedCommandWith(GetTemplateCommand, {
      StackName: 'RefundPipeline-dev',
      TemplateStage: 'Original',
    });
  });
});

describe('redrive of a queue fed by SQS queues', () => {
  beforeEach(() => {
    deployed();
    sqsMock.on(ListDeadLetterSourceQueuesCommand).resolves({ queueUrls: [ORDERS_URL] });
    sqsMock.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
  });

  it('starts a message move task back to the source queues', async () => {
    const result = await cli('redrive', 'Orders/Dlq');
    expect(result.code).toBe(0);
    expect(sqsMock).toHaveReceivedCommandWith(StartMessageMoveTaskCommand, { SourceArn: ORDERS_DLQ_ARN });
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input.DestinationArn).toBeUndefined();
    expect(result.out).toContain(`started a message move task of ~7 messages back to ${ORDERS_URL} (task task-1)`);
  });

  it('starts nothing when the queue is empty', async () => {
    sqsMock.on(GetQueueAttributesCommand, { QueueUrl: ORDERS_DLQ_URL }).resolves({
      Attributes: {
        QueueArn: ORDERS_DLQ_ARN,
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
      },
    });
    const result = await cli('redrive', 'Orders/Dlq');
    expect(result.code).toBe(0);
    expect(sqsMock).not.toHaveReceivedCommand(StartMessageMoveTaskCommand);
    expect(result.out).toContain('no message to redrive');
  });

  it('with --dry-run only says what it would move', async () => {
    const result = await cli('redrive', ORDERS_DLQ_URL, '--dry-run');
    expect(result.code).toBe(0);
    expect(sqsMock).not.toHaveReceivedCommand(StartMessageMoveTaskCommand);
    expect(result.out).toContain(`dry run: would start a message move task of ~7 messages back to ${ORDERS_URL}`);
  });
});

const attributes = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]));

const S3_EVENT = JSON.stringify({
  Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: 'b' }, object: { key: 'evidence/r-1/e-1.jpg' } } }],
});
const MESSAGES: Message[] = [
  {
    MessageId: 'm-schedule',
    ReceiptHandle: 'h-schedule',
    Body: '{}',
    MessageAttributes: attributes({
      TARGET_ARN: `arn:aws-cn:lambda:cn-north-1:${ACCOUNT}:function:${MONITOR}`,
      SCHEDULE_ARN: `arn:aws-cn:scheduler:cn-north-1:${ACCOUNT}:schedule/default/MonitoringEvery-E5`,
      ERROR_CODE: 'AWS.Lambda.TooManyRequestsException',
    }),
  },
  {
    MessageId: 'm-ocr',
    ReceiptHandle: 'h-ocr',
    Body: S3_EVENT,
    MessageAttributes: attributes({ RequestID: 'req-1', ErrorCode: '200', ErrorMessage: 'Task timed out' }),
  },
  {
    MessageId: 'm-monitor',
    ReceiptHandle: 'h-monitor',
    Body: '{"version":"0"}',
    MessageAttributes: attributes({ RequestID: 'req-2', ErrorCode: '200', ErrorMessage: 'boom' }),
  },
  {
    MessageId: 'm-email',
    ReceiptHandle: 'h-email',
    Body: JSON.stringify({
      Type: 'Notification',
      MessageId: 'sns-1',
      TopicArn: TOPIC_ARN,
      Subject: '[Refund alert] Late payout: refund r-1',
      Message: 'Late payout (LATE_PAYOUT) ...',
    }),
  },
  { MessageId: 'm-unknown', ReceiptHandle: 'h-unknown', Body: 'hello' },
  {
    MessageId: 'm-sqs',
    ReceiptHandle: 'h-sqs',
    Body: '{"order":"o-1"}',
    Attributes: { DeadLetterQueueSourceArn: `arn:aws-cn:sqs:cn-north-1:${ACCOUNT}:RefundPipeline-dev-Orders-Z3` },
  },
];

describe('redrive of a queue fed by Lambda, Scheduler and SNS', () => {
  beforeEach(() => {
    deployed();
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: MESSAGES.slice(0, 4) })
      .resolvesOnce({ Messages: MESSAGES.slice(4) })
      .resolves({});
    sqsMock.on(GetQueueUrlCommand).resolves({ QueueUrl: ORDERS_URL });
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200 });
    snsMock.on(PublishCommand).resolves({ MessageId: 'sns-2' });
  });

  it('re-invokes, re-publishes or re-sends each message by its origin, then deletes it', async () => {
    const result = await cli('redrive', 'Monitoring/DeadLetters');
    expect(result.code).toBe(0);
    const invoked = sent(lambdaMock).map(([, input]) => [
      input.FunctionName,
      input.InvocationType,
      new TextDecoder().decode(input.Payload as Uint8Array),
    ]);
    expect(invoked).toEqual([
      [`arn:aws-cn:lambda:cn-north-1:${ACCOUNT}:function:${MONITOR}`, 'RequestResponse', '{}'],
      [OCR, 'RequestResponse', S3_EVENT],
      [MONITOR, 'RequestResponse', '{"version":"0"}'],
    ]);
    expect(sent(snsMock)).toEqual([
      [
        'PublishCommand',
        {
          TopicArn: TOPIC_ARN,
          Subject: '[Refund alert] Late payout: refund r-1',
          Message: 'Late payout (LATE_PAYOUT) ...',
        },
      ],
    ]);
    expect(sqsMock).toHaveReceivedCommandWith(GetQueueUrlCommand, {
      QueueName: 'RefundPipeline-dev-Orders-Z3',
      QueueOwnerAWSAccountId: ACCOUNT,
    });
    expect(sqsMock).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: ORDERS_URL,
      MessageBody: '{"order":"o-1"}',
    });
    const deleted = sqsMock.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle);
    expect(deleted).toEqual(['h-schedule', 'h-ocr', 'h-monitor', 'h-email', 'h-sqs']);
    // The message nobody can place stays, and is visible again at once for whoever reads it by hand.
    expect(sqsMock).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      ReceiptHandle: 'h-unknown',
      VisibilityTimeout: 0,
    });
    expect(result.out).toContain('kept m-unknown: its origin cannot be told from the message');
    expect(result.out).toContain('5 redriven, 0 failed (visible again in 5 minutes), 1 kept');
    expect(sqsMock).toHaveReceivedCommandWith(ReceiveMessageCommand, {
      QueueUrl: DLQ_URL,
      VisibilityTimeout: 300,
      MessageAttributeNames: ['All'],
    });
  });

  it('keeps a message whose function fails again, and exits 1', async () => {
    lambdaMock.on(InvokeCommand, { FunctionName: OCR }).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: new TextEncoder().encode(
        JSON.stringify({ errorMessage: 'Textract throttled' }),
      ) as InvokeCommandOutput['Payload'],
    });
    const result = await cli('redrive', 'MonitoringDeadLetters1');
    expect(result.code).toBe(1);
    const deleted = sqsMock.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle);
    expect(deleted).not.toContain('h-ocr');
    expect(deleted).toContain('h-monitor');
    expect(result.out).toMatch(
      /kept m-ocr: re-invoke .* failed: the function failed again \(Unhandled: Textract throttled\)/,
    );
    expect(result.out).toContain('4 redriven, 1 failed (visible again in 5 minutes), 1 kept');
  });

  it('with --dry-run says what it would do with each message and changes nothing', async () => {
    const result = await cli('redrive', 'Monitoring/DeadLetters', '--dry-run');
    expect(result.code).toBe(0);
    expect(lambdaMock.calls()).toHaveLength(0);
    expect(snsMock.calls()).toHaveLength(0);
    expect(sqsMock).not.toHaveReceivedCommand(DeleteMessageCommand);
    expect(sqsMock).not.toHaveReceivedCommand(SendMessageCommand);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(MESSAGES.length);
    expect(result.out).toContain(`would re-invoke ${OCR}`.replace(OCR, 'Evidence/Ocr/Function'));
    expect(result.out).toContain(`would publish again to ${TOPIC_ARN} (message m-email)`);
    expect(result.out).toContain('dry run: 6 messages read, nothing changed');
  });

  it('stops at --max', async () => {
    const result = await cli('redrive', 'Monitoring/DeadLetters', '--max', '2', '--dry-run');
    expect(sqsMock.commandCalls(ReceiveMessageCommand)[0]?.args[0].input.MaxNumberOfMessages).toBe(2);
    expect(result.out).toContain('stopped at --max 2: run it again for the rest');
  });

  it('refuses a queue that is not a dead-letter queue of the stack, naming those that are', async () => {
    const result = await cli('redrive', 'Orders/Queue');
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'ops: Orders/Queue is not a dead-letter queue of stack RefundPipeline-dev (its dead-letter queues: Monitoring/DeadLetters, Orders/Dlq)',
    );
    expect(sqsMock).not.toHaveReceivedCommand(ReceiveMessageCommand);
  });
});

describe('failed-executions', () => {
  it('lists failed and timed-out executions since --since, newest first, with refund id, error and cause', async () => {
    deployed();
    sfnMock
      .on(ListExecutionsCommand, { stateMachineArn: MACHINE, statusFilter: 'FAILED' })
      .resolves({
        executions: [
          {
            executionArn: execution('r-2'),
            stateMachineArn: MACHINE,
            name: 'r-2',
            status: 'FAILED',
            startDate: new Date('2026-12-01T09:00:00Z'),
            stopDate: new Date('2026-12-01T10:00:00Z'),
          },
          {
            executionArn: execution('r-old'),
            stateMachineArn: MACHINE,
            name: 'r-old',
            status: 'FAILED',
            startDate: new Date('2026-11-01T09:00:00Z'),
            stopDate: new Date('2026-11-01T10:00:00Z'),
          },
        ],
      })
      .on(ListExecutionsCommand, { stateMachineArn: MACHINE, statusFilter: 'TIMED_OUT' })
      .resolves({
        executions: [
          {
            executionArn: execution('r-3'),
            stateMachineArn: MACHINE,
            name: 'r-3',
            status: 'TIMED_OUT',
            startDate: new Date('2026-12-01T09:00:00Z'),
            stopDate: new Date('2026-12-01T11:00:00Z'),
          },
        ],
      });
    sfnMock.on(DescribeExecutionCommand, { executionArn: execution('r-2') }).resolves({
      executionArn: execution('r-2'),
      stateMachineArn: MACHINE,
      status: 'FAILED',
      startDate: new Date(),
      input: '{"refundId":"r-2"}',
      error: 'PayoutFailed',
      cause: JSON.stringify({ errorType: 'ProviderDown', errorMessage: 'provider\nunavailable', trace: ['x'] }),
      redriveStatus: 'REDRIVABLE',
    });
    sfnMock.on(DescribeExecutionCommand, { executionArn: execution('r-3') }).resolves({
      executionArn: execution('r-3'),
      stateMachineArn: MACHINE,
      status: 'TIMED_OUT',
      startDate: new Date(),
      input: '{"refundId":"r-3"}',
      error: 'States.Timeout',
      redriveStatus: 'NOT_REDRIVABLE',
    });

    const result = await cli('failed-executions', '--since', '2026-11-30T00:00:00Z');
    expect(result.code).toBe(0);
    expect(result.out.split('\n')).toEqual([
      '2026-12-01T11:00:00.000Z  TIMED_OUT  refund r-3',
      '  error: States.Timeout',
      `  arn:   ${execution('r-3')}`,
      '  redrive: not redrivable (see docs/operations.md#failed-execution)',
      '2026-12-01T10:00:00.000Z  FAILED  refund r-2',
      '  error: PayoutFailed',
      '  cause: ProviderDown: provider unavailable',
      `  arn:   ${execution('r-2')}`,
      `  redrive: npm run ops -- redrive-execution ${execution('r-2')}`,
    ]);
    expect(sfnMock).not.toHaveReceivedCommandWith(DescribeExecutionCommand, { executionArn: execution('r-old') });
  });

  it('looks back 24 hours by default and says when nothing failed', async () => {
    deployed();
    sfnMock.on(ListExecutionsCommand).resolves({ executions: [] });
    const result = await cli('failed-executions');
    expect(result.out).toBe('no failed executions since 2026-12-01T00:00:00.000Z');
  });
});

describe('redrive-execution', () => {
  beforeEach(deployed);

  it('redrives an execution of the stack’s state machine', async () => {
    sfnMock.on(RedriveExecutionCommand).resolves({ redriveDate: new Date('2026-12-02T00:00:01Z') });
    const result = await cli('redrive-execution', execution('r-2'));
    expect(result.code).toBe(0);
    expect(sfnMock).toHaveReceivedCommandWith(RedriveExecutionCommand, { executionArn: execution('r-2') });
    expect(result.out).toContain(`redriven ${execution('r-2')} at 2026-12-02T00:00:01.000Z`);
  });

  it('with --dry-run only reports whether it can be redriven', async () => {
    sfnMock.on(DescribeExecutionCommand).resolves({
      executionArn: execution('r-2'),
      stateMachineArn: MACHINE,
      status: 'FAILED',
      startDate: new Date(),
      redriveStatus: 'REDRIVABLE',
    });
    const result = await cli('redrive-execution', execution('r-2'), '--dry-run');
    expect(result.out).toBe(`dry run: ${execution('r-2')} is FAILED, redrive REDRIVABLE; nothing changed`);
    expect(sfnMock).not.toHaveReceivedCommand(RedriveExecutionCommand);
  });

  it('refuses an execution of another state machine without sending anything to Step Functions', async () => {
    const other = `arn:aws-cn:states:cn-north-1:${ACCOUNT}:execution:SomethingElse:r-2`;
    const result = await cli('redrive-execution', other);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`ops: ${other} is not an execution of the stack's state machine ${MACHINE}`);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('says why Step Functions will not redrive it', async () => {
    sfnMock
      .on(RedriveExecutionCommand)
      .rejects(new ExecutionNotRedrivable({ message: 'Execution is SUCCEEDED', $metadata: {} }));
    const result = await cli('redrive-execution', execution('r-2'));
    expect(result.code).toBe(1);
    expect(result.err).toBe(`ops: ${execution('r-2')} cannot be redriven: Execution is SUCCEEDED`);
  });
});

describe('a failed asynchronous event of one of two scheduled functions', () => {
  const monitor: Source = {
    kind: 'lambda',
    id: 'Monitor',
    name: 'Monitor',
    physical: 'fn-monitor',
    triggers: ['schedule'],
  };
  const report: Source = {
    kind: 'lambda',
    id: 'DailyReport',
    name: 'DailyReport',
    physical: 'fn-report',
    triggers: ['schedule'],
    scheduleInput: '{"report":"daily","id":"<aws.scheduler.execution-id>"}',
  };
  const failed = (body: string): Message => ({
    MessageId: 'm',
    ReceiptHandle: 'h',
    Body: body,
    MessageAttributes: attributes({ RequestID: 'req', ErrorCode: '200', ErrorMessage: 'boom' }),
  });

  it('goes back to the function whose schedule sends that input, key order aside', () => {
    const plan = planFor(failed('{ "id": "e-1", "report": "daily" }'), [monitor, report]);
    expect(plan).toMatchObject({ action: 'invoke', functionName: 'fn-report' });
  });

  it('goes back to the function whose schedule sends no input of its own otherwise', () => {
    expect(planFor(failed('{"id":"e-2"}'), [monitor, report])).toMatchObject({
      action: 'invoke',
      functionName: 'fn-monitor',
    });
  });

  it("tells the analytics fold's run from the monitor's, which sends the same id and time untagged", () => {
    const fold: Source = {
      kind: 'lambda',
      id: 'AnalyticsFold',
      name: 'AnalyticsFold',
      physical: 'fn-fold',
      triggers: ['schedule'],
      scheduleInput: '{"fold":"analytics","id":"<aws.scheduler.execution-id>","time":"<aws.scheduler.scheduled-time>"}',
    };
    const sources = [monitor, report, fold];
    expect(planFor(failed('{"fold":"analytics","id":"e-4","time":"t"}'), sources)).toMatchObject({
      action: 'invoke',
      functionName: 'fn-fold',
    });
    expect(planFor(failed('{"id":"e-5","time":"t"}'), sources)).toMatchObject({ functionName: 'fn-monitor' });
  });

  it('reads Scheduler placeholders as any string, and nothing else as a wildcard', () => {
    const template = '{"report":"daily","id":"<aws.scheduler.execution-id>","time":"<aws.scheduler.scheduled-time>"}';
    expect(matchesScheduleInput(template, '{"time":"2026-12-02T01:00:00Z","id":"x","report":"daily"}')).toBe(true);
    expect(matchesScheduleInput(template, '{"id":"x","time":"t"}')).toBe(false);
    expect(matchesScheduleInput(template, '{"report":"weekly","id":"x","time":"t"}')).toBe(false);
    expect(matchesScheduleInput(template, '{"report":"daily","id":1,"time":"t"}')).toBe(false);
    expect(matchesScheduleInput(template, 'not json')).toBe(false);
  });

  it("goes back to the function a bus rule invokes when it is a bus event (refund analytics' counting)", () => {
    const analytics: Source = {
      kind: 'lambda',
      id: 'RefundAnalytics',
      name: 'RefundAnalytics',
      physical: 'fn-analytics',
      triggers: ['rule'],
    };
    const event = JSON.stringify({ 'detail-type': 'refund.paid', source: 'refund-pipeline.refunds', detail: {} });
    expect(planFor(failed(event), [monitor, report, analytics])).toMatchObject({
      action: 'invoke',
      functionName: 'fn-analytics',
    });
    expect(planFor(failed('{"id":"e-3"}'), [monitor, report, analytics])).toMatchObject({
      functionName: 'fn-monitor',
    });
  });

  it('is kept when two scheduled functions could have sent it', () => {
    const plan = planFor(failed('{}'), [monitor, { ...report, id: 'Other', scheduleInput: undefined } as Source]);
    expect(plan.action).toBe('keep');
  });
});

describe('clear-ended-state-keys', () => {
  const key = (id: string) => ({ pk: { S: `REFUND#${id}` }, sk: { S: '#REFUND' } });
  /** Two scan pages: two ended refunds still in byState, then one more. */
  function pages() {
    dynamoMock
      .on(ScanCommand, { TableName: MAIN_TABLE_NAME, ExclusiveStartKey: undefined })
      .resolves({ Items: [key('a'), key('b')], ScannedCount: 500, LastEvaluatedKey: key('b') })
      .on(ScanCommand, { TableName: MAIN_TABLE_NAME, ExclusiveStartKey: key('b') })
      .resolves({ Items: [key('c')], ScannedCount: 120 });
  }

  it('removes the byState keys of every ended refund, each only while it is still ended', async () => {
    deployed();
    pages();
    dynamoMock.on(UpdateItemCommand).resolves({});
    const { code, out } = await cli('clear-ended-state-keys');
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toEqual([
      `${MAIN_TABLE_NAME}: 620 items read, 3 ended refunds still in byState; cleared 3`,
    ]);
    const scan = dynamoMock.commandCalls(ScanCommand)[0]?.args[0].input;
    expect(scan?.FilterExpression).toBe('begins_with(gsi4pk, :refund) AND #status IN (:s0, :s1, :s2)');
    expect(Object.values(scan?.ExpressionAttributeValues ?? {}).map((v) => v.S)).toEqual([
      'REFUND#',
      'REFUNDED',
      'REJECTED',
      'CANCELLED',
    ]);
    const updates = dynamoMock.commandCalls(UpdateItemCommand).map((c) => c.args[0].input);
    expect(updates.map((u) => u.Key?.pk?.S)).toEqual(['REFUND#a', 'REFUND#b', 'REFUND#c']);
    for (const update of updates) {
      expect(update).toMatchObject({
        TableName: MAIN_TABLE_NAME,
        UpdateExpression: 'REMOVE gsi4pk, gsi4sk',
        ConditionExpression: 'attribute_exists(gsi4pk) AND #status IN (:s0, :s1, :s2)',
      });
    }
  });

  it('leaves a refund that changed meanwhile alone, and says so', async () => {
    deployed();
    pages();
    dynamoMock
      .on(UpdateItemCommand)
      .resolves({})
      .on(UpdateItemCommand, { Key: key('b') })
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    const { code, out } = await cli('clear-ended-state-keys');
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toEqual([
      `${MAIN_TABLE_NAME}: 620 items read, 3 ended refunds still in byState; cleared 2`,
      '1 changed meanwhile and were left alone',
    ]);
  });

  it('with --dry-run counts them and writes nothing', async () => {
    deployed();
    pages();
    const { code, out } = await cli('clear-ended-state-keys', '--dry-run');
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toEqual([
      `${MAIN_TABLE_NAME}: 620 items read, 3 ended refunds still in byState; would clear 3 (--dry-run: nothing changed)`,
    ]);
    expect(dynamoMock.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });
});
