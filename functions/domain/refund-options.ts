/**
 * The refund-options view a buyer's app builds its form from: the rules engine's answer (reasons, maximum,
 * instant, evidence) joined with the payout promises (destinations, bonus, arrival) and labelled in the caller's
 * language. Pure, so the client never needs a rule of its own and the view is unit-tested without I/O.
 */

import { claimOf } from './application.ts';
import { assessmentInputFor, type BuyerHistory } from './offer.ts';
import { dominantCategory, type OrderLineView, orderLinesView, refundableAmountOf, scenarioOf } from './order.ts';
import { type BusinessCalendar, CN_MAINLAND_CALENDAR } from './payout/calendar.ts';
import { type BonusConfig, type DestinationOption, destinationOptions } from './payout/promise.ts';
import type { Order } from './refund.ts';
import { type Outcome, type PayWhen, type Policy, refundOptions } from './rules/index.ts';
import type { Locale } from './status-labels.ts';
import type { Category, EvidenceKind, IsoTime, Reason, Scenario } from './vocabulary.ts';

/** Longest note a buyer may add (the application schema enforces the same bound). */
export const NOTE_MAX_LENGTH = 200;

export interface RefundOptionsView {
  orderId: string;
  scenario: Scenario;
  category: Category;
  currency: string;
  /**
   * The reasons offered, each with what applying for `maxAmount` with it leads to: `outcome` (the class: APPROVE paid
   * now, AWAIT_RETURN paid after the return, MERCHANT_REVIEW, AWAIT_EVIDENCE, MANUAL_REVIEW), `instant`, `returnRequired`,
   * `payWhen`, `evidenceRequired`. A reason not listed is refused at `POST /v1/refunds` with 422.
   */
  reasons: {
    code: Reason;
    label: string;
    outcome: Exclude<Outcome, 'REJECT'>;
    instant: boolean;
    returnRequired: boolean;
    payWhen: PayWhen;
    evidenceRequired: EvidenceKind[];
  }[];
  /**
   * Most that can be asked now, and the amount of an application without `amount` or `items`: what the lines' refundable
   * units are worth (the sum of `items[].refundableAmount`), never above paid minus already refunded or reserved;
   * 0 when nothing can be applied for.
   */
  maxAmount: number;
  instantEligible: boolean;
  destinations: DestinationOption[];
  /** Evidence per reason, the same lists as on each reason (kept for clients written against docs/api.md). */
  evidenceRequired: Partial<Record<Reason, EvidenceKind[]>>;
  /**
   * The order's lines, for `items`; omitting `items` means every unit still refundable. `refundableQuantity` units
   * are left (ordered minus refunded or reserved), worth `refundableAmount` together: the line's share of what was
   * paid (pro rata when the order was discounted) minus what refunds hold. Fewer units are worth
   * floor(share / quantity) each, and the units that complete the line carry the rounding (domain/order.ts).
   */
  items: OrderLineView[];
  noteMaxLength: number;
  policyVersion: string;
}

/** The policy's bonus section (basis points, cap) in the payout module's shape. */
export function bonusConfigOf(policy: Pick<Policy, 'destinations'>): BonusConfig {
  const { BALANCE, COUPON } = policy.destinations;
  return {
    BALANCE: { bps: BALANCE.bonusBp, cap: BALANCE.capMinor },
    COUPON: { bps: COUPON.bonusBp, cap: COUPON.capMinor },
  };
}

/**
 * The options for `order` at `now`, for a buyer with `history` (app/buyer-history.ts). The probe is the default
 * application (every line, the whole remainder) built by the same functions an application goes through
 * (`claimOf`, `assessmentInputFor`), so the answer here is what applying does. Bonuses and promises are priced on
 * `maxAmount`; a smaller amount gets a proportionally smaller bonus (see bonusFor).
 */
export function refundOptionsView(
  order: Order,
  history: BuyerHistory,
  policy: Policy,
  locale: Locale,
  now: IsoTime,
  calendar: BusinessCalendar = CN_MAINLAND_CALENDAR,
): RefundOptionsView {
  // Nothing left to refund: a probe for 0, which offers no reason.
  const claim =
    refundableAmountOf(order) > 0
      ? claimOf(order, {}, policy)
      : { scenario: scenarioOf(order), category: dominantCategory(order, policy), amount: 0 };
  const { reason: _probe, ...application } = assessmentInputFor(order, { ...claim, reason: 'OTHER' }, history, now);
  const options = refundOptions({ application }, policy);
  return {
    orderId: order.orderId,
    scenario: options.scenario,
    category: options.category,
    currency: order.currency,
    reasons: options.reasons.map((r) => ({
      code: r.code,
      label: r.label[locale],
      outcome: r.outcome,
      instant: r.instant,
      returnRequired: r.returnRequired,
      payWhen: r.payWhen,
      evidenceRequired: r.evidenceRequired,
    })),
    maxAmount: options.maxAmount,
    instantEligible: options.instantEligible,
    destinations: destinationOptions(order.paymentMethod, options.maxAmount, bonusConfigOf(policy), now, calendar),
    evidenceRequired: options.evidenceRequired,
    items: orderLinesView(order),
    noteMaxLength: NOTE_MAX_LENGTH,
    policyVersion: options.policyVersion,
  };
}
