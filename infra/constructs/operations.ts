/**
 * What operators watch: CloudWatch alarms on state machine failures, every function's errors, dead letters and open
 * finance alerts, each notifying the operations topic; and one dashboard with the business figures (applications,
 * instant-approval rate, time to money, open alerts, outstanding payouts) beside the technical ones.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  SingleValueWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { runbookLink } from '../../functions/domain/monitoring/runbook.ts';
import { CHANNEL_FUNCTIONS } from '../../functions/manifest.ts';
import { type BusinessMetric, METRICS_NAMESPACE, METRICS_SERVICE } from '../../functions/observability/metric-names.ts';
import { TASKS } from '../../functions/tasks/tasks.ts';

export interface OperationsProps {
  stateMachine: IStateMachine;
  /** The Express payout workflow: a failed or timed-out run leaves an approved refund unpaid until someone looks. */
  payoutMachine: IStateMachine;
  /** Every function of the stack, by a readable name (the construct id). */
  functions: Record<string, IFunction>;
  deadLetters: IQueue;
  /** Where alarms are e-mailed; without it, subscribe to the topic yourself. */
  email?: string;
  /** Open finance alerts at or above which operations is alarmed. @default 1 */
  openAlertsThreshold?: number;
  /**
   * The HTTP API: its 5xx answers are alarmed. A handler answers an unexpected error `500 INTERNAL` itself, which its
   * function's Errors metric does not count.
   */
  api?: IHttpApi;
}

/** A business metric as emitted by functions/observability/metrics.ts. */
export function businessMetric(name: BusinessMetric, statistic = 'Maximum', period = Duration.minutes(5)): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE },
    statistic,
    period,
  });
}

/**
 * An alarm's description: what it means, then where its runbook is (an anchor of docs/operations.md, which the
 * template test checks exists). The description is in the alarm's e-mail and on its console page.
 */
export const withRunbook = (text: string, anchor: string): string => `${text} Runbook: ${runbookLink(anchor)}`;

/** The runbook of a function's errors alarm: by what invokes it (the monitor, OCR, a lifecycle task, an API route). */
export function functionErrorsRunbook(name: string): string {
  if (name === 'Monitor') return 'alarm-monitor-errors';
  if (name === 'Ocr') return 'alarm-ocr-errors';
  if (name === 'DailyReport') return 'alarm-daily-report-errors';
  if (name === 'RefundEvents') return 'alarm-refund-events-errors';
  if (name === 'TableExport') return 'alarm-table-export-errors';
  if (name === 'RefundAnalytics') return 'alarm-refund-analytics-errors';
  if (name === 'AnalyticsFold') return 'alarm-analytics-fold-errors';
  if (TASKS.some((task) => task.id === name)) return 'alarm-task-errors';
  if (Object.values(CHANNEL_FUNCTIONS).some((channel) => channel.id === name)) return 'alarm-channel-errors';
  return 'alarm-api-errors';
}

