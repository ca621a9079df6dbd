/** Ownership checks shared by the use cases: someone else's refund is indistinguishable from a missing one (404). */
import type { Actor } from '../domain/actor.ts';
import { Forbidden, NotFound } from '../domain/errors.ts';
import type { Refund } from '../domain/refund.ts';
import type { Ports } from '../ports/index.ts';
import type { ReviewStore, ReviewTask } from '../ports/review-store.ts';

/**
 * The refund, if `actor` is its buyer or its merchant; NotFound otherwise. `consistent` for a use case that decides
 * from what it reads and then claims the wait: an eventually consistent copy may be a moment old (an offer since
 * replaced, a round since begun), and the claim's token condition would not see that the rest of the change was
 * computed from it.
 */
export async function refundFor(
  deps: Pick<Ports, 'store'>,
  actor: Actor,
  refundId: string,
  options: { consistent?: boolean } = {},
): Promise<Refund> {
  const refund = await deps.store.getRefund(refundId, options);
  const owns =
    refund &&
    ((actor.role === 'buyer' && refund.userId === actor.sub) ||
      (actor.role === 'merchant' && actor.merchantId !== undefined && refund.merchantId === actor.merchantId));
  if (!refund || !owns) throw new NotFound('refund');
  return refund;
}

/** A merchant token must say which merchant it acts for. */
export function merchantIdOf(actor: Actor): string {
  if (!actor.merchantId) throw new Forbidden('merchant token without merchant_id');
  return actor.merchantId;
}

/**
 * The refund, if `actor` takes part in its negotiation thread: its buyer, its merchant, the reviewer its latest
 * review task is assigned to, or the inspector its latest inspection task is assigned to, while that task is open
 * (the task's holder, read from the task store: an SLA reassignment moves it to someone else, and a decision or
 * verdict ends their part, as it ends their sight of the evidence: domain/evidence/readers.ts). NotFound for anyone
 * else.
 */
export async function threadRefundFor(
  deps: Pick<Ports, 'store' | 'reviews' | 'inspections'>,
  actor: Actor,
  refundId: string,
  options: { consistent?: boolean } = {},
): Promise<Refund> {
  if (actor.role !== 'reviewer' && actor.role !== 'inspector') return refundFor(deps, actor, refundId, options);
  const refund = await deps.store.getRefund(refundId, options);
  const task = refund ? await currentTaskOf(deps, actor, refund) : undefined;
  if (!refund || task?.refundId !== refund.refundId || task.reviewerId !== actor.sub || task.status !== 'OPEN') {
    throw new NotFound('refund');
  }
  return refund;
}

/** The refund's latest task of the caller's kind: its review task for a reviewer, its inspection for an inspector. */
export async function currentTaskOf(
  deps: { reviews: Pick<ReviewStore, 'getTask'>; inspections: Pick<ReviewStore, 'getTask'> },
  actor: Actor,
  refund: Pick<Refund, 'review' | 'inspection'>,
): Promise<ReviewTask | undefined> {
  if (actor.role === 'reviewer' && refund.review) return deps.reviews.getTask(refund.review.taskId);
  if (actor.role === 'inspector' && refund.inspection?.taskId)
    return deps.inspections.getTask(refund.inspection.taskId);
  return undefined;
}
