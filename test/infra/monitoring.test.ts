/**
 * Operations in the synthesized stack: an alarm for each way money or refunds can silently stop (failed executions,
 * function errors, dead letters, open finance alerts), all notifying the operations topic, and one dashboard.
 */
import type { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAIN_TABLE } from '../../functions/adapters/dynamodb/tables.ts';
import { ROUTES } from '../../functions/api/routes.ts';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { METRICS_NAMESPACE } from '../../functions/observability/metric-names.ts';
import { TASKS } from '../../functions/tasks/tasks.ts';
import { devStack } from '../support/dev-stack.ts';

let template: Template;
let app: App;

beforeAll(() => {
  ({ app, template } = devStack());
});

const alarmsOn = (namespace: string, metricName: string) =>
  Object.values(
    template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: namespace, MetricName: metricName } }),
  );

describe('the alarms', () => {
  it('fire on a failed refund lifecycle execution', () => {
    expect(alarmsOn('AWS/States', 'ExecutionsFailed')).toHaveLength(1);
  });

  it('fire on errors of every function, the monitor included', () => {
    // Ours: one per route, task, event function (the monitor, the daily report, OCR) and payment channel, not CDK's
    // bucket-notifications helper nor its console deployment function (it runs only inside a deployment, whose
    // failure is the stack's).
    const functions = Object.keys(template.findResources('AWS::Lambda::Function')).filter(
      (id) => !id.startsWith('BucketNotificationsHandler') && !id.startsWith('CustomCDKBucketDeployment'),
    );
    expect(functions).toHaveLength(FUNCTIONS.length);
    const watched = alarmsOn('AWS/Lambda', 'Errors').map((a) => a.Properties.Dimensions[0].Value.Ref);
    expect(watched.sort()).toEqual(functions.sort());
  });

  it('fire when anything lands in the dead-letter queue', () => {
    const [alarm] = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible');
    expect(alarm?.Properties.Dimensions[0].Value['Fn::GetAtt'][0]).toMatch(/^MonitoringDeadLetters/);
  });

  it('fire when the events pipe left a refund write out (its image was not a refund)', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: 'UnreadableRefundWrites',
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('fire when finance alerts are open, from the monitor’s own metric', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: 'OpenAlerts',
      Dimensions: [{ Name: 'service', Value: 'refund-pipeline' }],
      Threshold: 1,
      // A missed monitor run is no news: the alarm keeps its state instead of flapping OK and back.
      TreatMissingData: 'ignore',
    });
  });

  it('all notify the encrypted operations topic, which CloudWatch may use', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(ROUTES.length + TASKS.length);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MonitoringOperationsAlarms/) }]);
    }
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Effect: 'Allow' }),
        ]),
      },
    });
  });
});

describe('the operations topic', () => {
  it("lets this account's alarms publish: its own policy (the TLS Deny) replaces SNS's default one", () => {
    const topic = Object.keys(template.findResources('AWS::SNS::Topic')).find((id) =>
      /^MonitoringOperationsAlarms[0-9A-F]{8}$/.test(id),
    );
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy')).filter((p) =>
      JSON.stringify(p.Properties.Topics).includes(`"${topic}"`),
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0]?.Properties.PolicyDocument.Statement as Record<string, any>[];
    // Still TLS only...
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // ...and CloudWatch may publish, for this account's alarms only.
    const allowed = statements.filter((s) => s.Effect === 'Allow');
    expect(allowed).toEqual([
      expect.objectContaining({
        Action: 'sns:Publish',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Resource: { Ref: topic },
        Condition: {
          StringEquals: { 'aws:SourceAccount': expect.anything() },
          ArnLike: { 'aws:SourceArn': expect.anything() },
        },
      }),
    ]);
  });
});

