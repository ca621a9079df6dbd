/**
 * `POST /v1/refunds/{refundId}/evidence` (role buyer): a pending evidence record on the buyer's own, still open
 * refund and a short-lived URL to upload the file to. The upload itself never passes through a Lambda.
 */
import { randomUUID } from 'node:crypto';
import { DynamoEvidenceRecords } from '../../adapters/dynamodb/evidence-records.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { S3EvidenceStore } from '../../adapters/s3/evidence-store.ts';
import { MAX_EVIDENCE_BYTES } from '../../domain/evidence/limits.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { evidenceKey } from '../../ports/evidence-store.ts';
import { id } from '../../schemas/common.ts';
import { evidenceRequestSchema } from '../../schemas/evidence.ts';

defaultAdapter('evidence', () => new S3EvidenceStore());
defaultAdapter('evidenceRecords', () => new DynamoEvidenceRecords());

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'RequestEvidenceUpload' }, async ({ event, principal, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const request = parse(evidenceRequestSchema, body);
  const now = adapter('clock').now();
  const evidenceId = `ev_${randomUUID().replaceAll('-', '')}`;
  // Record first: the condition refuses someone else's or a closed refund before any URL exists.
  await adapter('evidenceRecords').add(
    refundId,
    principal.sub,
    { evidenceId, kind: request.kind, contentType: request.contentType },
    now.toISOString(),
  );
  const grant = await adapter('evidence').grantUpload({
    key: evidenceKey(refundId, evidenceId),
    contentType: request.contentType,
    ...(request.contentLength === undefined ? {} : { contentLength: request.contentLength }),
    maxBytes: MAX_EVIDENCE_BYTES,
    now,
  });
  return {
    statusCode: 201,
    body: { evidenceId, ...grant, maxBytes: MAX_EVIDENCE_BYTES, method: 'PUT' },
  };
});
