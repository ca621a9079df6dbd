/**
 * What the answer to an application (the 201 of POST /v1/refunds) said, rebuilt from the stored refund, so that a
 * replay of the same request answers the same bytes whatever happened since.
 *
 * The application runs the rules in its own request and, when they approve at once, records the payout it owes
 * (app/apply-for-refund.ts). Each of those steps appends one timeline entry, and entries are never rewritten; each
 * carries what the answer needs that the refund itself later forgets: the wait's deadline (`facts.dueBy`) and the
 * payout's terms (`facts` of PAYOUT_PENDING: a recovery may change `payout` later). The first decision stays first
 * in `decisions`. A refund still SUBMITTED (its request failed before the rules ran, and the retry runs them)
 * answers as created.
 */
import { isWait, WAIT_NEXT } from './lifecycle.ts';
import { awaitingSettlement } from './payout/plan.ts';
import type { NextStep, Payout, Refund, TimelineEvent } from './refund.ts';
import type { Destination, PaymentMethod } from './vocabulary.ts';

/** The refund as its application created it. */
export function creationSnapshot(refund: Refund): Refund {
  const first = refund.timeline[0];
  // As applied for: before an accepted partial offer shrank them, or a recovery moved the payout (Refund.applied).
  const items = refund.applied ? refund.applied.items : refund.items;
  return {
    refundId: refund.refundId,
    orderId: refund.orderId,
    userId: refund.userId,
    merchantId: refund.merchantId,
    amount: refund.applied?.amount ?? refund.amount,
    currency: refund.currency,
    reason: refund.reason,
    ...(refund.note ? { note: refund.note } : {}),
    scenario: refund.scenario,
    category: refund.category,
    ...(items ? { items } : {}),
    destination: refund.appliedDestination ?? refund.destination,
    status: 'SUBMITTED',
    timeline: first ? [first] : [],
    nextStep: { who: 'SYSTEM', action: 'ASSESS' },
    createdAt: refund.createdAt,
    updatedAt: refund.createdAt,
  };
}

const text = (event: TimelineEvent, fact: string): string | undefined => {
  const value = event.facts?.[fact];
  return typeof value === 'string' ? value : undefined;
};

/** The payout as recorded on its PAYOUT_PENDING entry (app/pay-out.ts recordPayoutOnce). */
function payoutOf(entry: TimelineEvent): Payout | undefined {
  const method = text(entry, 'method');
  const destination = text(entry, 'destination');
  const promisedBy = text(entry, 'promisedBy');
  const amount = entry.facts?.amount;
  if (!method || !destination || !promisedBy || typeof amount !== 'number') return undefined;
  const bonus = entry.facts?.bonusAmount;
  return {
    method: method as PaymentMethod,
    destination: destination as Destination,
    amount,
    ...(typeof bonus === 'number' ? { bonusAmount: bonus } : {}),
    promisedBy,
  };
}

/** What was expected next once the rules had decided (and, on an approval, the payout was recorded). */
function nextStepOf(decided: TimelineEvent, payout: Payout | undefined): NextStep | undefined {
  if (payout) return awaitingSettlement(payout);
  if (decided.status === 'APPROVED') return { who: 'SYSTEM', action: 'PAYOUT' };
  const outcome = text(decided, 'outcome');
  const dueBy = text(decided, 'dueBy');
  if (!isWait(outcome)) return undefined;
  return { ...WAIT_NEXT[outcome], ...(dueBy ? { dueBy } : {}) };
}

/** The answer the application gave: the refund as created, then as the rules (and the recorded payout) left it. */
export function firstAnswer(refund: Refund): Refund {
  const created = creationSnapshot(refund);
  const [, decided, paying] = refund.timeline;
  if (!decided) return created;
  const ruled = decided.detailCode === 'RULES_DECIDED';
  const payout = decided.status === 'APPROVED' && paying?.status === 'PAYOUT_PENDING' ? payoutOf(paying) : undefined;
  const last = payout && paying ? paying : decided;
  const nextStep = nextStepOf(decided, payout);
  const { nextStep: _created, ...rest } = created;
  const decision = ruled ? (refund.decisions?.[0] ?? refund.decision) : undefined;
  return {
    ...rest,
    status: last.status,
    timeline: refund.timeline.slice(0, payout ? 3 : 2),
    ...(decision ? { decision } : {}),
    ...(payout ? { payout } : {}),
    ...(nextStep ? { nextStep } : {}),
    // The return address the buyer was given with the request to send the goods back (never rewritten).
    ...(decided.status === 'AWAITING_RETURN' && refund.returnAddress ? { returnAddress: refund.returnAddress } : {}),
    updatedAt: last.at,
  };
}
