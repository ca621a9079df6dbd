/**
 * Operator commands for a deployed stack (`npm run ops -- <command> [options]`, see USAGE): the dead-letter queues
 * and what feeds them, sending their messages back, and the refund lifecycle's failed executions. The runbooks in
 * docs/operations.md say when to use which.
 *
 * Everything is found in the deployed stack itself: its resources (CloudFormation ListStackResources) give the
 * physical names, its template (GetTemplate) says which queue is the dead-letter queue of what (a Lambda function's
 * DeadLetterConfig, a schedule's or rule's target, an SNS subscription's or SQS queue's RedrivePolicy, a pipe's
 * DeadLetterConfig). Every operation is an exported function taking the SDK clients, so tests drive them with
 * aws-sdk-client-mock. Bad usage exits 2 before anything is sent; AWS errors and refusals print one line and exit 1.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CloudFormationClient,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  type ExecutionListItem,
  ExecutionStatus,
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
import { MAIN_TABLE } from '../functions/adapters/dynamodb/tables.ts';
import { TERMINAL_STATUSES } from '../functions/domain/vocabulary.ts';
import { describeAwsError, oneLine } from './aws-errors.ts';

/** Wrong command line: the usage text is printed and the process exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
/** A refused operation or a missing piece of the deployment: one line, exit 1. */
export class OpsError extends Error {
  override name = 'OpsError';
}

export const USAGE = `usage: npm run ops -- <command> [options]

commands:
  dlqs
      The stack's dead-letter queues: messages waiting and in flight, and what sends each one its failures.
  redrive <queue> [--dry-run] [--max N]
      Sends a dead-letter queue's messages back where they came from. <queue> is a name from dlqs (its path,
      queue name, URL or logical id).
      - A queue fed only by SQS queues: an SQS message move task (StartMessageMoveTask) back to its sources.
      - Otherwise one message at a time, by what put it there, then the message is deleted:
        EventBridge Scheduler or rule  its target Lambda function is invoked (synchronously) with the message body
        Lambda asynchronous invocation  the function is invoked again (synchronously) with the event
                                       (with several such functions: an S3 event goes to the one S3 triggers,
                                       any other to the scheduled one whose schedule sends that input)
        SNS subscription               the message is published to its topic again (every subscriber receives it)
        SQS queue                      the message is sent back to that queue
        A message whose re-delivery fails stays in the queue (visible again 5 minutes later); one whose origin
        cannot be told, or that came from an EventBridge Pipe (its DLQ holds batch details, not the records), stays
        there untouched: read it with the console or the AWS CLI (docs/operations.md#dead-letter-messages).
      --dry-run  says what would be done and changes nothing
      --max N    handles at most N messages (default 100)
  failed-executions [--since ISO] [--limit N]
      Failed and timed-out refund lifecycle executions that stopped since --since (ISO 8601, default 24 hours
      ago), newest first, with their refund id, error and cause. At most --limit (default 50).
  redrive-execution <execution-arn> [--dry-run]
      Redrives one failed execution from the state that failed (Step Functions RedriveExecution).
  clear-ended-state-keys [--dry-run]
      Takes refunds that have ended (REFUNDED, REJECTED, CANCELLED) out of the monitor's byState index, once, on a
      stack that ran a version before 2026-12-02, whose payouts left paid refunds there (the monitor then read them
      all on every run). Scans the main table (one full read) and removes each ended refund's byState keys, only
      while it is still ended. --dry-run counts them and changes nothing.

options of every command:
  --stack NAME   the stack (default RefundPipeline-<STAGE>, STAGE from the environment, else dev: RefundPipeline-dev)
  --region R     AWS region (default: AWS_REGION or your profile's region)
  --help         this text`;

export const DEFAULT_MAX_MESSAGES = 100;
export const DEFAULT_EXECUTION_LIMIT = 50;
/** How long a message being re-delivered is hidden; a failed one becomes visible again after it. */
export const REDRIVE_VISIBILITY_SECONDS = 300;

export const defaultStackName = (env: NodeJS.ProcessEnv = process.env): string =>
  `RefundPipeline-${env.STAGE?.trim() || 'dev'}`;

// ---------------------------------------------------------------------------------------------------------------
// The deployed stack

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
export interface StackTemplate {
  Resources: Record<string, TemplateResource>;
}

/** What sends a dead-letter queue its failures, as the template declares it (logical ids). */
export type SourceRef =
  | {
      kind: 'lambda';
      id: string;
      triggers: ('s3' | 'schedule' | 'rule')[];
      /** The input its schedule sends, when it sets one: tells two scheduled functions' failed events apart. */
      scheduleInput?: string;
    }
  | { kind: 'schedule'; id: string; target?: string }
  | { kind: 'rule'; id: string }
  | { kind: 'sns'; id: string; topic?: string }
  | { kind: 'sqs'; id: string }
  | { kind: 'pipe'; id: string }
  | { kind: 'other'; id: string; type: string };

