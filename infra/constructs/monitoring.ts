/**
 * Finance hears about late or wrong money: an EventBridge Scheduler schedule runs the monitor function, which
 * publishes alerts to the finance SNS topic (e-mail subscription from context) and escalates the ones nobody
 * acknowledged to the operations alarm topic. Buyer notifications have their
 * own topic (SMS/push subscribers are added by the platform).
 */
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, LogGroup, MetricFilter, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { MonitoringConfigOverrides } from '../../functions/domain/monitoring/index.ts';
import { EVENT_FUNCTIONS } from '../../functions/manifest.ts';
import { METRICS_NAMESPACE } from '../../functions/observability/metric-names.ts';
import { bindNeeds, type PaymentBindings } from './bindings.ts';
import { addDailyReport } from './daily-report.ts';
import type { Data } from './data.ts';
import { Operations, type OperationsProps, withRunbook } from './operations.ts';
import { STREAM_PIPE_RETRIES, streamPipeRole } from './pipe-role.ts';
import { RefundFunction } from './refund-function.ts';

export interface MonitoringProps {
  data: Data;
  /** Policy stage (env STAGE of the monitor). */
  stage: string;
  /** Where finance alerts are e-mailed; none: the topic has no e-mail subscriber (outside prod only). */
  financeAlertEmail?: string;
  /** @default 5 minutes */
  every?: Duration;
  /** Threshold overrides (quiet period, deadlines, rate spikes), passed to the monitor as MONITORING_CONFIG. */
  config?: MonitoringConfigOverrides;
  /** The payment channels the monitor asks about late payouts. */
  payments: PaymentBindings;
}

/** Count of MODIFY and REMOVE records on the ledger's stream: anything but 0 means an entry was changed. */
export const LEDGER_CHANGED_METRIC = 'LedgerEntryChanged';

export class Monitoring extends Construct {
  readonly data: Data;
  /** Where every change to a ledger entry is logged (keys and event name), once `watch` has run. */
  ledgerChanges?: LogGroup;
  readonly financeTopic: Topic;
  readonly buyerTopic: Topic;
  /** Merchants' notifications (a new refund, a timeout decided for them, a ruling, a thread message). */
  readonly merchantTopic: Topic;
  readonly monitor: RefundFunction;
  /** Yesterday's reconciliation report to finance, every day at 09:00 China time (./daily-report.ts). */
  readonly dailyReport: RefundFunction;
  readonly deadLetters: Queue;
  operations?: Operations;
  private readonly bindMonitor: (operationsTopic: ITopic) => void;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.data = props.data;
    const masterKey = Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns');
    this.financeTopic = new Topic(this, 'FinanceAlerts', {
      displayName: 'Refund finance alerts',
      enforceSSL: true,
      masterKey,
    });
    this.buyerTopic = new Topic(this, 'BuyerNotifications', {
      displayName: 'Refund progress',
      enforceSSL: true,
      masterKey,
    });
    this.merchantTopic = new Topic(this, 'MerchantNotifications', {
      displayName: 'Refunds for merchants',
      enforceSSL: true,
      masterKey,
    });

