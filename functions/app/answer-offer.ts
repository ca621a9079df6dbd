/**
 * The buyer answers a merchant's partial offer (`POST /v1/refunds/{refundId}/offer` `{ accept, amount? }`), and the same
 * change when the policy answers for a silent buyer (app/apply-timeout.ts). Accepted: the refund's amount becomes
 * the offer, the rest of its reservation on the order is released in the same transaction that takes the wait, and
 * the refund is approved and paid. Declined: it goes where `offer.onDecline` says (the platform, or the merchant
 * again). Exactly once: the wait's task token is taken by one answer; a second or late one gets 409 NOT_WAITING.
 */
import type { Actor } from '../domain/actor.ts';
import { Conflict } from '../domain/errors.ts';
import { enterStep, type StepOutcome } from '../domain/lifecycle.ts';
import { linesForAmount, type PartialOffer } from '../domain/partial-offer.ts';
import type { Policy } from '../domain/policy/schema.ts';
import type { Decision, Refund } from '../domain/refund.ts';
import { afterOfferAnswer } from '../domain/transitions.ts';
import type { Ports } from '../ports/index.ts';
import type { RefundChange } from '../ports/refund-store.ts';
import { refundFor } from './access.ts';
import { notifyTransition } from './notify-transition.ts';
import { resumeWaiting } from './resume-waiting.ts';

export type AnswerOfferDeps = Pick<Ports, 'store' | 'workflow' | 'policy' | 'clock' | 'notifier' | 'inbox'>;

/** What an answer writes: the step it leads to, the refund's change, and (accepted) what the refund shrinks to. */
export interface OfferAnswer {
  next: StepOutcome;
  change: RefundChange;
  reduceTo?: Pick<Refund, 'amount' | 'items'>;
}

/**
 * The change an answer makes to a refund waiting in AWAIT_OFFER, by the buyer or (silence) the system; `decision`
 * is what is recorded in the refund's decision history. Throws Conflict NOT_WAITING when it is not waiting for one.
 */
export function offerAnswer(
  refund: Refund,
  accept: boolean,
  by: { actor: 'BUYER' | 'SYSTEM'; actorId: string },
  decision: Decision,
  policy: Policy,
): OfferAnswer {
  const next = afterOfferAnswer(refund, accept, policy);
  const offer = refund.offer;
  if (!offer) throw new Conflict('NOT_WAITING', 'the refund has no offer to answer');
  const at = decision.at;
  const answered: PartialOffer = {
    ...offer,
    answer: { outcome: accept ? 'ACCEPTED' : 'DECLINED', by: by.actor, at },
  };
  const entered = enterStep(next, at, by.actor, policy, { actorId: by.actorId, decision });
  if (!accept) return { next, change: { ...entered, extra: { offer: answered } } };
  // What the buyer applied for is kept: the application's answer is rebuilt from it on a replay.
  const applied = { amount: refund.amount, ...(refund.items ? { items: refund.items } : {}) };
  const change: RefundChange = { ...entered, extra: { offer: answered, applied } };
  const items = linesForAmount(refund.items, offer.amount);
  return { next, change, reduceTo: { amount: offer.amount, ...(items ? { items } : {}) } };
}

export async function answerOffer(
  deps: AnswerOfferDeps,
  actor: Actor,
  command: { refundId: string; accept: boolean; amount?: number },
): Promise<Refund> {
  const refund = await refundFor(deps, actor, command.refundId, { consistent: true });
  // The answer is to the offer the buyer saw (`amount`), and the claim below takes the wait only while the offer read
  // here is still the refund's (ClaimOptions.offerAt): a newer offer made meanwhile refuses it with NOT_WAITING.
  const offered = refund.step === 'AWAIT_OFFER' ? refund.offer?.amount : undefined;
  if (command.amount !== undefined && offered !== undefined && offered !== command.amount) {
    throw new Conflict('OFFER_CHANGED', 'the merchant changed the offer: answer the one shown now', {
      answered: command.amount,
      offered,
    });
  }
  const at = deps.clock.now().toISOString();
  const decision: Decision = {
    kind: 'OFFER_ANSWER',
    outcome: command.accept ? 'ACCEPT' : 'DECLINE',
    by: 'BUYER',
    actorId: actor.sub,
    rules: [],
    ...(refund.decision?.policyVersion ? { policyVersion: refund.decision.policyVersion } : {}),
    inputs: { offered: refund.offer?.amount ?? null, requested: refund.offer?.requested ?? refund.amount },
    at,
  };
  const answer = offerAnswer(refund, command.accept, { actor: 'BUYER', actorId: actor.sub }, decision, deps.policy);
  await resumeWaiting(deps, refund, ['AWAIT_OFFER'], answer.next, answer.change, {
    ...(answer.reduceTo ? { reduceTo: answer.reduceTo } : {}),
    ...(refund.offer?.at ? { offerAt: refund.offer.at } : {}),
  });
  const updated = (await deps.store.getRefund(refund.refundId, { consistent: true })) ?? refund;
  await notifyTransition(deps, { from: 'AWAIT_OFFER', to: answer.next, cause: 'ACTION' }, updated);
  return updated;
}