const KINDS: Record<string, SourceRef['kind']> = {
  'AWS::Lambda::Function': 'lambda',
  'AWS::Lambda::EventInvokeConfig': 'lambda',
  'AWS::Scheduler::Schedule': 'schedule',
  'AWS::Events::Rule': 'rule',
  'AWS::SNS::Subscription': 'sns',
  'AWS::SQS::Queue': 'sqs',
  'AWS::Pipes::Pipe': 'pipe',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The logical id an intrinsic (`Ref` or `Fn::GetAtt`) names, if it is one. */
function referenced(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

/** Every [path, logical id] referenced under a value, `path` being the property names down to it. */
function references(value: unknown, path: string[] = []): [string[], string][] {
  const id = referenced(value);
  if (id) return [[path, id]];
  if (Array.isArray(value)) return value.flatMap((item, i) => references(item, [...path, String(i)]));
  if (isRecord(value)) return Object.entries(value).flatMap(([key, item]) => references(item, [...path, key]));
  return [];
}

/**
 * Which queues are dead-letter queues of what: a queue referenced under a property named like "DeadLetter…" (Lambda
 * DeadLetterConfig, a schedule's, rule's or pipe's DeadLetterConfig, an SQS or SNS RedrivePolicy's
 * deadLetterTargetArn) or "OnFailure" (a Lambda destination), keyed by the queue's logical id.
 */
export function deadLetterSources(template: StackTemplate): Map<string, SourceRef[]> {
  const resources = template.Resources;
  const isQueue = (id: string) => resources[id]?.Type === 'AWS::SQS::Queue';
  const triggersOf = (fn: string): ('s3' | 'schedule' | 'rule')[] => {
    const triggers = new Set<'s3' | 'schedule' | 'rule'>();
    for (const resource of Object.values(resources)) {
      const p = resource.Properties ?? {};
      if (
        resource.Type === 'AWS::Lambda::Permission' &&
        p.Principal === 's3.amazonaws.com' &&
        referenced(p.FunctionName) === fn
      ) {
        triggers.add('s3');
      }
      if (resource.Type === 'AWS::Scheduler::Schedule' && isRecord(p.Target) && referenced(p.Target.Arn) === fn) {
        triggers.add('schedule');
      }
      if (
        resource.Type === 'AWS::Events::Rule' &&
        Array.isArray(p.Targets) &&
        p.Targets.some((t) => isRecord(t) && referenced(t.Arn) === fn)
      ) {
        triggers.add('rule');
      }
    }
    return [...triggers].sort();
  };
  const scheduleInputOf = (fn: string): string | undefined => {
    for (const resource of Object.values(resources)) {
      const p = resource.Properties ?? {};
      if (resource.Type !== 'AWS::Scheduler::Schedule' || !isRecord(p.Target) || referenced(p.Target.Arn) !== fn)
        continue;
      if (typeof p.Target.Input === 'string') return p.Target.Input;
    }
    return undefined;
  };
  const found = new Map<string, SourceRef[]>();
  for (const [id, resource] of Object.entries(resources)) {
    const p = resource.Properties ?? {};
    for (const [path, target] of references(p)) {
      if (!isQueue(target) || !path.some((key) => /dead.?letter|onfailure/i.test(key))) continue;
      const kind = KINDS[resource.Type] ?? 'other';
      let source: SourceRef;
      if (kind === 'lambda') {
        const fn = resource.Type === 'AWS::Lambda::Function' ? id : (referenced(p.FunctionName) ?? id);
        const input = scheduleInputOf(fn);
        source = { kind, id: fn, triggers: triggersOf(fn), ...(input === undefined ? {} : { scheduleInput: input }) };
      } else if (kind === 'schedule') {
        const fn = isRecord(p.Target) ? referenced(p.Target.Arn) : undefined;
        source = { kind, id, ...(fn ? { target: fn } : {}) };
      } else if (kind === 'sns') {
        const topic = referenced(p.TopicArn);
        source = { kind, id, ...(topic ? { topic } : {}) };
      } else if (kind === 'other') {
        source = { kind, id, type: resource.Type };
      } else {
        source = { kind, id };
      }
      const list = found.get(target) ?? [];
      if (!list.some((s) => s.kind === source.kind && s.id === source.id)) list.push(source);
      found.set(target, list);
    }
  }
  return found;
}

/** The resource's construct path without the stack and `/Resource` (e.g. `Monitoring/DeadLetters`), else its id. */
export function displayName(template: StackTemplate, id: string): string {
  const path = template.Resources[id]?.Metadata?.['aws:cdk:path'];
  if (typeof path !== 'string') return id;
  return path
    .split('/')
    .slice(1)
    .join('/')
    .replace(/\/Resource$/, '');
}

export interface Stack {
  name: string;
  template: StackTemplate;
  /** Physical id by logical id (queue URL, function name, topic ARN, state machine ARN…). */
  physical: Map<string, string>;
  types: Map<string, string>;
}

export async function loadStack(cloudformation: CloudFormationClient, name: string): Promise<Stack> {
  const summaries: StackResourceSummary[] = [];
  let NextToken: string | undefined;
  try {
    do {
      const page = await cloudformation.send(new ListStackResourcesCommand({ StackName: name, NextToken }));
      summaries.push(...(page.StackResourceSummaries ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) {
      throw new OpsError(`stack ${name} not found in this region: deploy it, or pass --stack / --region`);
    }
    throw error;
  }
  const { TemplateBody } = await cloudformation.send(
    new GetTemplateCommand({ StackName: name, TemplateStage: 'Original' }),
  );
  let template: StackTemplate;
  try {
    template = JSON.parse(TemplateBody ?? '');
  } catch {
    throw new OpsError(`stack ${name}: its template is not JSON (deploy it with cdk deploy)`);
  }
  if (!isRecord(template) || !isRecord(template.Resources)) {
    throw new OpsError(`stack ${name}: its template has no resources`);
  }
  const physical = new Map<string, string>();
  const types = new Map<string, string>();
  for (const s of summaries) {
    if (!s.LogicalResourceId) continue;
    if (s.PhysicalResourceId) physical.set(s.LogicalResourceId, s.PhysicalResourceId);
    if (s.ResourceType) types.set(s.LogicalResourceId, s.ResourceType);
  }
  return { name, template, physical, types };
}

// ---------------------------------------------------------------------------------------------------------------
// Dead-letter queues

/** A source with its physical name resolved, as redrive needs it. */
export type Source = SourceRef & { name: string; physical?: string };

export interface DeadLetterQueue {
  id: string;
  name: string;
  url: string;
  sources: Source[];
}

export interface QueueCounts {
  arn: string;
  visible: number;
  inFlight: number;
}

export function deadLetterQueues(stack: Stack): DeadLetterQueue[] {
  const queues: DeadLetterQueue[] = [];
  const name = (id: string) => displayName(stack.template, id);
  for (const [id, refs] of deadLetterSources(stack.template)) {
    const url = stack.physical.get(id);
    if (!url) continue;
    const sources = refs.map((ref): Source => {
      const physical = stack.physical.get(ref.id);
      return { ...ref, name: name(ref.id), ...(physical ? { physical } : {}) };
    });
    queues.push({ id, name: name(id), url, sources });
  }
  return queues.sort((a, b) => a.name.localeCompare(b.name));
}

export async function queueCounts(sqs: SQSClient, url: string): Promise<QueueCounts> {
  const { Attributes: a = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    arn: a.QueueArn ?? '',
    visible: Number(a.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

function describeSource(source: Source, stack: Stack): string {
  switch (source.kind) {
    case 'lambda':
      return `Lambda ${source.name} (async invocations${source.triggers.length ? `: ${source.triggers.join(', ')}` : ''})`;
    case 'schedule':
      return `schedule ${source.name}${source.target ? ` -> ${displayName(stack.template, source.target)}` : ''}`;
    case 'sns':
      return `SNS subscription ${source.name}${source.topic ? ` of ${displayName(stack.template, source.topic)}` : ''}`;
    case 'sqs':
      return `SQS queue ${source.name}`;
    case 'pipe':
      return `EventBridge Pipe ${source.name}`;
    case 'rule':
      return `EventBridge rule ${source.name}`;
    case 'other':
      return `${source.type} ${source.name}`;
  }
}

export async function listDeadLetterQueues(clients: Pick<Clients, 'sqs'>, stack: Stack): Promise<string[]> {
  const queues = deadLetterQueues(stack);
  if (queues.length === 0) return [`stack ${stack.name} has no dead-letter queues`];
  const lines: string[] = [];
  for (const queue of queues) {
    const counts = await queueCounts(clients.sqs, queue.url);
    lines.push(`${queue.name}: ${counts.visible} waiting, ${counts.inFlight} in flight`);
    lines.push(`  url: ${queue.url}`);
    for (const source of queue.sources) lines.push(`  from: ${describeSource(source, stack)}`);
  }
  return lines;
}

export function findQueue(stack: Stack, wanted: string): DeadLetterQueue {
  const queues = deadLetterQueues(stack);
  // `Monitoring/DeadLetters` also names the queue of a template without path metadata (logical id + 8 hex digits).
  const path = wanted.replace(/\//g, '');
  const found = queues.find(
    (q) =>
      q.id === wanted ||
      q.name === wanted ||
      q.url === wanted ||
      q.url.split('/').pop() === wanted ||
      q.id.replace(/[0-9A-F]{8}$/, '') === path,
  );
  if (found) return found;
  const names = queues.map((q) => q.name).join(', ') || 'none';
  throw new OpsError(`${wanted} is not a dead-letter queue of stack ${stack.name} (its dead-letter queues: ${names})`);
}

/** What to do with one dead-lettered message. */
export type Plan =
  | { action: 'invoke'; functionName: string; payload: string; why: string }
  | { action: 'publish'; topicArn: string; message: string; subject?: string; why: string }
  | { action: 'send'; queueArn: string; body: string; why: string }
  | { action: 'keep'; why: string };

const attribute = (message: Message, name: string) => message.MessageAttributes?.[name]?.StringValue;

function parse(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
}

/** An event a rule on an EventBridge bus delivered (the refunds bus → RefundAnalytics). */
const isBusEvent = (event: unknown): boolean =>
  isRecord(event) && typeof event['detail-type'] === 'string' && typeof event.source === 'string' && 'detail' in event;

const isS3Event = (event: unknown): boolean =>
  isRecord(event) &&
  Array.isArray(event.Records) &&
  event.Records.some((r) => isRecord(r) && r.eventSource === 'aws:s3');

/** Decides, from the message and the queue's sources, where a message goes back to. Sends nothing. */
export function planFor(message: Message, sources: readonly Source[]): Plan {
  const body = message.Body ?? '';
  const sqsSource = message.Attributes?.DeadLetterQueueSourceArn;
  if (sqsSource) return { action: 'send', queueArn: sqsSource, body, why: `back to SQS queue ${sqsSource}` };

  // EventBridge Scheduler and rules say which target they failed to reach.
  const target = attribute(message, 'TARGET_ARN');
  if (target) {
    const from = attribute(message, 'SCHEDULE_ARN') ?? attribute(message, 'RULE_ARN') ?? 'EventBridge';
    if (/^arn:aws[a-z-]*:lambda:/.test(target)) {
      return { action: 'invoke', functionName: target, payload: body, why: `re-invoke ${target} (from ${from})` };
    }
    return { action: 'keep', why: `its target ${target} (from ${from}) is not a Lambda function: re-send it by hand` };
  }

  const envelope = parse(body);
  if (isRecord(envelope) && envelope.Type === 'Notification' && typeof envelope.TopicArn === 'string') {
    return {
      action: 'publish',
      topicArn: envelope.TopicArn,
      message: typeof envelope.Message === 'string' ? envelope.Message : JSON.stringify(envelope.Message),
      ...(typeof envelope.Subject === 'string' && envelope.Subject ? { subject: envelope.Subject } : {}),
      why: `publish again to ${envelope.TopicArn}`,
    };
  }

  if (attribute(message, 'RequestID') !== undefined || attribute(message, 'ErrorCode') !== undefined) {
    const functions = sources.filter((s): s is Source & { kind: 'lambda' } => s.kind === 'lambda');
    const trigger = isS3Event(envelope) ? 's3' : isBusEvent(envelope) ? 'rule' : 'schedule';
    const triggered = functions.length === 1 ? functions : functions.filter((s) => s.triggers.includes(trigger));
    // Two scheduled functions: the one whose schedule sends this very input, else the one whose schedule sends none.
    const sameInput = triggered.filter(
      (s) => s.scheduleInput !== undefined && matchesScheduleInput(s.scheduleInput, body),
    );
    const candidates =
      trigger !== 'schedule' || triggered.length < 2
        ? triggered
        : sameInput.length
          ? sameInput
          : triggered.filter((s) => s.scheduleInput === undefined);
    const [only] = candidates;
    if (candidates.length === 1 && only?.physical) {
      return {
        action: 'invoke',
        functionName: only.physical,
        payload: body,
        why: `re-invoke ${only.name} (${only.physical}), whose asynchronous invocation failed (${attribute(message, 'ErrorCode') ?? 'error'})`,
      };
    }
    return {
      action: 'keep',
      why: `a failed Lambda invocation, but which function it was cannot be told (${candidates.map((c) => c.name).join(', ') || 'no candidate'})`,
    };
  }
  if (sources.some((s) => s.kind === 'pipe')) {
    return { action: 'keep', why: 'possibly from an EventBridge Pipe: its records must be re-read from the source' };
  }
  return { action: 'keep', why: 'its origin cannot be told from the message' };
}

/**
 * Whether `body` is what a schedule whose target input is `template` sends: the same JSON value, where a Scheduler
 * context placeholder (`<aws.scheduler.execution-id>`, `<aws.scheduler.scheduled-time>`…) stands for any string.
 */
export function matchesScheduleInput(template: string, body: string): boolean {
  const PLACEHOLDER = /^<aws\.scheduler\.[a-z.-]+>$/;
  const same = (want: unknown, got: unknown): boolean => {
    if (typeof want === 'string' && PLACEHOLDER.test(want)) return typeof got === 'string';
    if (Array.isArray(want)) {
      return Array.isArray(got) && want.length === got.length && want.every((item, i) => same(item, got[i]));
    }
    if (isRecord(want)) {
      if (!isRecord(got)) return false;
      const keys = Object.keys(want);
      return keys.length === Object.keys(got).length && keys.every((key) => key in got && same(want[key], got[key]));
    }
    return want === got;
  };
  const want = parse(template);
  const got = parse(body);
  return want !== undefined && got !== undefined && same(want, got);
}

async function perform(plan: Exclude<Plan, { action: 'keep' }>, clients: Clients): Promise<void> {
  if (plan.action === 'invoke') {
    const result = await clients.lambda.send(
      new InvokeCommand({
        FunctionName: plan.functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(plan.payload || '{}'),
      }),
    );
    if (result.FunctionError) {
      const returned = parse(result.Payload ? new TextDecoder().decode(result.Payload) : '');
      const message = isRecord(returned) && typeof returned.errorMessage === 'string' ? returned.errorMessage : '';
      throw new OpsError(`the function failed again (${result.FunctionError}${message ? `: ${message}` : ''})`);
    }
  } else if (plan.action === 'publish') {
    await clients.sns.send(
      new PublishCommand({
        TopicArn: plan.topicArn,
        Message: plan.message,
        ...(plan.subject ? { Subject: plan.subject } : {}),
      }),
    );
  } else {
    const [, , , , account, queueName] = plan.queueArn.split(':');
    const { QueueUrl } = await clients.sqs.send(
      new GetQueueUrlCommand({ QueueName: queueName, ...(account ? { QueueOwnerAWSAccountId: account } : {}) }),
    );
    await clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: plan.body }));
  }
}

export interface RedriveOptions {
  dryRun?: boolean;
  max?: number;
}

export interface RedriveResult {
  lines: string[];
  /** Messages that should have gone back and did not (re-delivery failed): the command exits 1. */
  failed: number;
}

/**
 * Sends a dead-letter queue's messages back (see USAGE). A queue fed only by SQS queues gets one message move task;
 * any other is handled message by message, each deleted only once re-delivered.
 */
export async function redrive(
  clients: Clients,
  queue: DeadLetterQueue,
  options: RedriveOptions = {},
): Promise<RedriveResult> {
  const { sqs } = clients;
  const dryRun = options.dryRun ?? false;
  const max = options.max ?? DEFAULT_MAX_MESSAGES;
  const counts = await queueCounts(sqs, queue.url);
  const lines: string[] = [`${queue.name}: ${counts.visible} waiting, ${counts.inFlight} in flight`];
  const onlySqs = queue.sources.length > 0 && queue.sources.every((s) => s.kind === 'sqs');
  if (onlySqs) {
    const { queueUrls = [] } = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: queue.url }));
    const to = queueUrls.join(', ') || queue.sources.map((s) => s.name).join(', ');
    if (counts.visible === 0) {
      lines.push('no message to redrive');
      return { lines, failed: 0 };
    }
    if (dryRun) {
      lines.push(`dry run: would start a message move task of ~${counts.visible} messages back to ${to}`);
      return { lines, failed: 0 };
    }
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: counts.arn }));
    lines.push(`started a message move task of ~${counts.visible} messages back to ${to} (task ${TaskHandle})`);
    lines.push(`follow it: aws sqs list-message-move-tasks --source-arn ${counts.arn}`);
    return { lines, failed: 0 };
  }

  const seen: Message[] = [];
  const ids = new Set<string>();
  let redriven = 0;
  let kept = 0;
  let failed = 0;
  while (ids.size < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: Math.min(10, max - ids.size),
        VisibilityTimeout: dryRun ? 60 : REDRIVE_VISIBILITY_SECONDS,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId && !ids.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh) {
      const id = message.MessageId ?? '';
      ids.add(id);
      seen.push(message);
      const plan = planFor(message, queue.sources);
      if (plan.action === 'keep') {
        kept++;
        lines.push(`kept ${id}: ${plan.why}`);
        continue;
      }
      if (dryRun) {
        lines.push(`would ${plan.why} (message ${id})`);
        continue;
      }
      try {
        await perform(plan, clients);
      } catch (error) {
        failed++;
        lines.push(`kept ${id}: ${plan.why} failed: ${oneLine(error)}`);
        continue;
      }
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }));
      redriven++;
      lines.push(`${plan.why}: done, message ${id} deleted`);
    }
  }
  // Nothing was done with them: show them to the next reader at once rather than in a minute (or five).
  const untouched = dryRun ? seen : seen.filter((m) => planFor(m, queue.sources).action === 'keep');
  for (const message of untouched) {
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queue.url,
        ReceiptHandle: message.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
  }
  if (ids.size === 0) lines.push('no message to redrive');
  else if (dryRun) lines.push(`dry run: ${ids.size} messages read, nothing changed`);
  else lines.push(`${redriven} redriven, ${failed} failed (visible again in 5 minutes), ${kept} kept`);
  if (ids.size >= max) lines.push(`stopped at --max ${max}: run it again for the rest`);
  return { lines, failed };
}