    /** Everything asynchronous that could not be delivered ends up here (and raises an alarm). */
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge(
      { id: 'AwsSolutions::AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue.' },
      { id: 'Serverless::Serverless-SQSRedrivePolicy', reason: 'This queue is itself the dead-letter queue.' },
    );
    if (props.financeAlertEmail) {
      this.financeTopic.addSubscription(
        new EmailSubscription(props.financeAlertEmail, { deadLetterQueue: this.deadLetters }),
      );
    }
    const spec = EVENT_FUNCTIONS.Monitor;
    this.monitor = new RefundFunction(this, spec.id, {
      entry: spec.entry,
      description: 'Finds late and anomalous payouts and alerts finance',
      timeout: Duration.minutes(2),
      deadLetterQueue: this.deadLetters,
    });
    // The monitor escalates to the operations topic, which `watch` creates: its grants and environment are bound
    // there, and synth fails if `watch` never ran (the function would start without them).
    this.bindMonitor = (operationsTopic) =>
      bindNeeds(this.monitor.fn, spec.needs, {
        data: props.data,
        stage: props.stage,
        financeTopic: this.financeTopic,
        buyerTopic: this.buyerTopic,
        merchantTopic: this.merchantTopic,
        operationsTopic,
        monitoringConfig: JSON.stringify(props.config ?? {}),
        payments: props.payments,
      });
    this.node.addValidation({
      validate: () => (this.operations ? [] : ['Monitoring.watch() was never called: the monitor has no grants']),
    });
    new Schedule(this, 'Every', {
      schedule: ScheduleExpression.rate(props.every ?? Duration.minutes(5)),
      description: 'Runs the payout monitor',
      target: new LambdaInvoke(this.monitor.fn, {
        // The execution id is the run's correlation id in the monitor's logs (functions/events/monitor.ts).
        input: ScheduleTargetInput.fromObject({
          id: ContextAttribute.executionId,
          time: ContextAttribute.scheduledTime,
        }),
        deadLetterQueue: this.deadLetters,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(10),
      }),
    });
    this.dailyReport = addDailyReport(this, {
      data: props.data,
      stage: props.stage,
      financeTopic: this.financeTopic,
      buyerTopic: this.buyerTopic,
      merchantTopic: this.merchantTopic,
      deadLetters: this.deadLetters,
    });
    const monitorId = Stack.of(this).getLogicalId(this.monitor.fn.node.defaultChild as CfnElement);
    // The scheduler target role is created once per stack, outside this construct.
    Validations.of(Stack.of(this)).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${monitorId}.Arn>:*]`,
      reason: 'The scheduler role may invoke the monitor function and its versions, nothing else.',
    });
  }

  /**
   * Alarms and the dashboard over the whole stack. Called by the stack once the workflow and API exist (they need
   * the topics made here, so they are built after this construct).
   */
  watch(props: Omit<OperationsProps, 'deadLetters' | 'functions'> & { functions: Record<string, RefundFunction> }) {
    const functions = Object.fromEntries(
      Object.entries({ Monitor: this.monitor, DailyReport: this.dailyReport, ...props.functions }).map(([name, f]) => [
        name,
        f.fn,
      ]),
    );
    this.operations = new Operations(this, 'Operations', { ...props, functions, deadLetters: this.deadLetters });
    this.bindMonitor(this.operations.topic);
    this.watchLedger(this.operations);
    return this.operations;
  }

  /**
   * The ledger is append-only, but IAM cannot require a condition on PutItem and an administrator's role is not the
   * functions' role. So whatever changes an entry is seen: an EventBridge Pipe reads the ledger's keys-only stream,
   * lets only MODIFY and REMOVE records through (an insert is the only legitimate write) and logs them; a metric
   * filter counts them and one record alarms the operations topic. No function code is involved.
   */
  private watchLedger(operations: Operations) {
    const ledger = this.data.ledger;
    const streamArn = ledger.tableStreamArn;
    if (!streamArn) throw new Error('the ledger table has no stream to watch');
    this.ledgerChanges = new LogGroup(this, 'LedgerChanges', {
      retention: RetentionDays.TEN_YEARS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = streamPipeRole(
      this,
      'LedgerWatchRole',
      streamArn,
      'Reads the ledger stream and logs changed or removed entries',
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.ledgerChanges.logGroupArn],
      }),
    );
    this.deadLetters.grantSendMessages(role);
    const pipe = new CfnPipe(this, 'LedgerWatch', {
      description: 'MODIFY and REMOVE records of the append-only ledger',
      roleArn: role.roleArn,
      source: streamArn,
      sourceParameters: {
        // A change that cannot be logged goes to the dead-letter queue after the retries, not lost with the stream.
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          ...STREAM_PIPE_RETRIES,
          deadLetterConfig: { arn: this.deadLetters.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify({ eventName: ['MODIFY', 'REMOVE'] }) }] },
      },
      target: this.ledgerChanges.logGroupArn,
    });
    pipe.node.addDependency(role);
    const changed = new MetricFilter(this, 'LedgerChangeCount', {
      logGroup: this.ledgerChanges,
      filterPattern: FilterPattern.allEvents(),
      metricNamespace: METRICS_NAMESPACE,
      metricName: LEDGER_CHANGED_METRIC,
      metricValue: '1',
      defaultValue: 0,
    });
    const alarm = new Alarm(this, 'LedgerChanged', {
      alarmDescription: withRunbook(
        'A ledger entry was modified or removed (the ledger is append-only): see the LedgerChanges log group for its keys.',
        'alarm-ledger-changed',
      ),
      metric: changed.metric({ statistic: 'Sum', period: Duration.minutes(1) }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(operations.topic));
    operations.alarms.push(alarm);
  }
}
