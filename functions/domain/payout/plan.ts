/**
 * The payout an approved refund is owed: where the money goes, how much bonus the platform adds, and the promised
 * arrival shown to the buyer. Computed once, when the payout is recorded, and never recomputed on a retry.
 * Pure: the clock's reading and the policy are inputs.
 */
import type { Policy } from '../policy/schema.ts';
import type { NextStep, Order, Payout, Refund, TimelineEvent } from '../refund.ts';
import type { IsoTime } from '../vocabulary.ts';
import { type BusinessCalendar, CN_MAINLAND_CALENDAR } from './calendar.ts';
import { bonusFor, payoutMethodFor, promisedArrival } from './promise.ts';

/** ORIGINAL goes back to the order's payment method; BALANCE and COUPON get the policy's bonus, if any. */
export function planPayout(
  refund: Pick<Refund, 'amount' | 'destination'>,
  order: Pick<Order, 'paymentMethod'>,
  destinations: Policy['destinations'],
  now: IsoTime,
  calendar: BusinessCalendar = CN_MAINLAND_CALENDAR,
): Payout {
  const method = payoutMethodFor(refund.destination, order.paymentMethod);
  const rule = refund.destination === 'ORIGINAL' ? undefined : destinations[refund.destination];
  const bonusAmount = rule ? bonusFor(refund.amount, { bps: rule.bonusBp, cap: rule.capMinor }) : 0;
  const { promisedBy } = promisedArrival(method, now, calendar);
  return {
    method,
    destination: refund.destination,
    amount: refund.amount,
    ...(bonusAmount > 0 ? { bonusAmount } : {}),
    promisedBy,
  };
}

/** What is expected once a payout is recorded: the provider settles it by the promised arrival. */
export function awaitingSettlement(payout: Pick<Payout, 'promisedBy'>): NextStep {
  return { who: 'SYSTEM', action: 'AWAIT_SETTLEMENT', dueBy: payout.promisedBy };
}

/**
 * The timeline entry that records a payout owed (APPROVED → PAYOUT_PENDING). Its terms stay on the entry, which is
 * never rewritten (a recovery may change `payout` later): the application's answer is rebuilt from it on a replay
 * (domain/first-answer.ts).
 */
export function payoutRecorded(payout: Payout, at: IsoTime): TimelineEvent {
  return {
    at,
    status: 'PAYOUT_PENDING',
    actor: 'SYSTEM',
    facts: {
      method: payout.method,
      destination: payout.destination,
      amount: payout.amount,
      ...(payout.bonusAmount ? { bonusAmount: payout.bonusAmount } : {}),
      promisedBy: payout.promisedBy,
    },
  };
}
