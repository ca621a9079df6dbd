/**
 * The order system records an order's facts (role `system`): what the refund service needs to know about it, pushed
 * again whenever they change. Creates or replaces the facts; what is already refunded is kept, and facts that pay
 * less than that are refused (409). An order in a currency the policy has no thresholds for is refused (422
 * CURRENCY_NOT_SUPPORTED) before anything is written: its refunds could only be judged against another currency's.
 */
import { ValidationFailed } from '../domain/errors.ts';
import { policyInCurrency } from '../domain/policy/currency.ts';
import type { Order } from '../domain/refund.ts';
import type { Ports } from '../ports/index.ts';
import type { OrderFacts } from '../ports/refund-store.ts';
import { countForScorecard } from './scorecard.ts';

/** How far ahead of our clock an order's times may be (the order system's clock may run a little fast). */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The order's times that lie in the future, with the field each is in. A delivery "in" the future makes every
 * window after delivery look open (hours since delivery are negative), and an order system writing China time with
 * a `Z` is eight hours ahead: both are refused rather than judged on.
 */
function futureTimes(facts: OrderFacts, now: Date): { path: string; problem: string }[] {
  const times: [string, string | undefined][] = [
    ['paidAt', facts.paidAt],
    ['fulfillment.shippedAt', facts.fulfillment.shippedAt],
    ['fulfillment.deliveredAt', facts.fulfillment.deliveredAt],
    ['buyer.accountCreatedAt', facts.buyer?.accountCreatedAt],
  ];
  const latest = now.getTime() + CLOCK_SKEW_MS;
  return times
    .filter(([, at]) => at !== undefined && Date.parse(at) > latest)
    .map(([path]) => ({ path, problem: 'in_the_future' }));
}

export async function recordOrder(
  deps: Pick<Ports, 'store' | 'clock' | 'policy' | 'scorecards'>,
  facts: OrderFacts,
): Promise<{ order: Order; created: boolean }> {
  policyInCurrency(deps.policy, facts.currency);
  const now = deps.clock.now();
  const future = futureTimes(facts, now);
  if (future.length) throw new ValidationFailed('an order time is in the future (check its time zone)', future);
  const recorded = await deps.store.putOrder(facts, now.toISOString());
  // The merchant's refund rate is refunds over orders: an order counts once, when first recorded.
  if (recorded.created) await countForScorecard(deps, recorded.order.merchantId, now, 'orders');
  return recorded;
}
