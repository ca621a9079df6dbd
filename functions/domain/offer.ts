/**
 * One answer for the refund options and the application: the facts the rules see about a claim on an order (the
 * order, the buyer's credit and refund history, the moment) are put together here, once, for both; and an
 * application is admitted only if the options would offer it. So `GET …/refund-options` and `POST /v1/refunds`
 * cannot disagree: same policy, same facts, same `assess`.
 */
import { NotOffered } from './errors.ts';
import { destinationsFor } from './payout/promise.ts';
import type { Policy } from './policy/schema.ts';
import type { Order, Refund } from './refund.ts';
import { type Assessment, type AssessmentInput, assess, type SuppliedEvidence } from './rules/index.ts';
import type { IsoTime } from './vocabulary.ts';

const DAY_MS = 86_400_000;

/** How far back the buyer's refunds count for risk. */
export const HISTORY_DAYS = 90;

/** The buyer's recent refunds and orders as the risk score reads them (app/buyer-history.ts gathers them for every caller). */
export interface BuyerHistory {
  refundCount90d: number;
  /**
   * Orders the buyer paid in the window (the orders the order system pushed, this one included when it is that
   * recent): the refund rate's denominator. Absent, the rate scores nothing.
   */
  orderCount90d?: number;
  refundsLast24h: number;
  /** Average amount of those refunds, minor units; absent without history. */
  usualAmount?: number;
}

/** The start of the history window at `now`. */
export function historySince(now: IsoTime): IsoTime {
  return new Date(Date.parse(now) - HISTORY_DAYS * DAY_MS).toISOString();
}

/**
 * Counts and the usual amount from the buyer's refunds created since `historySince(now)`, with the count of the
 * buyer's orders paid since then when it is known.
 */
export function buyerHistoryOf(
  refunds: readonly { amount: number; createdAt: IsoTime }[],
  now: IsoTime,
  orderCount?: number,
): BuyerHistory {
  const dayAgo = new Date(Date.parse(now) - DAY_MS).toISOString();
  const usual = refunds.length ? Math.round(refunds.reduce((sum, r) => sum + r.amount, 0) / refunds.length) : undefined;
  return {
    refundCount90d: refunds.length,
    ...(orderCount === undefined ? {} : { orderCount90d: orderCount }),
    refundsLast24h: refunds.filter((r) => r.createdAt >= dayAgo).length,
    ...(usual === undefined ? {} : { usualAmount: usual }),
  };
}

/** The claim of an application as the rules judge it. */
export type ClaimFacts = Pick<Refund, 'scenario' | 'category' | 'reason' | 'amount'>;

/**
 * What the rules engine sees for a claim on an order: the only builder of `AssessmentInput`, used by the refund
 * options (one probe per reason), the application's admission and the Assess task (and re-assessment after evidence).
 */
export function assessmentInputFor(
  order: Pick<Order, 'fulfillment' | 'redeemed' | 'buyer'>,
  claim: ClaimFacts,
  history: BuyerHistory,
  now: IsoTime,
  evidence: SuppliedEvidence = { kinds: [] },
): AssessmentInput {
  return {
    scenario: claim.scenario,
    reason: claim.reason,
    category: claim.category,
    amount: claim.amount,
    now,
    ...(order.fulfillment.deliveredAt ? { deliveredAt: order.fulfillment.deliveredAt } : {}),
    ...(order.redeemed === undefined ? {} : { redeemed: order.redeemed }),
    buyer: {
      ...(order.buyer?.creditScore === undefined ? {} : { creditScore: order.buyer.creditScore }),
      ...(order.buyer?.accountCreatedAt ? { accountCreatedAt: order.buyer.accountCreatedAt } : {}),
      ...history,
    },
    evidence,
  };
}

/**
 * Admits an application the refund options offer, or throws NotOffered (422) saying why: the destination is not
 * one the order offers, or the rules refuse the claim (the rejecting rule's `refusal`). Returns the assessment the
 * Assess task will reach at this moment.
 */
export function admit(
  order: Order,
  refund: ClaimFacts & Pick<Refund, 'destination'>,
  history: BuyerHistory,
  now: IsoTime,
  policy: Policy,
): Assessment {
  const offered = destinationsFor(order.paymentMethod);
  if (!offered.includes(refund.destination)) {
    throw new NotOffered('DESTINATION_NOT_OFFERED', `destination ${refund.destination} is not offered for this order`, {
      destination: refund.destination,
      offered,
    });
  }
  const assessment = assess(assessmentInputFor(order, refund, history, now), policy);
  if (assessment.outcome === 'REJECT') {
    throw new NotOffered(assessment.refusal ?? 'REASON_NOT_OFFERED', assessment.reason, {
      reason: refund.reason,
      rule: assessment.rules[0],
    });
  }
  return assessment;
}