export class Operations extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    // CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key; this key lets it.
    const key = new Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: 'Operations alarm topic' });
    // Only for this account's alarms (confused deputy): CloudWatch acting for another account, or for something that
    // is not an alarm, cannot use the key. The SNS encryption context (the topic's ARN) cannot be named here: the
    // topic refers to the key, so the key's policy referring to the topic would be a dependency cycle.
    const { account, region, partition } = Stack.of(this);
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    this.topic = new Topic(this, 'Alarms', { displayName: 'Refund pipeline alarms', enforceSSL: true, masterKey: key });
    // enforceSSL gives the topic a policy of its own (the TLS Deny), which replaces SNS's default policy, the one that
    // let the account's services publish: without this statement every alarm went to ALARM and CloudWatch's publish
    // was refused ("no resource-based policy allows the SNS:Publish action"), so nobody was told. The same
    // confused-deputy conditions as the key's.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    if (props.email) {
      this.topic.addSubscription(new EmailSubscription(props.email, { deadLetterQueue: props.deadLetters }));
    }
    const action = new SnsAction(this.topic);
    const alarm = (alarmId: string, description: string, options: ConstructorParameters<typeof Alarm>[2]) => {
      const created = new Alarm(this, alarmId, { alarmDescription: description, ...options });
      created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };

    const failed = 'A refund lifecycle execution failed: a buyer may be waiting for nothing.';
    alarm('WorkflowFailures', withRunbook(failed, 'alarm-workflow-failures'), {
      metric: props.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const payoutFailed =
      'A payout run failed or timed out (Express, 5 minutes at most): an approved refund may be unpaid; the monitor ' +
      'flags it to finance once its promise passes.';
    alarm('PayoutWorkflowFailures', withRunbook(payoutFailed, 'alarm-payout-workflow-failures'), {
      metric: new MathExpression({
        expression: 'failed + timedOut',
        usingMetrics: {
          failed: props.payoutMachine.metricFailed({ statistic: 'Sum' }),
          timedOut: props.payoutMachine.metricTimedOut({ statistic: 'Sum' }),
        },
        period: Duration.minutes(5),
        label: 'Payout runs failed or timed out',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, withRunbook(`Function ${name} threw errors.`, functionErrorsRunbook(name)), {
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    if (props.api) {
      const serverErrors = 'The API answered 5xx (a handler failed or crashed): callers got no result.';
      alarm('ApiServerErrors', withRunbook(serverErrors, 'alarm-api-server-errors'), {
        metric: props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    const deadLetters = withRunbook(
      'Something could not be delivered (schedule, e-mail, async invoke): npm run ops -- dlqs.',
      'alarm-dead-letters',
    );
    alarm('DeadLetters', deadLetters, {
      metric: props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm(
      'OpenFinanceAlerts',
      withRunbook(
        'Finance alerts are open (late, wrong or duplicate money): see GET /v1/finance/alerts.',
        'alarm-open-finance-alerts',
      ),
      {
        metric: businessMetric('OpenAlerts'),
        threshold: props.openAlertsThreshold ?? 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // A gauge the monitor records on each run that succeeds: a run that failed or came late leaves a gap, which
        // keeps the alarm as it was (a gap read as "no alerts" flipped it to OK and back, e-mailing operations again;
        // a monitor that fails has its own alarm).
        treatMissingData: TreatMissingData.IGNORE,
      },
    );

    alarm(
      'UnreadableRefundWrites',
      withRunbook(
        'A refund write on the stream could not be read as a refund, so its integrator events were not published (the ' +
          'pipe left it out rather than hold up the writes after it).',
        'alarm-unreadable-refund-writes',
      ),
      {
        metric: businessMetric('UnreadableRefundWrites', 'Sum'),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      },
    );

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(24) });
    const hourly = (name: BusinessMetric) => businessMetric(name, 'Sum', Duration.hours(1));
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Applications and instant approvals (per hour)',
        left: [hourly('Applications'), hourly('InstantApprovals')],
        right: [
          new MathExpression({
            label: 'Instant-approval rate %',
            expression: '100 * approvals / applications',
            usingMetrics: { approvals: hourly('InstantApprovals'), applications: hourly('Applications') },
            period: Duration.hours(1),
          }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Time to money (seconds)',
        left: ['p50', 'p90', 'p99'].map((s) => businessMetric('TimeToMoneySeconds', s, Duration.hours(1))),
        width: 12,
      }),
      new SingleValueWidget({
        title: 'Money watch (latest monitor run)',
        metrics: [businessMetric('OpenAlerts'), businessMetric('OutstandingPayouts')],
        width: 12,
      }),
      new GraphWidget({
        title: 'Monitor: outstanding payouts vs read capacity',
        left: [businessMetric('OutstandingPayouts')],
        right: [businessMetric('MonitorReadCapacity')],
        width: 12,
      }),
      new GraphWidget({
        title: 'Refund lifecycle executions',
        left: [
          props.stateMachine.metricStarted(),
          props.stateMachine.metricSucceeded(),
          props.stateMachine.metricFailed(),
          props.stateMachine.metricTimedOut(),
        ],
        right: [
          props.payoutMachine.metricStarted({ label: 'Payout runs started' }),
          props.payoutMachine.metricFailed({ label: 'Payout runs failed' }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Function errors',
        left: Object.entries(props.functions).map(([name, fn]) => fn.metricErrors({ label: name, statistic: 'Sum' })),
        width: 12,
      }),
      new GraphWidget({
        title: 'Dead letters',
        left: [props.deadLetters.metricApproximateNumberOfMessagesVisible()],
        width: 12,
      }),
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 12 }),
    );
  }
}
