/**
 * Where local mode swaps an AWS service for a stand-in, the stand-in first does what the AWS adapter's call would
 * make AWS do: read the same environment variable (missing → the same ConfigurationError) and check the same IAM
 * action on the same resource ARN against the calling function's policy (refused → AccessDeniedException). Only
 * then does the stand-in do its work, detached from the caller's scope (an execution outlives the API call that
 * started it, as in Step Functions).
 *
 * | port        | AWS adapter call                                   | checked here                               |
 * | ----------- | -------------------------------------------------- | ------------------------------------------ |
 * | workflow    | StartExecution / SendTaskSuccess|Failure / Stop…   | states:* on STATE_MACHINE_ARN / execution  |
 * | notifier    | SNS Publish to the channel's *_TOPIC_ARN           | sns:Publish on the topic                   |
 * | evidence    | presigned S3 PutObject in EVIDENCE_BUCKET          | s3:PutObject on the object                 |
 * |             | presigned S3 GetObject (of a version)              | s3:GetObject(Version) on the object        |
 * | ocr         | Textract DetectDocumentText / AnalyzeExpense (S3)  | textract:* and s3:GetObject on the object  |
 *
 * Secrets Manager needs no wrapper: the real adapter calls the local endpoint (./secrets.ts), checked by the guard.
 */
import { requireEnv } from '../../functions/config.ts';
import type {
  EvidenceStore,
  ReadGrant,
  ReadRequest,
  UploadGrant,
  UploadRequest,
} from '../../functions/ports/evidence-store.ts';
import type { Channel, Message, Notifier } from '../../functions/ports/notifier.ts';
import type { EvidenceImage, Ocr, ReceiptReading, WaybillReading } from '../../functions/ports/ocr.ts';
import type { Workflow } from '../../functions/ports/workflow.ts';
import { authorizeCurrent, detached } from './scope.ts';

const TOPIC_ENV: Record<Channel, string> = {
  finance: 'FINANCE_TOPIC_ARN',
  buyer: 'BUYER_TOPIC_ARN',
  merchant: 'MERCHANT_TOPIC_ARN',
  operations: 'OPERATIONS_TOPIC_ARN',
};

export function scopedWorkflow(inner: Workflow): Workflow {
  const machine = () => requireEnv('STATE_MACHINE_ARN');
  return {
    async start(refundId, step) {
      authorizeCurrent('states:StartExecution', machine());
      await detached(() => inner.start(refundId, step));
    },
    async payout(refundId) {
      authorizeCurrent('states:StartExecution', requireEnv('PAYOUT_STATE_MACHINE_ARN'));
      await detached(() => inner.payout(refundId));
    },
    async resume(taskToken, output) {
      authorizeCurrent('states:SendTaskSuccess', machine());
      await detached(() => inner.resume(taskToken, output));
    },
    async fail(taskToken, error, cause) {
      authorizeCurrent('states:SendTaskFailure', machine());
      await detached(() => inner.fail(taskToken, error, cause));
    },
    async stop(refundId, cause) {
      authorizeCurrent('states:StopExecution', `${machine().replace(':stateMachine:', ':execution:')}:${refundId}`);
      await detached(() => inner.stop(refundId, cause));
    },
  };
}

export function scopedNotifier(inner: Notifier): Notifier {
  return {
    async publish(channel: Channel, message: Message) {
      authorizeCurrent('sns:Publish', requireEnv(TOPIC_ENV[channel]));
      await detached(() => inner.publish(channel, message));
    },
  };
}

export function scopedEvidenceStore(inner: EvidenceStore): EvidenceStore {
  return {
    async grantUpload(request: UploadRequest): Promise<UploadGrant> {
      // A presigned URL carries the signer's permissions: S3 refuses the PUT unless the function may PutObject.
      authorizeCurrent('s3:PutObject', `arn:aws:s3:::${requireEnv('EVIDENCE_BUCKET')}/${request.key}`);
      return inner.grantUpload(request);
    },
    async grantRead(request: ReadRequest): Promise<ReadGrant> {
      // Likewise for a GET: S3 refuses it unless the signer may read the object (that version, when one is named).
      const action = request.version ? 's3:GetObjectVersion' : 's3:GetObject';
      authorizeCurrent(action, `arn:aws:s3:::${requireEnv('EVIDENCE_BUCKET')}/${request.key}`);
      return inner.grantRead(request);
    },
  };
}

export function scopedOcr(inner: Ocr): Ocr {
  const check = (action: string, image: EvidenceImage) => {
    authorizeCurrent(action, '*');
    if ('s3' in image) {
      const { bucket, key, version } = image.s3;
      // Textract reads the object with the caller's permissions.
      authorizeCurrent(version ? 's3:GetObjectVersion' : 's3:GetObject', `arn:aws:s3:::${bucket}/${key}`);
    }
  };
  return {
    async readWaybill(image): Promise<WaybillReading> {
      check('textract:DetectDocumentText', image);
      return detached(() => inner.readWaybill(image));
    },
    async readReceipt(image): Promise<ReceiptReading> {
      check('textract:AnalyzeExpense', image);
      return detached(() => inner.readReceipt(image));
    },
  };
}
