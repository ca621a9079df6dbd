/**
 * A merchant's partial offer (协商部分退款): instead of approving or rejecting, the merchant offers part of the
 * amount, with a note; the buyer accepts (that amount is paid and the rest of the reservation on the order released)
 * or declines (the refund goes on as the policy's `offer.onDecline` says), and silence until `dueBy` counts as the
 * policy's `offer.onSilence`. Pure: the checks, the lines of the reduced refund and the timeout's answer.
 */
import { DomainError } from './errors.ts';
import { allocate } from './order.ts';
import type { Policy } from './policy/schema.ts';
import type { Decision, RefundLine } from './refund.ts';

export type { PartialOffer } from './refund.ts';

/** An offer the policy refuses: not partial (0 < amount < the refund's amount), or one offer too many. */
export class OfferRefused extends DomainError {
  override name = 'OfferRefused';
  constructor(code: 'OFFER_NOT_PARTIAL' | 'OFFER_LIMIT_REACHED', message: string, details?: unknown) {
    super('unprocessable', code, message, { details });
  }
}

/** How many offers the merchant already made on the refund (its MERCHANT decisions with outcome OFFER). */
export function offersMade(refund: { decisions?: readonly Decision[] }): number {
  return (refund.decisions ?? []).filter((d) => d.kind === 'MERCHANT' && d.outcome === 'OFFER').length;
}

/** Throws OfferRefused (422) unless `amount` is a partial amount of the refund and the merchant may still offer. */
export function checkOffer(
  refund: { amount: number; decisions?: readonly Decision[] },
  amount: number,
  policy: Pick<Policy, 'offer'>,
): void {
  if (!Number.isInteger(amount) || amount <= 0 || amount >= refund.amount) {
    throw new OfferRefused('OFFER_NOT_PARTIAL', 'an offer is more than 0 and less than the amount asked', {
      amount,
      requested: refund.amount,
    });
  }
  const made = offersMade(refund);
  if (made >= policy.offer.maxOffers) {
    throw new OfferRefused('OFFER_LIMIT_REACHED', 'no more offers on this refund: approve or reject it', {
      made,
      maxOffers: policy.offer.maxOffers,
    });
  }
}

/**
 * The refund's lines once `amount` is accepted: the new amount shared by the lines in proportion to what each held
 * (largest remainder, ./order.ts `allocate`), so they add up to it and none grows. The units stay: the buyer keeps
 * the goods and the partial refund settles them, so they cannot be claimed again. A refund from before lines were
 * tracked (lines without amounts) keeps its lines as they are.
 */
export function linesForAmount(items: readonly RefundLine[] | undefined, amount: number): RefundLine[] | undefined {
  if (!items) return undefined;
  if (!items.every((i) => typeof i.amount === 'number')) return items.map((i) => ({ ...i }));
  const parts = allocate(
    amount,
    items.map((i) => BigInt(i.amount ?? 0)),
  );
  return items.map((i, index) => ({ ...i, amount: parts[index] ?? 0 }));
}

/** What the buyer's silence counts as, with the rule id recorded on the timeout's decision. */
export function offerSilence(policy: Pick<Policy, 'offer'>): { accept: boolean; rule: string } {
  const accept = policy.offer.onSilence === 'ACCEPT';
  return { accept, rule: accept ? 'BUYER.OFFER.TIMEOUT.ACCEPT' : 'BUYER.OFFER.TIMEOUT.DECLINE' };
}
