/**
 * The buyer accepts the merchant's rejection instead of disputing it (`POST /v1/refunds/{refundId}/accept`): the
 * dispute window ends at once, as its timeout would end it (app/apply-timeout.ts AWAIT_DISPUTE), so the refund is
 * final (REJECTED, step END, its reservation released) and the lifecycle execution is resumed to its end with the
 * wait's task token. The token is taken in the same conditional write as the change (app/resume-waiting.ts), so of
 * an accept, a dispute and the window's timeout only one wins; the others get 409 NOT_WAITING. Accepting again
 * once accepted answers with the refund unchanged (idempotent).
 */
import type { Actor } from '../domain/actor.ts';
import { transition } from '../domain/lifecycle.ts';
import type { Refund } from '../domain/refund.ts';
import { afterAccept } from '../domain/transitions.ts';
import type { Ports } from '../ports/index.ts';
import { refundFor } from './access.ts';
import { resumeWaiting } from './resume-waiting.ts';

/** This buyer already accepted the decision: the refund's last status change is their acceptance. */
function acceptedBy(refund: Refund, buyer: string): boolean {
  const last = refund.timeline.at(-1);
  return (
    refund.status === 'REJECTED' &&
    refund.step === 'END' &&
    last?.detailCode === 'BUYER_ACCEPTED' &&
    last.actorId === buyer
  );
}

export async function acceptDecision(
  deps: Pick<Ports, 'store' | 'workflow' | 'policy' | 'clock'>,
  actor: Actor,
  refundId: string,
): Promise<Refund> {
  const refund = await refundFor(deps, actor, refundId, { consistent: true });
  if (acceptedBy(refund, actor.sub)) return refund;
  const next = afterAccept(refund);
  const now = deps.clock.now().toISOString();
  await resumeWaiting(deps, refund, ['AWAIT_DISPUTE'], next, {
    ...transition('REJECTED', now, 'BUYER', { actorId: actor.sub, detailCode: 'BUYER_ACCEPTED' }),
    step: next,
  });
  return (await deps.store.getRefund(refund.refundId, { consistent: true })) ?? refund;
}
