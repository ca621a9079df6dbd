/**
 * `GET /v1/refunds/{refundId}/messages?cursor=&limit=` (buyer, merchant, assigned reviewer): the refund's negotiation
 * thread, oldest first (app/list-messages.ts).
 */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { DynamoThreadStore } from '../../adapters/dynamodb/thread-store.ts';
import { wire } from '../../adapters/index.ts';
import { listMessages } from '../../app/list-messages.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { messageListQuerySchema } from '../../schemas/thread.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  reviews: () => new DynamoReviewStore(),
  inspections: () => new DynamoReviewStore('inspector'),
  thread: () => new DynamoThreadStore(),
});

const refundIdSchema = id();
const DEFAULT_LIMIT = 50;

export const handler = httpHandler({ fn: 'ListMessages' }, async ({ event, principal }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const query = parse(messageListQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await listMessages(deps, principal, refundId, {
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit ? Number(query.limit) : DEFAULT_LIMIT,
  });
  return { statusCode: 200, body: page };
});
