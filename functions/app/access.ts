/** Ownership checks shared by the use cases: someone else's refund is indistinguishable from a missing one (404). */
import type { Actor } from '../domain/actor.ts';
import { Forbidden, NotFound } from '../domain/errors.ts';
import type { Refund } from '../domain/refund.ts';
import type { Ports } from '../ports/index.ts';

/** The refund, if `actor` is its buyer or its merchant; NotFound otherwise. */
export async function refundFor(deps: Pick<Ports, 'store'>, actor: Actor, refundId: string): Promise<Refund> {
  const refund = await deps.store.getRefund(refundId);
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
 * The refund, if `actor` takes part in its negotiation thread: its buyer, its merchant, or the reviewer its latest
 * review task is assigned to (the task's `reviewerId`, read from the review store: an SLA reassignment moves it to
 * another reviewer). NotFound for anyone else.
 */
export async function threadRefundFor(
  deps: Pick<Ports, 'store' | 'reviews'>,
  actor: Actor,
  refundId: string,
): Promise<Refund> {
  if (actor.role !== 'reviewer') return refundFor(deps, actor, refundId);
  const refund = await deps.store.getRefund(refundId);
  const task = refund?.review ? await deps.reviews.getTask(refund.review.taskId) : undefined;
  if (!refund || task?.refundId !== refund.refundId || task.reviewerId !== actor.sub) throw new NotFound('refund');
  return refund;
}
