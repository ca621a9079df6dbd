/**
 * The buyer disputes the merchant's rejection, with a note; a reviewer arbitrates. Accepted once, within the
 * dispute window (409 NOT_WAITING otherwise).
 */
import type { Actor } from '../domain/actor.ts';
import { enterStep } from '../domain/lifecycle.ts';
import type { Refund } from '../domain/refund.ts';
import { afterDispute } from '../domain/transitions.ts';
import type { Ports } from '../ports/index.ts';
import { refundFor } from './access.ts';
import { resumeWaiting } from './resume-waiting.ts';
import { countForScorecard } from './scorecard.ts';

export interface DisputeCommand {
  refundId: string;
  note: string;
}

export async function disputeRefund(
  deps: Pick<Ports, 'store' | 'workflow' | 'policy' | 'clock' | 'scorecards'>,
  actor: Actor,
  command: DisputeCommand,
): Promise<Refund> {
  const refund = await refundFor(deps, actor, command.refundId, { consistent: true });
  const next = afterDispute(refund);
  const now = deps.clock.now().toISOString();
  await resumeWaiting(deps, refund, ['AWAIT_DISPUTE'], next, {
    ...enterStep(next, now, 'BUYER', deps.policy, { actorId: actor.sub, detailCode: 'BUYER_DISPUTED' }),
    extra: { dispute: { note: command.note, at: now } },
  });
  // Counted once: a second dispute finds the window's wait gone (409) before it gets here.
  await countForScorecard(deps, refund.merchantId, now, 'disputes');
  return (await deps.store.getRefund(refund.refundId, { consistent: true })) ?? refund;
}
