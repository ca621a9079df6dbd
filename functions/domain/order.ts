/**
 * Pure facts derived from an order: its scenario, dominant category, refundable remainder, and what each line is
 * worth and still has to refund.
 */
import type { Policy } from './policy/schema.ts';
import type { LineRefunds, Order } from './refund.ts';
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

/**
 * The most lines one refund may take. Each line is two conditions and two counters on the order in the store's one
 * transactional write, and DynamoDB bounds an expression at 4 KB; 100 lines stay well inside it.
 */
export const MAX_LINES_PER_REFUND = 100;

const NOTHING_HELD: LineRefunds = { reservedUnits: 0, reservedAmount: 0, refundedUnits: 0, refundedAmount: 0 };

/** What refunds hold of the line `sku`. No entry (an order stored before lines were tracked) holds nothing. */
export function lineRefundsOf(order: Pick<Order, 'lines'>, sku: string): LineRefunds {
  const lines = order.lines;
  return lines && Object.hasOwn(lines, sku) ? { ...NOTHING_HELD, ...lines[sku] } : { ...NOTHING_HELD };
}

/**
 * Splits `total` in proportion to `weights` by largest remainder: each part is the floor of its exact share, and
 * what the floors leave goes one unit each to the largest fractional parts (the earlier weight first on a tie).
 * The parts add up to `total` exactly, and none is above the ceiling of its exact share, so with
 * total ≤ Σ weights no part exceeds its weight. All-zero weights get nothing.
 */
export function allocate(total: number, weights: readonly bigint[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map(() => 0);
  const whole = BigInt(total);
  const exact = weights.map((w, index) => ({ index, floor: (whole * w) / sum, rest: (whole * w) % sum }));
  const parts = exact.map((e) => e.floor);
  let left = whole - parts.reduce((a, b) => a + b, 0n);
  const byRest = [...exact].sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const e of byRest) {
    if (left <= 0n) break;
    parts[e.index] = (parts[e.index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map(Number);
}

/**
 * What each line is worth of what was paid, in the order of `order.items`: paidAmount split in proportion to
 * unitPrice × quantity by largest remainder (see allocate), so a discount, or a surcharge such as shipping, is
 * shared by the lines pro rata and the lines add up to paidAmount exactly. If every line is free they share by
 * quantity.
 */
export function lineShares(order: Pick<Order, 'paidAmount' | 'items'>): number[] {
  const priced = order.items.map((i) => BigInt(i.unitPrice) * BigInt(i.quantity));
  const weights = priced.some((w) => w > 0n) ? priced : order.items.map((i) => BigInt(i.quantity));
  return allocate(order.paidAmount, weights);
}

/** A line as a refund sees it: what it is worth, what refunds hold of it, and what is left. */
export interface RefundableLine {
  sku: string;
  /** Units ordered. */
  quantity: number;
  /** Its share of paidAmount (lineShares). */
  share: number;
  /** Units and minor units held by refunds (reserved or refunded). */
  heldUnits: number;
  heldAmount: number;
  refundableQuantity: number;
  /** What all its refundable units are worth now (unitsValue of refundableQuantity). */
  refundableAmount: number;
}

/**
 * What `units` more units of a line are worth, after the units refunds already hold: each unit is worth
 * floor(share / quantity), and the rounding remainder (less than one minor unit per unit) goes with the units that
 * complete the line, so a line refunded unit by unit or at once pays out exactly its share. Never more than the share
 * minus what refunds already hold of it: a unit refunded for less than its worth does not pass the rest on to
 * another unit, and the remainder is paid once even when the units that completed the line first were given back.
 * Only the "completes the line" part depends on the units held, so refunds priced on a slightly older read
 * (concurrent ones) differ by at most the remainder, and the store's per-line amount bound still holds.
 */
export function unitsValue(
  line: Pick<RefundableLine, 'quantity' | 'share' | 'heldUnits' | 'heldAmount'>,
  units: number,
): number {
  const held = Math.min(Math.max(0, line.heldUnits), line.quantity);
  const taken = Math.min(units, line.quantity - held);
  if (taken <= 0) return 0;
  const perUnit = Math.floor(line.share / line.quantity);
  const remainder = line.share - perUnit * line.quantity;
  const byUnits = perUnit * taken + (held + taken === line.quantity ? remainder : 0);
  return Math.max(0, Math.min(byUnits, line.share - line.heldAmount));
}

/** Every line of the order with what is still refundable of it, in the order's order. */
export function refundableLines(order: Pick<Order, 'paidAmount' | 'items' | 'lines'>): RefundableLine[] {
  const shares = lineShares(order);
  return order.items.map((item, i) => {
    const held = lineRefundsOf(order, item.sku);
    const line = {
      sku: item.sku,
      quantity: item.quantity,
      share: shares[i] ?? 0,
      heldUnits: held.reservedUnits + held.refundedUnits,
      heldAmount: held.reservedAmount + held.refundedAmount,
    };
    const refundableQuantity = Math.max(0, line.quantity - line.heldUnits);
    return { ...line, refundableQuantity, refundableAmount: unitsValue(line, refundableQuantity) };
  });
}

/** An order line as buyers see it: what was bought, and how much of it is still refundable (units and worth). */
export interface OrderLineView {
  sku: string;
  name: string;
  category: Category;
  unitPrice: number;
  quantity: number;
  /** Units neither refunded nor held by a refund in progress. */
  refundableQuantity: number;
  /** What those units are worth now (the line's share of what was paid, minus what refunds hold). */
  refundableAmount: number;
}

/** Every line of `order` with what is still refundable of it (refund-options' `items`, the orders list's). */
export function orderLinesView(order: Pick<Order, 'paidAmount' | 'items' | 'lines'>): OrderLineView[] {
  const lines = refundableLines(order);
  return order.items.map(({ sku, name, category, unitPrice, quantity }, i) => ({
    sku,
    name,
    category,
    unitPrice,
    quantity,
    refundableQuantity: lines[i]?.refundableQuantity ?? 0,
    refundableAmount: lines[i]?.refundableAmount ?? 0,
  }));
}

/**
 * The most one application may ask now: what the lines still refundable are worth, and never more than the order's
 * unreserved remainder (orders stored before lines were tracked may hold refunds no line knows about).
 */
export function refundableAmountOf(order: Pick<Order, 'paidAmount' | 'refundedAmount' | 'items' | 'lines'>): number {
  const lines = refundableLines(order).reduce((sum, l) => sum + l.refundableAmount, 0);
  return Math.min(lines, refundableRemainder(order));
}
