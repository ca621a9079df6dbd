/** `POST /v1/refunds/{refundId}/evidence` (role buyer): an upload URL for evidence (app/request-evidence-upload.ts). */
import { DynamoEvidenceRecords } from '../../adapters/dynamodb/evidence-records.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { S3EvidenceStore } from '../../adapters/s3/evidence-store.ts';
import { requestEvidenceUpload } from '../../app/request-evidence-upload.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { evidenceRequestSchema } from '../../schemas/evidence.ts';

const deps = wire({
  evidence: () => new S3EvidenceStore(),
  evidenceRecords: () => new DynamoEvidenceRecords(),
  clock: wallClock,
});

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'RequestEvidenceUpload' }, async ({ event, principal, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const request = parse(evidenceRequestSchema, body);
  return { statusCode: 201, body: await requestEvidenceUpload(deps, principal, { refundId, ...request }) };
});