describe('the dashboard', () => {
  it('is one dashboard with the business figures and the technical ones', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const text of [
      'Applications',
      'InstantApprovals',
      'Instant-approval rate',
      'TimeToMoneySeconds',
      'OpenAlerts',
      'OutstandingPayouts',
      'MonitorReadCapacity',
      'ExecutionsFailed',
      'ApproximateNumberOfMessagesVisible',
      'alarm',
    ]) {
      expect(body).toContain(text);
    }
  });
});

describe('the monitor', () => {
  it('may read the main table and its indexes, and list finance alerts through the byState index', () => {
    expect(MAIN_TABLE.indexes.map((i) => i.indexName)).toEqual(
      expect.arrayContaining(['outstandingPayoutsV2', 'byStateV2', 'byCreatedDayV2']),
    );
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /v1/finance/alerts' });
  });

  it('passes cdk-nag', () => {
    expect(() => app.synth()).not.toThrow();
  });
});

describe('escalation of unacknowledged finance alerts', () => {
  const resources = () => template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  const idOf = (type: string, prefix: RegExp) =>
    Object.entries(resources()).find(([id, r]) => r.Type === type && prefix.test(id))?.[0];

  it('the Monitor function, and only it, may publish to the operations topic (and use its key)', () => {
    const topic = idOf('AWS::SNS::Topic', /^MonitoringOperationsAlarms[0-9A-F]{8}$/);
    const key = idOf('AWS::KMS::Key', /^MonitoringOperationsAlarmTopicKey/);
    const monitor = idOf('AWS::Lambda::Function', /^MonitoringMonitorFunction[0-9A-F]{8}$/);
    expect(topic && key && monitor).toBeTruthy();
    const fns = Object.entries(resources()).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    const withVariable = fns.filter(([, r]) => r.Properties.Environment?.Variables?.OPERATIONS_TOPIC_ARN);
    expect(withVariable.map(([id]) => id)).toEqual([monitor]);
    expect(withVariable[0]?.[1].Properties.Environment.Variables.OPERATIONS_TOPIC_ARN).toEqual({ Ref: topic });

    const role = resources()[monitor as string]?.Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(resources())
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((r) => JSON.stringify(r.Properties.Roles).includes(`"${role}"`))
      .flatMap((r) => r.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topic } }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: { 'Fn::GetAtt': [key, 'Arn'] },
      }),
    );
  });
});

describe('merchant notifications', () => {
  const resources = () => template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;

  it('have a topic of their own, given to exactly the functions that notify people, with publish rights', () => {
    const topics = Object.entries(resources()).filter(
      ([id, r]) => r.Type === 'AWS::SNS::Topic' && /^MonitoringMerchantNotifications[0-9A-F]{8}$/.test(id),
    );
    expect(topics).toHaveLength(1);
    const [topic, definition] = topics[0] as [string, { Properties: any }];
    expect(definition.Properties.KmsMasterKeyId).toBeDefined();
    const fns = Object.entries(resources()).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    const withMerchant = fns.filter(([, r]) => r.Properties.Environment?.Variables?.MERCHANT_TOPIC_ARN);
    const withBuyer = fns.filter(([, r]) => r.Properties.Environment?.Variables?.BUYER_TOPIC_ARN);
    // The same functions as the buyer topic's (needs.notify === true), never the finance-only daily report.
    expect(withMerchant.map(([id]) => id).sort()).toEqual(withBuyer.map(([id]) => id).sort());
    expect(withMerchant.length).toBeGreaterThan(5);
    for (const [id, fn] of withMerchant) {
      expect(fn.Properties.Environment.Variables.MERCHANT_TOPIC_ARN).toEqual({ Ref: topic });
      const role = fn.Properties.Role['Fn::GetAtt'][0];
      const statements = Object.values(resources())
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .filter((r) => JSON.stringify(r.Properties.Roles).includes(`"${role}"`))
        .flatMap((r) => r.Properties.PolicyDocument.Statement);
      expect(statements, id).toContainEqual(
        expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topic } }),
      );
    }
  });
});
