/**
 * `GET /v1/refunds/{refundId}/evidence/{evidenceId}` (buyer, merchant, reviewer): a five-minute URL to look at one
 * evidence file (app/evidence-read-url.ts). Signing it needs the read and the key's decrypt, nothing to write.
 */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { S3EvidenceStore } from '../../adapters/s3/evidence-store.ts';
import { evidenceReadUrl } from '../../app/evidence-read-url.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { noQuerySchema } from '../../schemas/lifecycle.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  reviews: () => new DynamoReviewStore(),
  inspections: () => new DynamoReviewStore('inspector'),
  evidence: () => new S3EvidenceStore(),
  clock: wallClock,
});

const idSchema = id();

export const handler = httpHandler({ fn: 'EvidenceReadUrl' }, async ({ event, principal }) => {
  const refundId = parse(idSchema, event.pathParameters?.refundId, 'refundId');
  const evidenceId = parse(idSchema, event.pathParameters?.evidenceId, 'evidenceId');
  parse(noQuerySchema, event.queryStringParameters ?? {}, 'query');
  return { statusCode: 200, body: await evidenceReadUrl(deps, principal, { refundId, evidenceId }) };
});
