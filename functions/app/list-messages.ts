/**
 * A page of a refund's negotiation thread, oldest first, for its buyer, its merchant or the reviewer assigned to it
 * (404 for anyone else).
 */
import type { Actor } from '../domain/actor.ts';
import { NotFound } from '../domain/errors.ts';
import { isThreadRole, type Message } from '../domain/thread.ts';
import type { Ports } from '../ports/index.ts';
import type { Page } from '../ports/refund-store.ts';
import { threadRefundFor } from './access.ts';

export type ListMessagesDeps = Pick<Ports, 'store' | 'reviews' | 'inspections' | 'thread'>;

export async function listMessages(
  deps: ListMessagesDeps,
  actor: Actor,
  refundId: string,
  options: { cursor?: string; limit: number },
): Promise<Page<Message>> {
  if (!isThreadRole(actor.role)) throw new NotFound('refund');
  const refund = await threadRefundFor(deps, actor, refundId);
  return deps.thread.list(refund.refundId, options);
}