// ---------------------------------------------------------------------------------------------------------------
// State machine executions

/**
 * The refund lifecycle's state machine: the stack's Standard one. The payout workflow beside it is Express, whose
 * executions Step Functions does not keep (ListExecutions refuses them): its failures are in its log group and
 * the PayoutWorkflowFailures alarm (docs/operations.md).
 */
export function stateMachineArn(stack: Stack): string {
  const resources = stack.template.Resources as Record<string, unknown>;
  const typeOf = (id: string) => {
    const resource = resources[id];
    const properties = isRecord(resource) && isRecord(resource.Properties) ? resource.Properties : {};
    return properties.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
  };
  const arns = [...stack.types.entries()]
    .filter(([id, type]) => type === 'AWS::StepFunctions::StateMachine' && typeOf(id) === 'STANDARD')
    .map(([id]) => stack.physical.get(id))
    .filter((arn): arn is string => Boolean(arn));
  const [only] = arns;
  if (!only || arns.length > 1) {
    throw new OpsError(
      `stack ${stack.name} has ${arns.length} Standard state machines; expected the refund lifecycle alone`,
    );
  }
  return only;
}

// ---------------------------------------------------------------------------------------------------------------
// The monitor's byState index

/** The main table's name (the stack's `Data/Refunds` table). */
export function mainTableName(stack: Stack): string {
  const ids = [...stack.types.entries()]
    .filter(([id, type]) => type === 'AWS::DynamoDB::Table' && id.startsWith(`Data${MAIN_TABLE.id}`))
    .map(([id]) => id);
  const name = ids.length === 1 ? stack.physical.get(ids[0] ?? '') : undefined;
  if (!name) throw new OpsError(`stack ${stack.name} has no main table (Data/${MAIN_TABLE.id}) to clear`);
  return name;
}

