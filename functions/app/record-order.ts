/**
 * The order system records an order's facts (role `system`): what the refund service needs to know about it, pushed
 * again whenever they change. Creates or replaces the facts; what is already refunded is kept, and facts that pay
 * less than that are refused (409).
 */
import type { Order } from '../domain/refund.ts';
import type { Ports } from '../ports/index.ts';
import type { OrderFacts } from '../ports/refund-store.ts';

export async function recordOrder(
  deps: Pick<Ports, 'store' | 'clock'>,
  facts: OrderFacts,
): Promise<{ order: Order; created: boolean }> {
  return deps.store.putOrder(facts, deps.clock.now().toISOString());
}
