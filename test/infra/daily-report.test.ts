/**
 * The daily reconciliation report as synthesized: an EventBridge Scheduler schedule at 09:00 China time invokes the
 * DailyReport function (empty input: yesterday), with retries and the dead-letter queue; the function holds exactly
 * the grants its declaration lists (functions/manifest.ts): Query, PutItem and UpdateItem on the main table, Query on
 * the ledger, Publish to the finance topic, nothing else.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS, environmentFor } from '../../functions/manifest.ts';
import { devStack } from '../support/dev-stack.ts';

interface Resource {
  Type: string;
  Properties: Record<string, any>;
}

let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  ({ template } = devStack());
  resources = template.toJSON().Resources;
});

const list = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

function reportFunction(): [string, Resource] {
  const found = ofType('AWS::Lambda::Function').filter(([id]) => /^MonitoringDailyReportFunction[0-9A-F]{8}$/.test(id));
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
}

function statementsOfRole(role: string) {
  return ofType('AWS::IAM::Policy')
    .map(([, r]) => r)
    .filter((r) => list(r.Properties.Roles).some((ref) => JSON.stringify(ref) === `{"Ref":"${role}"}`))
    .flatMap(
      (r) =>
        r.Properties.PolicyDocument.Statement as { Effect: string; Action: string | string[]; Resource: unknown }[],
    );
}

describe('the daily report schedule', () => {
  it('runs the DailyReport function every day at 09:00 China time, with an empty event (yesterday)', () => {
    const [fnId] = reportFunction();
    const schedules = ofType('AWS::Scheduler::Schedule').filter(([, r]) =>
      JSON.stringify(r.Properties.Target.Arn).includes(`"${fnId}"`),
    );
    expect(schedules).toHaveLength(1);
    const props = schedules[0]?.[1].Properties ?? {};
    expect(props.ScheduleExpression).toBe('cron(0 9 * * ? *)');
    expect(props.ScheduleExpressionTimezone).toBe('Asia/Shanghai');
    expect(props.State ?? 'ENABLED').toBe('ENABLED');
    expect(JSON.parse(props.Target.Input)).toEqual({
      report: 'daily',
      id: '<aws.scheduler.execution-id>',
      time: '<aws.scheduler.scheduled-time>',
    });
    expect(props.Target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 2 });
    expect(JSON.stringify(props.Target.DeadLetterConfig.Arn)).toMatch(/MonitoringDeadLetters/);
  });

  it('stands next to the monitor’s five-minute, the analytics fold’s one-minute and the table export’s daily schedules', () => {
    const expressions = ofType('AWS::Scheduler::Schedule').map(([, r]) => r.Properties.ScheduleExpression);
    expect(expressions.sort()).toEqual(['cron(0 2 * * ? *)', 'cron(0 9 * * ? *)', 'rate(1 minute)', 'rate(5 minutes)']);
  });

  it('may invoke only the report function (and its versions) through the scheduler role', () => {
    const [fnId] = reportFunction();
    const invokes = ofType('AWS::IAM::Policy')
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((s) => list(s.Action).includes('lambda:InvokeFunction') && JSON.stringify(s.Resource).includes(fnId));
    expect(invokes).toHaveLength(1);
    expect(JSON.stringify(invokes[0]?.Resource)).not.toMatch(/MonitoringMonitorFunction/);
  });
});

describe('the DailyReport function', () => {
  it('is given exactly the variables its needs declare', () => {
    const [, fn] = reportFunction();
    // NODE_OPTIONS (source maps) is every function's runtime setting, not a need.
    const env = Object.keys(fn.Properties.Environment.Variables)
      .filter((name) => name !== 'NODE_OPTIONS')
      .sort();
    expect(env).toEqual([...environmentFor(EVENT_FUNCTIONS.DailyReport.needs)].sort());
    expect(env).toContain('FINANCE_TOPIC_ARN');
    // It writes to finance, never to buyers or merchants.
    expect(env).not.toContain('BUYER_TOPIC_ARN');
    expect(env).not.toContain('MERCHANT_TOPIC_ARN');
    expect(env).not.toContain('MONITORING_CONFIG');
  });

  it('holds least privilege: Query, BatchGetItem (the alerts by key), PutItem, UpdateItem on the main table, Query on the ledger, Publish', () => {
    const [, fn] = reportFunction();
    const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const statements = statementsOfRole(role);
    const allowed = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action));
    const dynamo = [...new Set(allowed.filter((a) => a.startsWith('dynamodb:')))].sort();
    expect(dynamo).toEqual(['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    const onLedger = statements
      .filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Resource).includes('DataLedger'))
      .flatMap((s) => list(s.Action));
    expect(onLedger).toEqual(['dynamodb:Query']);
    expect(allowed).toContain('sns:Publish');
    const published = statements
      .filter((s) => s.Effect === 'Allow' && list(s.Action).includes('sns:Publish'))
      .map((s) => JSON.stringify(s.Resource));
    expect(published).toHaveLength(1);
    expect(published[0]).toContain('FinanceAlerts');
    for (const never of ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:DeleteItem', 'states:StartExecution']) {
      expect(allowed).not.toContain(never);
    }
    const denied = statements.filter((s) => s.Effect === 'Deny').flatMap((s) => list(s.Action));
    expect(denied).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
  });

  it('has an errors alarm like every other function', () => {
    const [fnId] = reportFunction();
    const alarms = ofType('AWS::CloudWatch::Alarm').filter(
      ([, r]) => r.Properties.MetricName === 'Errors' && r.Properties.Dimensions?.[0]?.Value?.Ref === fnId,
    );
    expect(alarms).toHaveLength(1);
  });
});
