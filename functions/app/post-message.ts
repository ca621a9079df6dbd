/**
 * A participant posts a message in a refund's negotiation thread (domain/thread.ts): its buyer, its merchant or the
 * reviewer assigned to it. The message may reference the refund's evidence files. It shows in the refund's timeline
 * (it changes no status) and the other side is told: the buyer through the buyer notifications, the merchant through
 * the `merchant` channel.
 *
 * Idempotent per `Idempotency-Key` as POST /v1/refunds is, without a separate store: the message id is derived from
 * the refund, the caller and the key, and the message keeps a hash of the validated body. A retry finds the message
 * through the refund's thread entries and answers it again (no second message, no second notification); another body
 * under the same key is 422. Concurrent posts are ordered by the store's condition on the thread's length: the loser
 * reads the refund again and either finds its twin (a replay) or posts after the winner.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../domain/actor.ts';
import { Conflict, IdempotencyKeyReused, NotFound } from '../domain/errors.ts';
import type { Refund } from '../domain/refund.ts';
import {
  isThreadRole,
  MAX_MESSAGES_PER_REFUND,
  type Message,
  ThreadClosed,
  ThreadFull,
  threadOpen,
  UnknownEvidence,
} from '../domain/thread.ts';
import type { Ports } from '../ports/index.ts';
import { merchantIdOf, threadRefundFor } from './access.ts';
import { requestHashOf } from './apply-for-refund.ts';
import { notifyBuyer } from './notify-buyer.ts';
import { notifyMerchant } from './notify-merchant.ts';

export type PostMessageDeps = Pick<
  Ports,
  'store' | 'reviews' | 'inspections' | 'thread' | 'notifier' | 'inbox' | 'clock'
>;

export interface PostMessageCommand {
  refundId: string;
  /** The caller's `Idempotency-Key`. */
  idempotencyKey: string;
  /** Trimmed, 1..500 characters (schemas/thread.ts). */
  text: string;
  evidenceIds?: string[];
}

/** Attempts before a thread that keeps changing under the caller is reported as a conflict. */
const ATTEMPTS = 5;

/** Same refund, caller and key → same message id, so a retried post can never post twice. */
export function messageIdFor(refundId: string, sub: string, key: string): string {
  const digest = createHash('sha256').update(`${refundId}\u0000${sub}\u0000${key}`).digest('base64url');
  return `msg_${digest.slice(0, 22)}`;
}

/** The first answer again, if this key already posted on this refund; 422 if with another body. */
async function replay(deps: PostMessageDeps, refund: Refund, messageId: string, requestHash: string) {
  const entry = refund.thread?.find((e) => e.messageId === messageId);
  if (!entry) return undefined;
  const stored = await deps.thread.get(refund.refundId, entry);
  if (!stored) throw new NotFound('message');
  if (stored.requestHash !== requestHash) throw new IdempotencyKeyReused();
  const { requestHash: _hash, ...message } = stored;
  return message;
}

/** Tells the other side: the buyer hears of the merchant's and the reviewer's messages, the merchant of the others. */
async function notifyOthers(deps: PostMessageDeps, refund: Refund, message: Message): Promise<void> {
  const role = message.author.role;
  // One message-centre entry per message, whatever the retries.
  const occurrence = { at: message.at, key: message.messageId };
  if (role !== 'buyer') {
    const sender = role === 'merchant' ? 'MERCHANT' : 'REVIEWER';
    await notifyBuyer(deps, 'NEW_MESSAGE', refund, { sender }, occurrence);
  }
  if (role !== 'merchant') {
    await notifyMerchant(deps, 'NEW_MESSAGE', refund, { sender: role === 'buyer' ? 'BUYER' : 'REVIEWER' }, occurrence);
  }
}

/** The message as the first request with this key posted it; `fresh` is false when this request is a replay. */
export async function postMessage(
  deps: PostMessageDeps,
  actor: Actor,
  command: PostMessageCommand,
): Promise<{ message: Message; fresh: boolean }> {
  if (!isThreadRole(actor.role)) throw new NotFound('refund');
  const role = actor.role;
  const messageId = messageIdFor(command.refundId, actor.sub, command.idempotencyKey);
  const body = { text: command.text, ...(command.evidenceIds?.length ? { evidenceIds: command.evidenceIds } : {}) };
  const requestHash = requestHashOf(body);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // After a lost race, as last written: a lagging copy would lose the race again (THREAD_BUSY after five tries) or
    // miss the twin that won it.
    const refund = await threadRefundFor(deps, actor, command.refundId, { consistent: attempt > 0 });
    const first = await replay(deps, refund, messageId, requestHash);
    if (first) return { message: first, fresh: false };
    if (!threadOpen(refund)) throw new ThreadClosed(refund.status);
    const count = refund.thread?.length ?? 0;
    if (count >= MAX_MESSAGES_PER_REFUND) throw new ThreadFull();
    const known = new Set((refund.evidence ?? []).map((e) => e.evidenceId));
    const unknown = (body.evidenceIds ?? []).filter((id) => !known.has(id));
    if (unknown.length) throw new UnknownEvidence(unknown);
    const message: Message = {
      messageId,
      at: deps.clock.now().toISOString(),
      author: { role, id: role === 'merchant' ? merchantIdOf(actor) : actor.sub },
      ...body,
    };
    if (await deps.thread.post(refund.refundId, { ...message, requestHash }, count)) {
      await notifyOthers(deps, refund, message);
      return { message, fresh: true };
    }
  }
  throw new Conflict('THREAD_BUSY', 'the thread kept changing; retry with the same Idempotency-Key');
}
