/**
 * Contracts of a refund's negotiation thread (GET/POST /v1/refunds/{refundId}/messages, docs/api.md "Negotiation
 * thread"). Same shape as ./contracts.ts, which merges them in.
 */
import { errorSchema, id } from '../schemas/common.ts';
import { idempotencyKeySchema } from '../schemas/refund.ts';
import { messageListQuerySchema, messageListSchema, messageSchema, postMessageSchema } from '../schemas/thread.ts';
import type { Contract } from './contract.ts';

const err = (description: string) => ({ description, schema: errorSchema });
const params = { refundId: id() };
const common = {
  400: err('Bad input (VALIDATION_FAILED, MALFORMED_JSON, MALFORMED_BODY); nothing was written'),
  401: err('Missing or bad bearer token'),
  403: err('The role may not call this route'),
  404: err(
    "Unknown, or not the caller's: only the refund's buyer, its merchant and its assigned reviewer or inspector (never revealed)",
  ),
};

export const THREAD_CONTRACTS: Record<string, Contract> = {
  ListMessages: {
    summary: "The refund's negotiation thread (协商历史), oldest first",
    params,
    query: messageListQuerySchema,
    responses: {
      200: { description: 'A page; pass `cursor` back for the next', schema: messageListSchema },
      ...common,
    },
  },
  PostMessage: {
    summary: "A message in the refund's negotiation thread (idempotent by Idempotency-Key); the other side is told",
    params,
    headers: {
      'idempotency-key': {
        schema: idempotencyKeySchema,
        required: true,
        description: 'Same key and body answer the first message again (nothing posted twice); another body is 422',
      },
    },
    body: postMessageSchema,
    responses: {
      201: { description: 'Posted (or the replay of the first answer)', schema: messageSchema },
      ...common,
      409: err(
        'THREAD_CLOSED (the refund is final: REFUNDED, CANCELLED, or REJECTED after the dispute window), THREAD_FULL or THREAD_BUSY; nothing was written',
      ),
      422: err(
        "UNKNOWN_EVIDENCE (an evidence id that is not one of this refund's) or IDEMPOTENCY_KEY_REUSED (the key was used with another body); nothing was written",
      ),
    },
  },
};
