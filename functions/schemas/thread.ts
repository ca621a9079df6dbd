/** Contracts of a refund's negotiation thread (domain/thread.ts): the post body, a message and a page of them. */
import * as z from 'zod/mini';
import { MAX_MESSAGE_EVIDENCE, MAX_MESSAGE_LENGTH } from '../domain/thread.ts';
import { hasControlCharacters, id, isoTime, pageLimit } from './common.ts';

export const postMessageSchema = z.strictObject({
  /** Trimmed first; then 1..500 characters, well-formed, no control characters but newline and tab. */
  text: z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(MAX_MESSAGE_LENGTH),
    z.refine((s) => !hasControlCharacters(s, '\n\t'), 'must not contain control characters'),
    z.refine((s) => s.isWellFormed(), 'must be well-formed Unicode'),
  ),
  /** Evidence files of this refund the message refers to (422 UNKNOWN_EVIDENCE for any other id). */
  evidenceIds: z.optional(
    z.array(id()).check(
      z.maxLength(MAX_MESSAGE_EVIDENCE),
      z.refine((ids) => new Set(ids).size === ids.length, 'must not repeat an id'),
    ),
  ),
});
export type PostMessageBody = z.infer<typeof postMessageSchema>;

export const messageSchema = z.object({
  messageId: z.string(),
  at: isoTime(),
  /** The buyer's user id, the merchant's id or the reviewer's id. */
  author: z.object({ role: z.enum(['buyer', 'merchant', 'reviewer', 'inspector']), id: z.string() }),
  text: z.string(),
  evidenceIds: z.optional(z.array(z.string())),
});

export const messageListSchema = z.object({ items: z.array(messageSchema), cursor: z.optional(z.string()) });

export const messageListQuerySchema = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(pageLimit(100)),
});
