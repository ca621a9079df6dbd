/**
 * Finance hears about late or wrong money: an EventBridge Scheduler schedule runs the monitor function, which
 * publishes alerts to the finance SNS topic (e-mail subscription from context). Buyer notifications have their
 * own topic (SMS/push subscribers are added by the platform).
 */
import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { MonitoringConfigOverrides } from '../../functions/domain/monitoring/index.ts';
import { EVENT_FUNCTIONS } from '../../functions/manifest.ts';
import { bindNeeds } from './bindings.ts';
import type { Data } from './data.ts';
import { Operations, type OperationsProps } from './operations.ts';
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
}

export class Monitoring extends Construct {
  readonly financeTopic: Topic;
  readonly buyerTopic: Topic;
  readonly monitor: RefundFunction;
  readonly deadLetters: Queue;
  operations?: Operations;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
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
    bindNeeds(this.monitor.fn, spec.needs, {
      data: props.data,
      stage: props.stage,
      financeTopic: this.financeTopic,
      buyerTopic: this.buyerTopic,
      monitoringConfig: JSON.stringify(props.config ?? {}),
    });
    new Schedule(this, 'Every', {
      schedule: ScheduleExpression.rate(props.every ?? Duration.minutes(5)),
      description: 'Runs the payout monitor',
      target: new LambdaInvoke(this.monitor.fn, {
        deadLetterQueue: this.deadLetters,
        retryAttempts: 2,
        maxEventAge: Duration.minutes(10),
      }),
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
      Object.entries({ Monitor: this.monitor, ...props.functions }).map(([name, f]) => [name, f.fn]),
    );
    this.operations = new Operations(this, 'Operations', { ...props, functions, deadLetters: this.deadLetters });
    return this.operations;
  }
}
