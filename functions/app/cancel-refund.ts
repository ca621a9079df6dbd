/**
 * The buyer withdraws a refund that has not been paid. Its reservation on the order is released in the same write
 * as the cancellation, and its lifecycle execution is stopped. A refund past the point of no return is refused
 * (409); one assessed while we cancel is read again and cancelled from where it went. A reviewer's or an
 * inspector's open task on it is closed, so it leaves their queue and frees their slot in the balancing.
 */
import type { Actor } from '../domain/actor.ts';
import { DomainError, InvalidTransition } from '../domain/errors.ts';
import { isWait, transition } from '../domain/lifecycle.ts';
import type { Refund } from '../domain/refund.ts';
import { CANCELLABLE_STATUSES } from '../domain/vocabulary.ts';
import type { Ports } from '../ports/index.ts';
import { refundFor } from './access.ts';

/** What a closed task says when its refund was withdrawn before anyone decided. */
export const WITHDRAWN = { decision: 'WITHDRAWN', note: 'the buyer cancelled the refund' } as const;

/**
 * The open task of the person a cancelled refund was waiting for (a review or an inspection, by the status it was
 * cancelled from), closed as withdrawn: the task on the refund as cancelled, which may be a newer round's than the one
 * read before (the cancel waited while the wait was being held, and holding it assigns the round's task).
 */
async function withdrawTask(
  deps: Pick<Ports, 'reviews' | 'inspections'>,
  from: Refund['status'],
  cancelled: Refund,
  at: string,
) {
  const held =
    from === 'MANUAL_REVIEW'
      ? { tasks: deps.reviews, taskId: cancelled.review?.taskId }
      : from === 'AWAITING_INSPECTION'
        ? { tasks: deps.inspections, taskId: cancelled.inspection?.taskId }
        : undefined;
  if (!held?.taskId) return;
  const task = await held.tasks.getTask(held.taskId);
  if (task?.status === 'OPEN') await held.tasks.close(task, 'DONE', { ...WITHDRAWN, at });
}

export async function cancelRefund(
  deps: Pick<Ports, 'store' | 'workflow' | 'clock' | 'reviews' | 'inspections'>,
  actor: Actor,
  refundId: string,
): Promise<Refund> {
  const { store } = deps;
  const now = deps.clock.now().toISOString();
  const change = { ...transition('CANCELLED', now, 'BUYER', { actorId: actor.sub }), step: 'END' };
  let refund = await refundFor(deps, actor, refundId, { consistent: true });
  for (let attempt = 0; ; attempt++) {
    if (!CANCELLABLE_STATUSES.has(refund.status)) throw new InvalidTransition(refund.status, 'cancel');
    try {
      if (isWait(refund.step)) await store.claimWait(refund, [refund.step], change, { release: true });
      else await store.closeUnpaid(refund, change, ['SUBMITTED']);
      break;
    } catch (error) {
      // Assessed between our read and our write (SUBMITTED → a wait): read again and cancel from there.
      if (!(error instanceof DomainError) || error.kind !== 'conflict' || attempt >= 3) throw error;
      refund = await refundFor(deps, actor, refundId, { consistent: true });
    }
  }
  await deps.workflow.stop(refund.refundId, 'cancelled by the buyer');
  const cancelled = (await store.getRefund(refund.refundId, { consistent: true })) ?? refund;
  await withdrawTask(deps, refund.status, cancelled, now);
  return cancelled;
}
