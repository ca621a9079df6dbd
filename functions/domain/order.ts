/** Pure facts derived from an order: its scenario, dominant category and refundable remainder. */
import type { Policy } from './policy/schema.ts';
import type { Order } from './refund.ts';
import { dominantCategory as strictestOf } from './rules/facts.ts';
import type { Category, Scenario } from './vocabulary.ts';

/** The scenario is derived from fulfillment, never asked of the buyer. */
export function scenarioOf(order: Pick<Order, 'fulfillment'>): Scenario {
  return order.fulfillment.status;
}

/**
 * The category whose rules govern a refund of these lines (all of them without `skus`): the strictest present, in
 * the policy's one order (`policy.categoryStrictness`), the same for the refund options and the application.
 */
export function dominantCategory(
  order: Pick<Order, 'items'>,
  policy: Pick<Policy, 'categoryStrictness'>,
  skus?: readonly string[],
): Category {
  const items = skus ? order.items.filter((i) => skus.includes(i.sku)) : order.items;
  return strictestOf(
    items.map((i) => i.category),
    policy,
  );
}

export function refundableRemainder(order: Pick<Order, 'paidAmount' | 'refundedAmount'>): number {
  return Math.max(0, order.paidAmount - order.refundedAmount);
}
