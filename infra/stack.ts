/**
 * The refund pipeline in one stack: data, workflow, API, evidence reading and monitoring constructs wired together.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api.ts';
import { Data } from './constructs/data.ts';
import { EvidenceReading } from './constructs/evidence.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Workflow } from './constructs/workflow.ts';

export interface RefundPipelineStackProps extends StackProps {
  /** Stage name (dev, prod, ...); part of resource names and tags. */
  stage: string;
  /** E-mail address that receives finance alerts. */
  financeAlertEmail: string;
  /** E-mail address that receives operational alarms (failed executions, function errors, DLQ). @default financeAlertEmail */
  opsAlertEmail?: string;
  /** Keep tables and buckets when the stack is deleted. @default true for prod, false otherwise */
  retainData?: boolean;
}

export class RefundPipelineStack extends Stack {
  readonly data: Data;
  readonly workflow: Workflow;
  readonly api: Api;
  readonly monitoring: Monitoring;
  readonly evidence: EvidenceReading;

  constructor(scope: Construct, id: string, props: RefundPipelineStackProps) {
    super(scope, id, props);
    this.data = new Data(this, 'Data', { retain: props.retainData ?? props.stage === 'prod' });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      data: this.data,
      financeAlertEmail: props.financeAlertEmail,
    });
    const topics = { financeTopic: this.monitoring.financeTopic, buyerTopic: this.monitoring.buyerTopic };
    this.workflow = new Workflow(this, 'Workflow', { data: this.data, ...topics });
    this.api = new Api(this, 'Api', { data: this.data, stateMachine: this.workflow.stateMachine, ...topics });
    // The sandbox stand-in delivers its signed settlement webhooks to this API, as a real provider would.
    this.workflow.tasks.Payout?.fn.addEnvironment(
      'PAYMENT_WEBHOOK_URL',
      `${this.api.httpApi.apiEndpoint}/v1/payments/webhook`,
    );
    this.evidence = new EvidenceReading(this, 'Evidence', {
      data: this.data,
      stateMachine: this.workflow.stateMachine,
      deadLetterQueue: this.monitoring.deadLetters,
      ...topics,
    });
    this.monitoring.watch({
      email: props.opsAlertEmail ?? props.financeAlertEmail,
      stateMachine: this.workflow.stateMachine,
      functions: { ...this.workflow.tasks, ...this.api.functions, Ocr: this.evidence.ocr },
    });
  }
}
