/**
 * S3 `ObjectCreated` on the evidence bucket (prefix `evidence/`): marks the evidence uploaded, reads it with Textract
 * and moves the refund on (./process.ts). Invoked asynchronously; a failure is retried by Lambda and then lands in
 * the dead-letter queue, while a file refused for its type or size is recorded and not retried.
 */
import type { S3Event } from 'aws-lambda';
import { DynamoEvidenceRecords } from '../adapters/dynamodb/evidence-records.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter } from '../adapters/index.ts';
import { createTextractOcr } from '../adapters/ocr/textract.ts';
import { SnsNotifier } from '../adapters/sns/notifier.ts';
import { StepFunctionsWorkflow } from '../adapters/stepfunctions/executions.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { EVIDENCE_CONTENT_TYPES } from '../domain/evidence/limits.ts';
import { logger } from '../http/handler.ts';
import { parseEvidenceKey } from '../ports/evidence-store.ts';
import { processUploadedEvidence } from './process.ts';
import { onEvidenceUploaded } from './uploaded.ts';

requireEnvironmentOf('Ocr');

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('evidenceRecords', () => new DynamoEvidenceRecords());
defaultAdapter('workflow', () => new StepFunctionsWorkflow());
defaultAdapter('notifier', () => new SnsNotifier());
defaultAdapter('ocr', () => createTextractOcr());

export async function handler(event: S3Event): Promise<void> {
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const ids = parseEvidenceKey(key);
    const evidence =
      ids && (await adapter('store').getRefund(ids.refundId))?.evidence?.find((e) => e.evidenceId === ids.evidenceId);
    const contentType = EVIDENCE_CONTENT_TYPES.find((t) => t === evidence?.contentType);
    if (!ids || !evidence || !contentType) {
      logger.warn('object is not requested evidence; ignored', { bucket, key });
      continue;
    }
    await onEvidenceUploaded({ ...ids, kind: evidence.kind, contentType, key });
    await processUploadedEvidence(ids.refundId, ids.evidenceId, {
      s3: { bucket, key, ...(record.s3.object.versionId ? { version: record.s3.object.versionId } : {}) },
      contentType,
      size: record.s3.object.size,
    });
  }
}