/**
 * Removes the byState keys of every ended refund still carrying them (versions before 2026-12-02 left paid refunds
 * in the index: functions/adapters/dynamodb/payout-store.ts). Each removal is conditional on the refund still
 * having ended, so a run beside live traffic touches nothing else.
 */
export async function clearEndedStateKeys(dynamodb: DynamoDBClient, table: string, dryRun: boolean): Promise<string[]> {
  const ended = [...TERMINAL_STATUSES];
  const statusValues = Object.fromEntries(ended.map((status, i) => [`:s${i}`, { S: status }]));
  const inEnded = `#status IN (${ended.map((_, i) => `:s${i}`).join(', ')})`;
  let scanned = 0;
  let found = 0;
  let cleared = 0;
  let moved = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: `begins_with(gsi4pk, :refund) AND ${inEnded}`,
        ProjectionExpression: 'pk, sk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':refund': { S: 'REFUND#' }, ...statusValues },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    scanned += page.ScannedCount ?? 0;
    for (const key of page.Items ?? []) {
      found++;
      if (dryRun) continue;
      try {
        await dynamodb.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: key.pk as AttributeValue, sk: key.sk as AttributeValue },
            UpdateExpression: 'REMOVE gsi4pk, gsi4sk',
            ConditionExpression: `attribute_exists(gsi4pk) AND ${inEnded}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: statusValues,
          }),
        );
        cleared++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        moved++;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  const verdict = dryRun ? `would clear ${found} (--dry-run: nothing changed)` : `cleared ${cleared}`;
  return [
    `${table}: ${scanned} items read, ${found} ended refunds still in byState; ${verdict}`,
    ...(moved ? [`${moved} changed meanwhile and were left alone`] : []),
  ];
}

export interface FailedExecution {
  executionArn: string;
  status: string;
  stopDate?: Date;
  refundId?: string;
  error?: string;
  cause?: string;
  redrivable: boolean;
}

/** The refund id from an execution's input (`{"refundId": …}`, as StepFunctionsWorkflow.start writes it). */
export function refundIdOf(input: string | undefined): string | undefined {
  const parsed = parse(input);
  return isRecord(parsed) && typeof parsed.refundId === 'string' ? parsed.refundId : undefined;
}

/** A Lambda error's cause is JSON (`errorType`, `errorMessage`, `trace`): its message is what a person reads. */
export function readableCause(cause: string | undefined): string | undefined {
  if (!cause) return undefined;
  const parsed = parse(cause);
  const text =
    isRecord(parsed) && typeof parsed.errorMessage === 'string'
      ? `${typeof parsed.errorType === 'string' ? `${parsed.errorType}: ` : ''}${parsed.errorMessage}`
      : cause;
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

export async function failedExecutions(
  sfn: SFNClient,
  stateMachine: string,
  since: Date,
  limit = DEFAULT_EXECUTION_LIMIT,
): Promise<FailedExecution[]> {
  const items: ExecutionListItem[] = [];
  for (const statusFilter of [ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT]) {
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn: stateMachine, statusFilter, nextToken }),
      );
      for (const item of page.executions ?? []) {
        if (item.stopDate && item.stopDate >= since) items.push(item);
      }
      nextToken = page.nextToken;
    } while (nextToken);
  }
  items.sort((a, b) => (b.stopDate?.getTime() ?? 0) - (a.stopDate?.getTime() ?? 0));
  const found: FailedExecution[] = [];
  for (const item of items.slice(0, limit)) {
    if (!item.executionArn) continue;
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }));
    const refundId = refundIdOf(d.input);
    const cause = readableCause(d.cause);
    found.push({
      executionArn: item.executionArn,
      status: d.status ?? item.status ?? 'FAILED',
      ...(item.stopDate ? { stopDate: item.stopDate } : {}),
      ...(refundId ? { refundId } : {}),
      ...(d.error ? { error: d.error } : {}),
      ...(cause ? { cause } : {}),
      redrivable: d.redriveStatus === 'REDRIVABLE',
    });
  }
  return found;
}

export function formatExecutions(executions: FailedExecution[], since: Date, more: boolean): string[] {
  if (executions.length === 0) return [`no failed executions since ${since.toISOString()}`];
  const lines: string[] = [];
  for (const e of executions) {
    lines.push(`${e.stopDate?.toISOString() ?? '?'}  ${e.status}  refund ${e.refundId ?? '(no refundId in input)'}`);
    lines.push(`  error: ${e.error ?? '(none)'}`);
    if (e.cause) lines.push(`  cause: ${e.cause}`);
    lines.push(`  arn:   ${e.executionArn}`);
    lines.push(
      e.redrivable
        ? `  redrive: npm run ops -- redrive-execution ${e.executionArn}`
        : '  redrive: not redrivable (see docs/operations.md#failed-execution)',
    );
  }
  if (more) lines.push('more executions failed: raise --limit or narrow --since');
  return lines;
}

const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:([^:\s]+):([^:\s]+)$/;

export async function redriveExecution(
  sfn: SFNClient,
  stateMachine: string,
  executionArn: string,
  dryRun = false,
): Promise<string[]> {
  const machineName = stateMachine.split(':').pop();
  const match = EXECUTION_ARN.exec(executionArn);
  if (!match || match[1] !== machineName) {
    throw new OpsError(`${executionArn} is not an execution of the stack's state machine ${stateMachine}`);
  }
  if (dryRun) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return [
      `dry run: ${executionArn} is ${d.status}, redrive ${d.redriveStatus ?? 'status unknown'}` +
        `${d.redriveStatusReason ? ` (${d.redriveStatusReason})` : ''}; nothing changed`,
    ];
  }
  try {
    const { redriveDate } = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    return [
      `redriven ${executionArn} at ${redriveDate?.toISOString() ?? 'now'}: it resumes at the state that failed`,
      `refund ${match[2]}: check it again with npm run ops -- failed-executions`,
    ];
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'ExecutionNotRedrivable' || name === 'ExecutionDoesNotExist') {
      throw new OpsError(`${executionArn} cannot be redriven: ${oneLine(error)}`);
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Command line

export interface Clients {
  dynamodb: DynamoDBClient;
  cloudformation: CloudFormationClient;
  sqs: SQSClient;
  sfn: SFNClient;
  lambda: LambdaClient;
  sns: SNSClient;
}

type CommandName = 'dlqs' | 'redrive' | 'failed-executions' | 'redrive-execution' | 'clear-ended-state-keys';
const COMMANDS: Record<CommandName, { positional?: string; options: string[] }> = {
  dlqs: { options: [] },
  'clear-ended-state-keys': { options: ['dry-run'] },
  redrive: { positional: '<queue>', options: ['dry-run', 'max'] },
  'failed-executions': { options: ['since', 'limit'] },
  'redrive-execution': { positional: '<execution-arn>', options: ['dry-run'] },
};

export interface ParsedCommand {
  command: CommandName;
  stack: string;
  region?: string;
  target?: string;
  dryRun: boolean;
  max: number;
  since?: Date;
  limit: number;
}

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function positiveInteger(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000) {
    throw new UsageError(`--${option} must be a whole number from 1 to 10000 (got ${value})`);
  }
  return Number(value);
}

