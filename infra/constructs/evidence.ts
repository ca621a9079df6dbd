/**
 * Evidence reading: an object created under `evidence/` in the evidence bucket invokes the OCR function, which reads
 * waybills and receipts with Textract, records what it read on the refund and moves a waiting refund on.
 * Permissions are exactly what it needs: Textract's two read calls, reading evidence objects, the main table,
 * answering task tokens and publishing buyer notifications.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_FUNCTIONS } from '../../functions/manifest.ts';
import { type Bindable, bindNeeds, nagArnPart } from './bindings.ts';
import { RefundFunction } from './refund-function.ts';

export interface EvidenceProps extends Bindable {
  /** Where failed asynchronous invocations go. */
  deadLetterQueue: IQueue;
}

export class EvidenceReading extends Construct {
  readonly ocr: RefundFunction;

  constructor(scope: Construct, id: string, props: EvidenceProps) {
    super(scope, id);
    const spec = EVENT_FUNCTIONS.Ocr;
    this.ocr = new RefundFunction(this, spec.id, {
      entry: spec.entry,
      description: 'Reads uploaded waybills and receipts (Textract) and moves waiting refunds on',
      timeout: Duration.minutes(1),
      memorySize: 1024,
      deadLetterQueue: props.deadLetterQueue,
    });
    const fn = this.ocr.fn;
    bindNeeds(fn, spec.needs, props);
    const bucket = props.data.evidence;
    // Textract reads the object from S3 itself, with the caller's permissions; its actions take no resource ARN.
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['textract:DetectDocumentText', 'textract:AnalyzeExpense'], resources: ['*'] }),
    );
    bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix: 'evidence/' });

    Validations.of(fn).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'Textract DetectDocumentText/AnalyzeExpense and X-Ray support no resource-level permissions.',
    });
    // The S3 notification helper (BucketNotificationsHandler) is a CDK-provided custom resource.
    Validations.of(Stack.of(this)).acknowledge(
      {
        id: `AwsSolutions::AwsSolutions-IAM4[Policy::arn:${nagArnPart(Stack.of(this), 'Partition')}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]`,
        reason: 'CDK bucket-notifications custom resource: logs only.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'CDK bucket-notifications custom resource sets notifications on the bucket.',
      },
    );
  }
}
