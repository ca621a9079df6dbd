/**
 * The buyer withdraws a refund that has not been paid. Its reservation on the order is released in the same write
 * as the cancellation, and its lifecycle execution is stopped. A refund past the point of no return is refused
 * (409); one assessed while we cancel is read again and cancelled from where it went.
 */
import type { Actor } from '../domain/actor.ts';
import { DomainError, InvalidTransition } from '../domain/errors.ts';
import { isWait, transition } from '../domain/lifecycle.ts';
import type { Refund } from '../domain/refund.ts';
import { CANCELLABLE_STATUSES } from '../domain/vocabulary.ts';
import type { Ports } from '../ports/index.ts';
import { refundFor } from './access.ts';

export async function cancelRefund(
  deps: Pick<Ports, 'store' | 'workflow' | 'clock'>,
  actor: Actor,
  refundId: string,
): Promise<Refund> {
  const { store } = deps;
  const now = deps.clock.now().toISOString();
  const change = { ...transition('CANCELLED', now, 'BUYER', { actorId: actor.sub }), step: 'END' };
  let refund = await refundFor(deps, actor, refundId);
  for (let attempt = 0; ; attempt++) {
    if (!CANCELLABLE_STATUSES.has(refund.status)) throw new InvalidTransition(refund.status, 'cancel');
    try {
      if (isWait(refund.step)) await store.claimWait(refund, [refund.step], change, { release: true });
      else await store.closeUnpaid(refund, change, ['SUBMITTED']);
      break;
    } catch (error) {
      // Assessed between our read and our write (SUBMITTED → a wait): read again and cancel from there.
      if (!(error instanceof DomainError) || error.kind !== 'conflict' || attempt >= 3) throw error;
      refund = await refundFor(deps, actor, refundId);
    }
  }
  await deps.workflow.stop(refund.refundId, 'cancelled by the buyer');
  return (await store.getRefund(refund.refundId)) ?? refund;
}
