/**
 * The refund pipeline in one stack: data, workflow, API, evidence reading, monitoring and the web console wired
 * together. Its outputs are what docs/deploy.md, docs/operations.md and `npm run admin` read: the API and console
 * URLs, the user pool and its app clients, the state machine and the dead-letter queue.
 */
import { CfnOutput, Lazy, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type ChannelMap, REAL_CHANNELS, SANDBOX_CHANNELS } from '../functions/domain/payout/channels.ts';
import { AnalyticsExport } from './constructs/analytics-export.ts';
import { Api } from './constructs/api.ts';
import { Console } from './constructs/console.ts';
import { Data } from './constructs/data.ts';
import { EvidenceReading } from './constructs/evidence.ts';
import { originsOf } from './constructs/evidence-bucket.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { PaymentChannels } from './constructs/payment-channels.ts';
import { RefundEvents } from './constructs/refund-events.ts';
import { LifecycleStateMachine } from './constructs/state-machine.ts';

export interface RefundPipelineStackProps extends StackProps {
  /** Stage name (dev, staging, prod): the policy stage every function runs, part of names and tags. */
  stage: string;
  /** E-mail address that receives finance alerts. @default none (no subscriber; outside prod only) */
  financeAlertEmail?: string;
  /** E-mail address that receives operational alarms. @default financeAlertEmail */
  opsAlertEmail?: string;
  /** More OAuth callback URLs of the browser console (authorization code + PKCE), besides the deployed console. */
  callbackUrls: string[];
  /** Cognito hosted domain prefix (token endpoint). @default refunds-<stage>-<account> */
  authDomainPrefix?: string;
  /** Keep tables, buckets, the secret and the user pool when the stack is deleted. @default true for prod only */
  retainData?: boolean;
  /**
   * Which channel pays each payout method (domain/payout/channels.ts). @default every method through its real
   * channel in staging and prod (REAL_CHANNELS), the sandbox stand-in in dev (SANDBOX_CHANNELS)
   */
  paymentChannels?: ChannelMap;
}

/** The stage's channel map when the context names none. */
export function defaultChannels(stage: string): ChannelMap {
  return stage === 'dev' ? SANDBOX_CHANNELS : REAL_CHANNELS;
}

export class RefundPipelineStack extends Stack {
  readonly data: Data;
  readonly lifecycle: LifecycleStateMachine;
  readonly api: Api;
  readonly monitoring: Monitoring;
  readonly evidence: EvidenceReading;
  readonly payments: PaymentChannels;
  readonly console: Console;
  readonly refundEvents: RefundEvents;
  readonly analytics: AnalyticsExport;