/** Parses and checks the command line without touching AWS. Throws UsageError. */
export function parseCommand(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedCommand {
  const [name, ...rest] = argv;
  if (!name) throw new UsageError('no command');
  if (!(name in COMMANDS)) throw new UsageError(`unknown command: ${name}`);
  const command = name as CommandName;
  const spec = COMMANDS[command];
  const own: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const option of spec.options) own[option] = { type: option === 'dry-run' ? 'boolean' : 'string' };
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...rest],
      options: { stack: { type: 'string' }, region: { type: 'string' }, ...own },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    throw new UsageError(`${command}: ${oneLine(error)}`);
  }
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  if (spec.positional && positionals.length !== 1) {
    throw new UsageError(`${command} takes exactly one ${spec.positional} (got ${positionals.length})`);
  }
  if (!spec.positional && positionals.length > 0) {
    throw new UsageError(`${command} takes no argument (got ${positionals.join(' ')})`);
  }
  const target = positionals[0];
  if (command === 'redrive-execution' && target && !EXECUTION_ARN.test(target)) {
    throw new UsageError(
      `not a Step Functions execution ARN: ${target} (arn:aws:states:<region>:<account>:execution:<machine>:<name>)`,
    );
  }
  const stack = text('stack') ?? defaultStackName(env);
  if (!STACK_NAME.test(stack)) throw new UsageError(`--stack must be a CloudFormation stack name (got ${stack})`);
  let since: Date | undefined;
  const sinceText = text('since');
  if (sinceText !== undefined) {
    since = new Date(sinceText);
    if (!ISO.test(sinceText) || Number.isNaN(since.getTime())) {
      throw new UsageError(`--since must be an ISO 8601 time such as 2026-12-01T00:00:00Z (got ${sinceText})`);
    }
  }
  const region = text('region');
  return {
    command,
    stack,
    ...(region ? { region } : {}),
    ...(target ? { target } : {}),
    dryRun: values['dry-run'] === true,
    max: positiveInteger('max', text('max'), DEFAULT_MAX_MESSAGES),
    ...(since ? { since } : {}),
    limit: positiveInteger('limit', text('limit'), DEFAULT_EXECUTION_LIMIT),
  };
}

