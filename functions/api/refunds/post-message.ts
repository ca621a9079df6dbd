/**
 * `POST /v1/refunds/{refundId}/messages` `{ text, evidenceIds? }` (buyer, merchant, assigned reviewer): a message in
 * the refund's negotiation thread, idempotently per `Idempotency-Key` (app/post-message.ts).
 */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { DynamoThreadStore } from '../../adapters/dynamodb/thread-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { canonical } from '../../app/apply-for-refund.ts';
import { postMessage } from '../../app/post-message.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { idempotencyKeySchema } from '../../schemas/refund.ts';
import { postMessageSchema } from '../../schemas/thread.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  reviews: () => new DynamoReviewStore(),
  inspections: () => new DynamoReviewStore('inspector'),
  thread: () => new DynamoThreadStore(),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
});

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'PostMessage' }, async ({ event, principal, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const idempotencyKey = parse(idempotencyKeySchema, event.headers?.['idempotency-key'], 'Idempotency-Key header');
  const { text, evidenceIds } = parse(postMessageSchema, body);
  const { message } = await postMessage(deps, principal, {
    refundId,
    idempotencyKey,
    text,
    ...(evidenceIds ? { evidenceIds } : {}),
  });
  // A replay answers the same bytes: the same content, serialised in a fixed key order.
  return { statusCode: 201, raw: JSON.stringify(canonical(message)) };
});
