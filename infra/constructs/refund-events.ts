/**
 * Refund events for integrators (docs/events.md): the main table's stream (NEW_AND_OLD_IMAGES, data.ts) feeds an
 * EventBridge Pipe that lets through refund items only, maps each write to its event with the RefundEvents
 * enrichment function (functions/events/refund-events.ts, the same pure mapping the local runtime runs) and puts the
 * events on the custom bus `refunds-<stage>` with the event's type as detail-type. Published from the change itself:
 * a committed write is on the stream whatever code made it, and nothing reaches the bus without one. The bus keeps
 * an archive so integrators can replay; they subscribe with rules of their own on the bus.
 * The pipe's role reads this one stream, invokes this one function and puts on this one bus; batches that keep
 * failing go to the stack's dead-letter queue (their stream coordinates, for `npm run ops`).
 */
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type Archive, EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PIPE_BATCH_SIZE, REFUND_ITEM_FILTER } from '../../functions/adapters/dynamodb/stream-records.ts';
import { ANALYTICS_EVENT_TYPES } from '../../functions/domain/analytics/tally.ts';
import { EVENT_FUNCTIONS } from '../../functions/manifest.ts';
import { bindNeeds } from './bindings.ts';
import type { Data } from './data.ts';
import { STREAM_PIPE_RETRIES, streamPipeRole } from './pipe-role.ts';
import { RefundFunction } from './refund-function.ts';

/** The `source` of every refund event on the bus (rules match on it). */
export const REFUND_EVENT_SOURCE = 'refund-pipeline.refunds';

export interface RefundEventsProps {
  data: Data;
  stage: string;
  /** Where batches the pipe gives up on are recorded. */
  deadLetters: IQueue;
  /** How long the archive keeps events for replay. @default 365 days */
  archiveRetention?: Duration;
}

export class RefundEvents extends Construct {
  readonly bus: EventBus;
  readonly archive: Archive;
  readonly enrichment: RefundFunction;
  readonly pipe: CfnPipe;
  /** Refund analytics' counting function and the rule on the bus that invokes it (docs/api.md, "Analytics"). */
  readonly analytics: RefundFunction;
  readonly analyticsRule: Rule;
  /** Adds counted tallies to the analytics counters every minute (domain/analytics/fold.ts). */
  readonly analyticsFold: RefundFunction;

  constructor(scope: Construct, id: string, props: RefundEventsProps) {
    super(scope, id);
    const streamArn = props.data.main.tableStreamArn;
    if (!streamArn) throw new Error('the main table has no stream to publish refund events from');
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `refunds-${props.stage}`,
      description: 'Refund events for integrators (docs/events.md)',
    });
    this.archive = this.bus.archive('Archive', {
      description: 'Every refund event, for replay',
      eventPattern: { source: [REFUND_EVENT_SOURCE] },
      retention: props.archiveRetention ?? Duration.days(365),
    });
    this.archive.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const spec = EVENT_FUNCTIONS.RefundEvents;
    this.enrichment = new RefundFunction(this, spec.id, {
      entry: spec.entry,
      description: 'Maps refund writes on the main table stream to integrator events',
    });
    bindNeeds(this.enrichment.fn, spec.needs, { data: props.data, stage: props.stage });

    const role = streamPipeRole(
      this,
      'PipeRole',
      streamArn,
      'Reads the main table stream, maps refund writes to events and puts them on the refunds bus',
    );
    role.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.enrichment.fn.functionArn] }),
    );
    role.addToPolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }));
    props.deadLetters.grantSendMessages(role);

    this.pipe = new CfnPipe(this, 'Pipe', {
      description: 'Refund writes on the main table → refund events on the refunds bus',
      roleArn: role.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          // From the oldest record kept: a pipe created or re-created after writes still publishes them.
          startingPosition: 'TRIM_HORIZON',
          // Two events at most per record, ten at most per call to the bus (stream-records.ts).
          batchSize: PIPE_BATCH_SIZE,
          maximumBatchingWindowInSeconds: 1,
          // A failing batch is split until the failing record is alone, retried for six hours at most, then sent to
          // the dead-letter queue (STREAM_PIPE_RETRIES).
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          ...STREAM_PIPE_RETRIES,
          deadLetterConfig: { arn: props.deadLetters.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(REFUND_ITEM_FILTER) }] },
      },
      enrichment: this.enrichment.fn.functionArn,
      target: this.bus.eventBusArn,
      targetParameters: {
        eventBridgeEventBusParameters: { source: REFUND_EVENT_SOURCE, detailType: '$.type', time: '$.occurredAt' },
      },
    });
    this.pipe.node.addDependency(role);

    // Refund analytics: counted off the buyer's request, from the events themselves, each one exactly once.
    const analytics = EVENT_FUNCTIONS.RefundAnalytics;
    this.analytics = new RefundFunction(this, analytics.id, {
      entry: analytics.entry,
      description: 'Counts refund events into the analytics aggregates (each event once)',
      // GRACE_MS (domain/analytics/fold.ts) is three times this: a slot is folded only after every invocation that
      // could write a tally into it has ended.
      timeout: Duration.seconds(10),
      deadLetterQueue: props.deadLetters,
    });
    bindNeeds(this.analytics.fn, analytics.needs, { data: props.data, stage: props.stage });
    this.analyticsRule = new Rule(this, 'AnalyticsRule', {
      eventBus: this.bus,
      description: 'Applications and endings of refunds → refund analytics',
      eventPattern: { source: [REFUND_EVENT_SOURCE], detailType: [...ANALYTICS_EVENT_TYPES] },
      targets: [
        new LambdaFunction(this.analytics.fn, {
          deadLetterQueue: props.deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    const fold = EVENT_FUNCTIONS.AnalyticsFold;
    this.analyticsFold = new RefundFunction(this, fold.id, {
      entry: fold.entry,
      description: 'Adds the tallies of closed slots to the analytics counters (each exactly once)',
      timeout: Duration.minutes(1),
      deadLetterQueue: props.deadLetters,
    });
    bindNeeds(this.analyticsFold.fn, fold.needs, { data: props.data, stage: props.stage });
    new Schedule(this, 'AnalyticsFoldEvery', {
      // The figures trail the events by a slot, the grace and this (about a minute and a half).
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      description: 'Folds counted refund events into the analytics counters',
      target: new LambdaInvoke(this.analyticsFold.fn, {
        // Tagged, so `npm run ops -- redrive` tells a failed fold from a failed monitor run (the same id and time).
        input: ScheduleTargetInput.fromObject({
          fold: 'analytics',
          id: ContextAttribute.executionId,
          time: ContextAttribute.scheduledTime,
        }),
        deadLetterQueue: props.deadLetters,
        // A missed run is caught up by the next one, which folds every closed slot since.
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
      }),
    });
    const foldId = Stack.of(this).getLogicalId(this.analyticsFold.fn.node.defaultChild as CfnElement);
    Validations.of(Stack.of(this)).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${foldId}.Arn>:*]`,
      reason: 'The scheduler role may invoke the analytics fold function and its versions, nothing else.',
    });

    const fnId = Stack.of(this).getLogicalId(this.enrichment.fn.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
      reason: 'The pipe may invoke the enrichment function and its versions, nothing else.',
    });
  }
}
