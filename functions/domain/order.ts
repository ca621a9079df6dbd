/** Pure facts derived from an order: its scenario, dominant category and refundable remainder. */
import type { Order } from './refund.ts';
import type { Category, Scenario } from './vocabulary.ts';

/** The scenario is derived from fulfillment, never asked of the buyer. */
export function scenarioOf(order: Pick<Order, 'fulfillment'>): Scenario {
  return order.fulfillment.status;
}

/** Strictest first: a refund touching any FRESH item follows the FRESH rules, and so on. */
const STRICTNESS: readonly Category[] = ['VIRTUAL', 'FRESH', 'CUSTOM', 'GENERAL'];

export function dominantCategory(order: Pick<Order, 'items'>, skus?: readonly string[]): Category {
  const items = skus ? order.items.filter((i) => skus.includes(i.sku)) : order.items;
  const present = new Set(items.map((i) => i.category));
  return STRICTNESS.find((c) => present.has(c)) ?? 'GENERAL';
}

export function refundableRemainder(order: Pick<Order, 'paidAmount' | 'refundedAmount'>): number {
  return Math.max(0, order.paidAmount - order.refundedAmount);
}
