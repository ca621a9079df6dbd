/**
 * S3 `ObjectCreated` on the evidence bucket (prefix `evidence/`): marks the evidence uploaded, reads it with Textract
 * and moves the refund on (app/read-evidence.ts). Invoked asynchronously; a failure is retried by Lambda and then
 * lands in the dead-letter queue, while a file refused for its type or size is recorded and not retried.
 */
import type { S3Event } from 'aws-lambda';
import { DynamoEvidenceRecords } from '../adapters/dynamodb/evidence-records.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { stagePolicy, wallClock, wire } from '../adapters/index.ts';
import { createTextractOcr } from '../adapters/ocr/textract.ts';
import { SnsNotifier } from '../adapters/sns/notifier.ts';
import { StepFunctionsWorkflow } from '../adapters/stepfunctions/executions.ts';
import { readEvidence } from '../app/read-evidence.ts';
import { requireEnvironmentOf } from '../catalog.ts';

requireEnvironmentOf('Ocr');

const deps = wire({
  store: () => new DynamoRefundStore(),
  evidenceRecords: () => new DynamoEvidenceRecords(),
  ocr: () => createTextractOcr(),
  workflow: () => new StepFunctionsWorkflow(),
  notifier: () => new SnsNotifier(),
  clock: wallClock,
  policy: stagePolicy,
});

export async function handler(event: S3Event): Promise<void> {
  for (const record of event.Records) {
    const { bucket, object } = record.s3;
    await readEvidence(deps, {
      bucket: bucket.name,
      // S3 event keys are URL-encoded, spaces as '+'.
      key: decodeURIComponent(object.key.replace(/\+/g, ' ')),
      version: object.versionId,
      size: object.size,
    });
  }
}