export interface Outcome {
  lines: string[];
  /** Something asked for was not done (a message kept after a failed re-delivery): exit 1. */
  failed?: boolean;
}

/** Runs one parsed command and returns the lines to print. */
export async function execute(parsed: ParsedCommand, clients: Clients, now = new Date()): Promise<Outcome> {
  const stack = await loadStack(clients.cloudformation, parsed.stack);
  switch (parsed.command) {
    case 'dlqs':
      return { lines: await listDeadLetterQueues(clients, stack) };
    case 'redrive': {
      const queue = findQueue(stack, parsed.target ?? '');
      const result = await redrive(clients, queue, { dryRun: parsed.dryRun, max: parsed.max });
      return { lines: result.lines, failed: result.failed > 0 };
    }
    case 'failed-executions': {
      const since = parsed.since ?? new Date(now.getTime() - 24 * 3600_000);
      const found = await failedExecutions(clients.sfn, stateMachineArn(stack), since, parsed.limit + 1);
      return { lines: formatExecutions(found.slice(0, parsed.limit), since, found.length > parsed.limit) };
    }
    case 'redrive-execution':
      return {
        lines: await redriveExecution(clients.sfn, stateMachineArn(stack), parsed.target ?? '', parsed.dryRun),
      };
    case 'clear-ended-state-keys':
      return { lines: await clearEndedStateKeys(clients.dynamodb, mainTableName(stack), parsed.dryRun) };
  }
}

