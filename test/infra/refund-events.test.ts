/**
 * Refund events as synthesized (infra/constructs/refund-events.ts): the main table streams NEW_AND_OLD_IMAGES; one
 * EventBridge Pipe reads that stream, lets through refund items only, enriches with the RefundEvents function and
 * targets the `refunds-<stage>` bus with the event's type as detail-type; the bus has an archive for replay; the
 * pipe's role reads this stream, invokes this function, puts on this bus and sends to the dead-letter queue, nothing
 * else; the enrichment function has no grants beyond its logs and traces.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REFUND_ITEM_FILTER } from '../../functions/adapters/dynamodb/stream-records.ts';
import { GRACE_MS, ON_TIME_MS } from '../../functions/domain/analytics/fold.ts';
import { ANALYTICS_EVENT_TYPES } from '../../functions/domain/analytics/tally.ts';
import { REFUND_EVENT_SOURCE } from '../../infra/constructs/refund-events.ts';
import { devStack } from '../support/dev-stack.ts';

interface Resource {
  Type: string;
  Properties: Record<string, any>;
}

let resources: Record<string, Resource>;

beforeAll(() => {
  const { template }: { template: Template } = devStack();
  resources = template.toJSON().Resources;
});

const list = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const only = (type: string, pattern: RegExp): [string, Resource] => {
  const found = ofType(type).filter(([id]) => pattern.test(id));
  expect(found, `${type} ${pattern}`).toHaveLength(1);
  return found[0] as [string, Resource];
};

function statementsOfRole(role: string) {
  return ofType('AWS::IAM::Policy')
    .map(([, r]) => r)
    .filter((r) => list(r.Properties.Roles).some((ref) => JSON.stringify(ref) === `{"Ref":"${role}"}`))
    .flatMap(
      (r) =>
        r.Properties.PolicyDocument.Statement as { Effect: string; Action: string | string[]; Resource: unknown }[],
    );
}

describe('refund events in the template', () => {
  it('streams the main table with both images', () => {
    const [, main] = only('AWS::DynamoDB::Table', /^DataRefunds[0-9A-F]{8}$/);
    expect(main.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('has the refunds-<stage> bus with an archive of its refund events', () => {
    const [busId, bus] = only('AWS::Events::EventBus', /^EventsBus/);
    expect(bus.Properties.Name).toBe('refunds-dev');
    const [, archive] = only('AWS::Events::Archive', /^EventsBusArchive/);
    expect(JSON.stringify(archive.Properties.SourceArn)).toContain(busId);
    expect(archive.Properties.EventPattern).toEqual({ source: [REFUND_EVENT_SOURCE] });
    expect(archive.Properties.RetentionDays).toBe(365);
  });

  it('pipes refund items of the stream through the enrichment function onto the bus', () => {
    const [, pipe] = only('AWS::Pipes::Pipe', /^EventsPipe/);
    const [tableId] = only('AWS::DynamoDB::Table', /^DataRefunds[0-9A-F]{8}$/);
    const [fnId] = only('AWS::Lambda::Function', /^EventsRefundEventsFunction/);
    const [busId] = only('AWS::Events::EventBus', /^EventsBus/);
    const props = pipe.Properties;
    expect(props.Source).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    expect(props.Enrichment).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    expect(props.Target).toEqual({ 'Fn::GetAtt': [busId, 'Arn'] });
    const filters = props.SourceParameters.FilterCriteria.Filters.map((f: { Pattern: string }) =>
      JSON.parse(f.Pattern),
    );
    expect(filters).toEqual([REFUND_ITEM_FILTER]);
    expect(props.SourceParameters.DynamoDBStreamParameters).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      // A record publishes at most two events and the bus takes ten per call: a bigger batch would not be delivered.
      BatchSize: 5,
      OnPartialBatchItemFailure: 'AUTOMATIC_BISECT',
      DeadLetterConfig: { Arn: expect.anything() },
      // Finite, or a failing batch holds up its shard until the stream drops it, and never reaches the dead letters.
      MaximumRetryAttempts: 185,
      MaximumRecordAgeInSeconds: 6 * 3600,
    });
    expect(props.TargetParameters.EventBridgeEventBusParameters).toEqual({
      Source: REFUND_EVENT_SOURCE,
      DetailType: '$.type',
      Time: '$.occurredAt',
    });
  });

  it("grants the pipe's role this stream, this function, this bus and the dead-letter queue, nothing else", () => {
    const [, pipe] = only('AWS::Pipes::Pipe', /^EventsPipe/);
    const roleId = pipe.Properties.RoleArn['Fn::GetAtt'][0];
    const statements = statementsOfRole(roleId);
    const actions = statements.flatMap((s) => list(s.Action)).sort();
    expect(actions).toEqual(
      [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'events:PutEvents',
        'lambda:InvokeFunction',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ].sort(),
    );
    expect(statements.every((s) => s.Effect === 'Allow' && JSON.stringify(s.Resource) !== '"*"')).toBe(true);
    const role = resources[roleId];
    expect(JSON.stringify(role?.Properties.AssumeRolePolicyDocument)).toContain('pipes.amazonaws.com');
  });

  it('gives the enrichment function no access to data: it only maps what the pipe hands it', () => {
    const [, fn] = only('AWS::Lambda::Function', /^EventsRefundEventsFunction/);
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const actions = statementsOfRole(roleId).flatMap((s) => list(s.Action));
    expect(actions.filter((a) => !a.startsWith('xray:'))).toEqual([]);
    expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual(
      ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'STAGE'].sort(),
    );
  });

  it('invokes RefundAnalytics from a rule on the bus for applications and endings only, failures to the DLQ', () => {
    const [busId] = only('AWS::Events::EventBus', /^EventsBus/);
    const [fnId, fn] = only('AWS::Lambda::Function', /^EventsRefundAnalyticsFunction/);
    const [, rule] = only('AWS::Events::Rule', /^EventsAnalyticsRule/);
    expect(rule.Properties.EventBusName).toEqual({ Ref: busId });
    expect(rule.Properties.EventPattern).toEqual({
      source: [REFUND_EVENT_SOURCE],
      'detail-type': [...ANALYTICS_EVENT_TYPES],
    });
    const [target] = rule.Properties.Targets;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    expect(target.DeadLetterConfig.Arn).toEqual(expect.anything());
    expect(target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 8 });
    // Invoked asynchronously: a failure after Lambda's own retries lands on the same dead-letter queue.
    expect(fn.Properties.DeadLetterConfig.TargetArn).toEqual(target.DeadLetterConfig.Arn);
    const permission = ofType('AWS::Lambda::Permission').find(
      ([, p]) =>
        JSON.stringify(p.Properties.FunctionName).includes(fnId) && p.Properties.Principal === 'events.amazonaws.com',
    );
    expect(permission?.[1].Properties.SourceArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^EventsAnalyticsRule/), 'Arn'],
    });
  });

  it('lets RefundAnalytics read refunds and orders, put its tallies and markers and check them, nothing else', () => {
    const [, fn] = only('AWS::Lambda::Function', /^EventsRefundAnalyticsFunction/);
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const actions = statementsOfRole(roleId)
      .flatMap((s) => list(s.Action))
      .filter((a) => !a.startsWith('xray:') && !a.startsWith('sqs:'));
    expect(actions.sort()).toEqual(['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem']);
    // Within the Lambda timeout the fold's grace is made of (domain/analytics/fold.ts): an event counted on time
    // lands before its slot closes.
    expect(fn.Properties.Timeout * 1000 * 3).toBeLessThanOrEqual(GRACE_MS);
    expect(ON_TIME_MS + fn.Properties.Timeout * 1000).toBeLessThan(GRACE_MS);
  });

  it('folds tallies into the counters every minute, with a function that may touch the main table only', () => {
    const [fnId, fn] = only('AWS::Lambda::Function', /^EventsAnalyticsFoldFunction/);
    const actions = statementsOfRole(fn.Properties.Role['Fn::GetAtt'][0])
      .flatMap((s) => list(s.Action))
      .filter((a) => !a.startsWith('xray:') && !a.startsWith('sqs:'));
    expect(actions.sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    const [, schedule] = only('AWS::Scheduler::Schedule', /^EventsAnalyticsFoldEvery/);
    expect(schedule.Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect(JSON.stringify(schedule.Properties.Target.Arn)).toContain(fnId);
    expect(JSON.parse(schedule.Properties.Target.Input)).toMatchObject({ fold: 'analytics' });
  });
});
