/**
 * The payout an approved refund is owed: where the money goes, how much bonus the platform adds, and the promised
 * arrival shown to the buyer. Computed once, when the payout is recorded, and never recomputed on a retry.
 * Pure: the clock's reading and the policy are inputs.
 */
import type { Policy } from '../policy/schema.ts';
import type { Order, Payout, Refund } from '../refund.ts';
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