/** One line for an AWS (or our own) error, with a hint for the usual setup mistakes. */
export function describeError(error: unknown): string {
  return describeAwsError(error, OpsError);
}

export interface RunOptions {
  clients?: (region: string | undefined) => Clients;
  out?: (line: string) => void;
  err?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

const defaultClients = (region: string | undefined): Clients => {
  const config = region ? { region } : {};
  return {
    dynamodb: new DynamoDBClient(config),
    cloudformation: new CloudFormationClient(config),
    sqs: new SQSClient(config),
    sfn: new SFNClient(config),
    lambda: new LambdaClient(config),
    sns: new SNSClient(config),
  };
};

/** The CLI: returns the exit code (0 done, 1 AWS error, refused or not all done, 2 bad usage). */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (argv.length === 0 || argv[0] === 'help' || argv.includes('--help') || argv.includes('-h')) {
    (argv.length === 0 ? err : out)(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  let parsed: ParsedCommand;
  try {
    parsed = parseCommand(argv, options.env);
  } catch (error) {
    err(`ops: ${oneLine(error)}`);
    err(USAGE);
    return 2;
  }
  try {
    const clients = (options.clients ?? defaultClients)(parsed.region);
    const outcome = await execute(parsed, clients, options.now);
    for (const line of outcome.lines) out(line);
    return outcome.failed ? 1 : 0;
  } catch (error) {
    err(`ops: ${describeError(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.exitCode = await run(process.argv.slice(2));
}
