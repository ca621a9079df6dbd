/**
 * The merchant approves, rejects or offers part of the amount (OFFER) on a refund waiting for them. Accepted once: a
 * second or late decision finds the wait gone (409 NOT_WAITING). The response time of an approval or rejection is
 * recorded per merchant, and the buyer is told the outcome; an offer waits for the buyer's answer
 * (app/answer-offer.ts) until the policy's deadline, and is refused (422) unless 0 < amount < the refund's amount.
 */
import type { Actor } from '../domain/actor.ts';
import { enterStep } from '../domain/lifecycle.ts';
import { checkOffer, type PartialOffer } from '../domain/partial-offer.ts';
import type { Decision, Refund } from '../domain/refund.ts';
import { afterMerchantDecision, type MerchantDecision } from '../domain/transitions.ts';
import type { Ports } from '../ports/index.ts';
import { merchantIdOf, refundFor } from './access.ts';
import { notifyTransition } from './notify-transition.ts';
import { resumeWaiting } from './resume-waiting.ts';
import { withReturnAddress } from './return-address.ts';
import { countForScorecard } from './scorecard.ts';

export interface MerchantDecisionCommand {
  refundId: string;
  decision: MerchantDecision;
  reason?: string | undefined;
  note?: string | undefined;
  /** OFFER only: the partial amount offered, minor units. */
  amount?: number | undefined;
}

export type DecideAsMerchantDeps = Pick<
  Ports,
  'store' | 'workflow' | 'policy' | 'clock' | 'notifier' | 'inbox' | 'returnAddresses' | 'scorecards'
>;

export async function decideAsMerchant(
  deps: DecideAsMerchantDeps,
  actor: Actor,
  command: MerchantDecisionCommand,
): Promise<Refund> {
  const merchantId = merchantIdOf(actor);
  const refund = await refundFor(deps, actor, command.refundId, { consistent: true });
  const next = afterMerchantDecision(refund, command.decision);
  if (command.decision === 'OFFER') checkOffer(refund, command.amount ?? 0, deps.policy);
  const now = deps.clock.now();
  const at = now.toISOString();
  const decision: Decision = {
    kind: 'MERCHANT',
    outcome: command.decision,
    by: 'MERCHANT',
    actorId: merchantId,
    rules: [],
    ...(refund.decision?.policyVersion ? { policyVersion: refund.decision.policyVersion } : {}),
    inputs: {
      reason: command.reason ?? null,
      note: command.note ?? null,
      ...(command.decision === 'OFFER' ? { amount: command.amount, requested: refund.amount } : {}),
    },
    at,
  };
  // The merchant's own words, shown after a lead-in in the reader's language (domain/timeline-text.ts).
  const words = {
    ...(command.reason ? { reason: command.reason } : {}),
    ...(command.note ? { note: command.note } : {}),
  };
  const change = enterStep(next, at, 'MERCHANT', deps.policy, {
    actorId: merchantId,
    decision,
    detailCode: 'MERCHANT_ANSWERED',
    facts: words,
  });
  if (command.decision === 'OFFER') {
    const offer: PartialOffer = {
      amount: command.amount ?? 0,
      ...(command.note ? { note: command.note } : {}),
      merchantId,
      at,
      dueBy: change.nextStep?.dueBy ?? at,
      requested: refund.amount,
    };
    await resumeWaiting(deps, refund, ['MERCHANT_REVIEW'], next, { ...change, extra: { offer } });
    const offered = (await deps.store.getRefund(refund.refundId, { consistent: true })) ?? refund;
    await notifyTransition(deps, { from: 'MERCHANT_REVIEW', to: next, cause: 'ACTION' }, offered);
    return offered;
  }
  await resumeWaiting(deps, refund, ['MERCHANT_REVIEW'], next, await withReturnAddress(deps, refund, next, change));
  const askedAt = refund.timeline.findLast((e) => e.status === 'AWAITING_MERCHANT')?.at ?? refund.createdAt;
  const responseSeconds = (now.getTime() - Date.parse(askedAt)) / 1000;
  const stat = command.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
  await countForScorecard(deps, merchantId, now, 'answered', responseSeconds, stat);
  const updated = (await deps.store.getRefund(refund.refundId, { consistent: true })) ?? refund;
  // Approved, rejected (the dispute window opens), or an approval that waits for the goods (what to send, by when).
  await notifyTransition(deps, { from: 'MERCHANT_REVIEW', to: next, cause: 'ACTION' }, updated);
  return updated;
}
