/**
 * The order system records an order's facts (role `system`): what the refund service needs to know about it, pushed
 * again whenever they change. Creates or replaces the facts; what is already refunded is kept, and facts that pay
 * less than that are refused (409). An order in a currency the policy has no thresholds for is refused (422
 * CURRENCY_NOT_SUPPORTED) before anything is written: its refunds could only be judged against another currency's.
 */
import { policyInCurrency } from '../domain/policy/currency.ts';
import type { Order } from '../domain/refund.ts';
import type { Ports } from '../ports/index.ts';
import type { OrderFacts } from '../ports/refund-store.ts';
import { countForScorecard } from './scorecard.ts';

export async function recordOrder(
  deps: Pick<Ports, 'store' | 'clock' | 'policy' | 'scorecards'>,
  facts: OrderFacts,
): Promise<{ order: Order; created: boolean }> {
  policyInCurrency(deps.policy, facts.currency);
  const now = deps.clock.now();
  const recorded = await deps.store.putOrder(facts, now.toISOString());
  // The merchant's refund rate is refunds over orders: an order counts once, when first recorded.
  if (recorded.created) await countForScorecard(deps, recorded.order.merchantId, now, 'orders');
  return recorded;
}
