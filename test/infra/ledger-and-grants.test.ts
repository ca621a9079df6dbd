/**
 * Least privilege on the tables and an append-only ledger, as synthesized (security issue 17, items 4 and 5):
 * each function's role holds exactly the DynamoDB actions its declaration lists (functions/manifest.ts), no more; the
 * ledger has a stream whose MODIFY and REMOVE records raise an alarm to the operations topic.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_TABLE, MAIN_TABLE } from '../../functions/adapters/dynamodb/tables.ts';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { tableActions } from '../../functions/manifest.ts';
import { devStack } from '../support/dev-stack.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
}

let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  ({ template } = devStack());
  resources = template.toJSON().Resources;
});

/** Logical ids are the construct path without slashes and a hash (the template tests carry no path metadata). */
const byPath = (type: string, path: RegExp): [string, Resource][] =>
  Object.entries(resources).filter(([id, r]) => r.Type === type && new RegExp(`^${path.source}[0-9A-F]{8}$`).test(id));
const list = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);

/** Logical id of a table construct by its id in tables.ts. */
function tableId(id: string): string {
  const [found] = byPath('AWS::DynamoDB::Table', new RegExp(`Data${id}`));
  if (!found) throw new Error(`no table ${id}`);
  return found[0];
}

/** Every statement of the policies attached to a function's role. */
function statementsOf(functionId: string): Statement[] {
  const [[, fn] = []] = byPath(
    'AWS::Lambda::Function',
    new RegExp(`(Api|Workflow|Monitoring|Evidence|PaymentChannels|Events|Analytics)${functionId}Function`),
  );
  if (!fn) throw new Error(`no function ${functionId}`);
  const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => list(r.Properties.Roles as unknown[]).some((ref) => JSON.stringify(ref) === `{"Ref":"${role}"}`))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** The DynamoDB actions a function's role is allowed on a table (or its indexes), sorted. */
function allowedOn(statements: Statement[], tableLogicalId: string): string[] {
  const actions = statements
    .filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Resource).includes(`"${tableLogicalId}"`))
    .flatMap((s) => list(s.Action))
    .filter((a) => a.startsWith('dynamodb:'));
  return [...new Set(actions)].sort();
}

describe('table permissions', () => {
  it('give each function exactly the DynamoDB actions it declares, on each table', () => {
    const main = tableId(MAIN_TABLE.id);
    const ledger = tableId(LEDGER_TABLE.id);
    for (const spec of FUNCTIONS) {
      const statements = statementsOf(spec.id);
      const declared = tableActions(spec.needs);
      expect(allowedOn(statements, main), `${spec.id} on the main table`).toEqual([...declared.main].sort());
      expect(allowedOn(statements, ledger), `${spec.id} on the ledger`).toEqual([...declared.ledger].sort());
    }
  });

  it('give no function a wildcard DynamoDB action, a Scan, a delete or a batch write', () => {
    for (const spec of FUNCTIONS) {
      const allowed = statementsOf(spec.id)
        .filter((s) => s.Effect === 'Allow')
        .flatMap((s) => list(s.Action))
        .filter((a) => a.startsWith('dynamodb:'));
      for (const forbidden of ['dynamodb:*', 'dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
        expect(allowed, spec.id).not.toContain(forbidden);
      }
    }
  });
});

describe('the ledger', () => {
  it('streams the keys of every change', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: Match.arrayWith([{ AttributeName: 'pk', KeyType: 'HASH' }]),
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    const ledger = resources[tableId(LEDGER_TABLE.id)];
    expect(ledger?.Properties.StreamSpecification).toEqual({ StreamViewType: 'KEYS_ONLY' });
    expect(ledger?.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('pipes MODIFY and REMOVE records of its stream to a log whose count alarms the operations topic', () => {
    const ledger = tableId(LEDGER_TABLE.id);
    // The ledger's pipe (the main table's stream has its own: refund events, test/infra/refund-events.test.ts).
    const pipes = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Pipes::Pipe' && JSON.stringify(r.Properties.Source).includes(`"${ledger}"`),
    );
    expect(pipes).toHaveLength(1);
    const pipe = pipes[0]?.Properties ?? {};
    expect(pipe.Source).toEqual({ 'Fn::GetAtt': [ledger, 'StreamArn'] });
    const filters = (pipe.SourceParameters as { FilterCriteria: { Filters: { Pattern: string }[] } }).FilterCriteria
      .Filters;
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([{ eventName: ['MODIFY', 'REMOVE'] }]);
    // A change that cannot be logged ends on the dead-letter queue after finite retries, not lost with the stream.
    expect(
      (pipe.SourceParameters as { DynamoDBStreamParameters: Record<string, unknown> }).DynamoDBStreamParameters,
    ).toMatchObject({
      MaximumRetryAttempts: 185,
      MaximumRecordAgeInSeconds: 6 * 3600,
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^MonitoringDeadLetters/), 'Arn'] } },
    });
    const logGroup = (pipe.Target as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(resources[logGroup]?.Type).toBe('AWS::Logs::LogGroup');

    const [filter, ...moreFilters] = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::Logs::MetricFilter' && JSON.stringify(r.Properties.LogGroupName) === `{"Ref":"${logGroup}"}`,
    );
    expect(moreFilters).toHaveLength(0);
    if (!filter) throw new Error('no metric filter on the ledger changes');
    const [transformation] = filter.Properties.MetricTransformations as {
      MetricName: string;
      MetricNamespace: string;
    }[];
    const topic = byPath('AWS::SNS::Topic', /MonitoringOperationsAlarms/)[0]?.[0];
    expect(topic).toBeDefined();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: transformation?.MetricName,
      Namespace: transformation?.MetricNamespace,
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topic }],
    });
  });
});
