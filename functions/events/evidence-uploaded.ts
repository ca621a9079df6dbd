/**
 * S3 `ObjectCreated` on the evidence bucket (prefix `evidence/`): marks the evidence uploaded, reads it with Textract
 * and moves the refund on (app/read-evidence.ts). Invoked asynchronously; a failure is retried by Lambda and then
 * lands in the dead-letter queue, while a file refused for its type or size is recorded and not retried.
 * Correlation id: the S3 request id of the upload (`responseElements.x-amz-request-id`); each record's refund id
 * comes from its key, `evidence/{refundId}/{evidenceId}`.
 */
import type { S3Event } from 'aws-lambda';
import { DynamoEvidenceRecords } from '../adapters/dynamodb/evidence-records.ts';
import { DynamoInbox } from '../adapters/dynamodb/inbox.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { DynamoReturnAddressStore } from '../adapters/dynamodb/return-address-store.ts';
import { DynamoScorecardStore } from '../adapters/dynamodb/scorecard-store.ts';
import { stagePolicy, wallClock, wire } from '../adapters/index.ts';
import { createTextractOcr } from '../adapters/ocr/textract.ts';
import { SnsNotifier } from '../adapters/sns/notifier.ts';
import { StepFunctionsWorkflow } from '../adapters/stepfunctions/executions.ts';
import { readEvidence } from '../app/read-evidence.ts';
import { EVENT_FUNCTIONS, requireEnvironment } from '../manifest.ts';
import { appendRefundId, entryHandler } from '../observability/invocation.ts';

requireEnvironment(EVENT_FUNCTIONS.Ocr);

const deps = wire({
  store: () => new DynamoRefundStore(),
  evidenceRecords: () => new DynamoEvidenceRecords(),
  ocr: () => createTextractOcr(),
  workflow: () => new StepFunctionsWorkflow(),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
  policy: stagePolicy,
  returnAddresses: () => new DynamoReturnAddressStore(),
  scorecards: () => new DynamoScorecardStore(),
});

/** The refund an evidence key belongs to: `evidence/{refundId}/…`. */
export function refundIdOfKey(key: string): string | undefined {
  const [prefix, refundId] = key.split('/');
  return prefix === 'evidence' && refundId ? refundId : undefined;
}

export const handler = entryHandler(
  { fn: 'Ocr', correlationId: (event: S3Event) => event.Records?.[0]?.responseElements?.['x-amz-request-id'] },
  async (event: S3Event): Promise<void> => {
    for (const record of event.Records) {
      const { bucket, object } = record.s3;
      // S3 event keys are URL-encoded, spaces as '+'.
      const key = decodeURIComponent(object.key.replace(/\+/g, ' '));
      appendRefundId(refundIdOfKey(key));
      await readEvidence(deps, { bucket: bucket.name, key, version: object.versionId, size: object.size });
    }
  },
);
