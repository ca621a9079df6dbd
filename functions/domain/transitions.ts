/**
 * What happens after a person acts on a waiting refund: pure functions from the refund and the action to the
 * step the lifecycle continues with. Handlers persist the change and resume the state machine with the step.
 */
import { Conflict } from './errors.ts';
import type { StepOutcome, Wait } from './lifecycle.ts';
import type { InspectionVerdict, Policy } from './policy/schema.ts';
import type { Refund } from './refund.ts';

export type MerchantDecision = 'APPROVE' | 'REJECT' | 'OFFER';
export type ReviewDecision = 'APPROVE' | 'REJECT' | 'REQUEST_EVIDENCE';
export type ReturnCondition = 'INTACT' | 'DAMAGED' | 'NOT_MATCHING';

function requireWait(refund: Pick<Refund, 'step'>, allowed: readonly Wait[], action: string): Wait {
  const step = allowed.find((w) => w === refund.step);
  if (!step) throw new Conflict('NOT_WAITING', `the refund is not waiting for ${action}`, { step: refund.step });
  return step;
}

/** After the merchant approves, the buyer still returns the goods if the rules said so and they are not back yet. */
function approvedNext(refund: Pick<Refund, 'requirements' | 'returnShipment'>): StepOutcome {
  return refund.requirements?.returnRequired && !refund.returnShipment ? 'AWAIT_RETURN' : 'APPROVE';
}

/**
 * Merchant review: approve (maybe after a return), reject, which opens the buyer's dispute window, or offer part of
 * the amount, which waits for the buyer's answer.
 */
export function afterMerchantDecision(refund: Refund, decision: MerchantDecision): StepOutcome {
  requireWait(refund, ['MERCHANT_REVIEW'], 'a merchant decision');
  if (decision === 'OFFER') return 'AWAIT_OFFER';
  return decision === 'APPROVE' ? approvedNext(refund) : 'AWAIT_DISPUTE';
}

/**
 * The buyer's answer to a partial offer (or the policy's, on silence): accepted, the offered amount is paid (the
 * goods stay with the buyer, so no return); declined, the refund goes where `offer.onDecline` says.
 */
export function afterOfferAnswer(
  refund: Pick<Refund, 'step'>,
  accept: boolean,
  policy: Pick<Policy, 'offer'>,
): StepOutcome {
  requireWait(refund, ['AWAIT_OFFER'], 'an answer to an offer');
  return accept ? 'APPROVE' : policy.offer.onDecline;
}

/**
 * Return shipped: trusted buyers (refundOnWaybill) are paid as soon as a valid waybill is recorded; everyone else
 * waits for the merchant to confirm the goods arrived.
 */
export function afterReturnShipped(refund: Refund, waybillValid: boolean): StepOutcome {
  requireWait(refund, ['AWAIT_RETURN'], 'a return shipment');
  return refund.requirements?.refundOnWaybill && waybillValid ? 'APPROVE' : 'RETURN_IN_TRANSIT';
}

/**
 * The merchant confirms the return: goods the inspection rules pick (`inspectionRules`, ./inspection.ts) go to a
 * third-party inspector; otherwise intact goods are refunded and anything else is for the platform to judge.
 */
export function afterReturnReceived(
  refund: Refund,
  condition: ReturnCondition,
  inspectionRules: readonly string[] = [],
): StepOutcome {
  requireWait(refund, ['RETURN_IN_TRANSIT', 'AWAIT_RETURN'], 'a return confirmation');
  if (inspectionRules.length) return 'AWAIT_INSPECTION';
  return condition === 'INTACT' ? 'APPROVE' : 'MANUAL_REVIEW';
}

/**
 * The inspector's verdict leads where the policy says (`inspection.verdicts`): APPROVE pays as an intact return,
 * REJECT ends the refund, MANUAL_REVIEW hands it to a reviewer with the inspection attached.
 */
export function afterInspection(
  refund: Pick<Refund, 'step'>,
  verdict: InspectionVerdict,
  policy: Pick<Policy, 'inspection'>,
): StepOutcome {
  requireWait(refund, ['AWAIT_INSPECTION'], 'an inspection verdict');
  const outcome = policy.inspection.verdicts[verdict];
  return outcome === 'REJECT' ? 'END' : outcome;
}

/** A dispute of the merchant's rejection goes to arbitration by a reviewer. */
export function afterDispute(refund: Refund): StepOutcome {
  requireWait(refund, ['AWAIT_DISPUTE'], 'a dispute');
  return 'MANUAL_REVIEW';
}

/** The buyer accepts the merchant's rejection: the dispute window closes now, as its end would, and the refund ends. */
export function afterAccept(refund: Refund): StepOutcome {
  requireWait(refund, ['AWAIT_DISPUTE'], 'an answer to the decision');
  return 'END';
}

/** A reviewer's decision (manual review or arbitration) is final, except asking the buyer for more evidence. */
export function afterReview(refund: Refund, decision: ReviewDecision): StepOutcome {
  requireWait(refund, ['MANUAL_REVIEW'], 'a review decision');
  if (decision === 'REQUEST_EVIDENCE') return 'AWAIT_EVIDENCE';
  return decision === 'APPROVE' ? approvedNext(refund) : 'END';
}