  constructor(scope: Construct, id: string, props: RefundPipelineStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const retain = props.retainData ?? stage === 'prod';
    // The deployed console's origin is known once its distribution exists (built last: it needs the API's URL);
    // CloudFormation resolves the reference, so the tables, the bucket and the API can name it now.
    const consoleUrl = Lazy.string({ produce: () => this.console.url });
    const consoleOrigins = [Lazy.string({ produce: () => this.console.origin }), ...originsOf(props.callbackUrls)];
    // Browsers PUT evidence straight to S3 from the console, so CORS allows the console's origins and no other.
    this.data = new Data(this, 'Data', { retain, evidenceUploadOrigins: consoleOrigins });
    // The sandbox stand-in delivers its signed settlement webhooks to this API, and Alipay and WeChat Pay their
    // notifications. The API is built after the workflow (its handlers start executions), so its URL is filled in
    // at synth time.
    this.payments = new PaymentChannels(this, 'PaymentChannels', {
      data: this.data,
      stage,
      map: props.paymentChannels ?? defaultChannels(stage),
      apiEndpoint: Lazy.string({ produce: () => this.api.httpApi.apiEndpoint }),
      retain,
    });
    const payments = this.payments.bindings;
    this.monitoring = new Monitoring(this, 'Monitoring', {
      data: this.data,
      stage,
      payments,
      ...(props.financeAlertEmail ? { financeAlertEmail: props.financeAlertEmail } : {}),
    });
    const topics = {
      financeTopic: this.monitoring.financeTopic,
      buyerTopic: this.monitoring.buyerTopic,
      merchantTopic: this.monitoring.merchantTopic,
    };
    // The construct id stays "Workflow": renaming it would replace the deployed state machine and end its running executions.
    this.lifecycle = new LifecycleStateMachine(this, 'Workflow', {
      data: this.data,
      stage,
      payments,
      ...topics,
    });
    this.api = new Api(this, 'Api', {
      data: this.data,
      stage,
      stateMachine: this.lifecycle.stateMachine,
      payoutMachine: this.lifecycle.payoutMachine,
      callbackUrls: [consoleUrl, ...props.callbackUrls],
      corsOrigins: consoleOrigins,
      authDomainPrefix: props.authDomainPrefix ?? `refunds-${stage}-${this.account}`,
      retainUsers: retain,
      // The payout recovery routes pay through the channels too (functions/api/finance/retry-payout.ts).
      payments,
      ...topics,
    });
    this.evidence = new EvidenceReading(this, 'Evidence', {
      data: this.data,
      stage,
      stateMachine: this.lifecycle.stateMachine,
      payoutMachine: this.lifecycle.payoutMachine,
      deadLetterQueue: this.monitoring.deadLetters,
      ...topics,
    });
    this.console = new Console(this, 'Console', {
      apiUrl: this.api.httpApi.apiEndpoint,
      authDomain: this.api.authDomain,
      clientId: this.api.webClient.userPoolClientId,
      evidenceBucket: this.data.evidence,
      accessLogs: this.data.accessLogs,
    });
    // Every committed refund change → one event on the refunds-<stage> bus (docs/events.md).
    this.refundEvents = new RefundEvents(this, 'Events', {
      data: this.data,
      stage,
      deadLetters: this.monitoring.deadLetters,
    });
    // Daily exports of the main table with Athena and Glue over them (docs/analytics.md).
    this.analytics = new AnalyticsExport(this, 'Analytics', {
      data: this.data,
      stage,
      deadLetters: this.monitoring.deadLetters,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const opsEmail = props.opsAlertEmail ?? props.financeAlertEmail;
    this.monitoring.watch({
      ...(opsEmail ? { email: opsEmail } : {}),
      stateMachine: this.lifecycle.stateMachine,
      payoutMachine: this.lifecycle.payoutMachine,
      functions: {
        ...this.lifecycle.tasks,
        ...this.api.functions,
        ...this.payments.functions,
        Ocr: this.evidence.ocr,
        RefundEvents: this.refundEvents.enrichment,
        TableExport: this.analytics.exporter,
        RefundAnalytics: this.refundEvents.analytics,
        AnalyticsFold: this.refundEvents.analyticsFold,
      },
      api: this.api.httpApi,
    });

    const outputs: Record<string, [string, string]> = {
      ApiUrl: [this.api.httpApi.apiEndpoint, 'Base URL of the HTTPS API'],
      ConsoleUrl: [this.console.url, 'The web console (sign in with Cognito managed login)'],
      UserPoolId: [this.api.userPool.userPoolId, 'Cognito user pool of people and the order system'],
      WebClientId: [this.api.webClient.userPoolClientId, 'App client people sign in with (code + PKCE, SRP)'],
      OrderSystemClientId: [this.api.orderSystemClient.userPoolClientId, 'Client-credentials app client'],
      TokenEndpoint: [this.api.tokenEndpoint, 'OAuth2 token endpoint (client credentials)'],
      OrderSystemScope: [this.api.systemScope, 'Scope the order system asks for'],
      WebhookSecretArn: [this.data.webhookSecret.secretArn, 'HMAC key of the payment webhook'],
      StateMachineArn: [this.lifecycle.stateMachine.stateMachineArn, 'Refund lifecycle state machine (npm run ops)'],
      PayoutStateMachineArn: [
        this.lifecycle.payoutMachine.stateMachineArn,
        'Express payout workflow (docs/operations.md)',
      ],
      AnalyticsWorkGroup: [this.analytics.workGroup.ref, 'Athena workgroup of the table exports (docs/analytics.md)'],
      RefundEventBusName: [this.refundEvents.bus.eventBusName, 'EventBridge bus of refund events (docs/events.md)'],
      DeadLetterQueueUrl: [
        this.monitoring.deadLetters.queueUrl,
        'Dead-letter queue of schedules, e-mails, async invokes',
      ],
    };
    for (const [key, [value, description]] of Object.entries(outputs)) new CfnOutput(this, key, { value, description });
  }
}
