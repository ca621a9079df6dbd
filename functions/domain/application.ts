/** Turning a buyer's application into a new refund record: pure, so every rule here is unit-tested. */
import {
  AmountExceedsItems,
  Conflict,
  type DomainError,
  ItemsExceedRefundable,
  NotFound,
  RefundExceedsPaidAmount,
  TooManyLines,
  ValidationFailed,
} from './errors.ts';
import {
  allocate,
  dominantCategory,
  MAX_LINES_PER_REFUND,
  type RefundableLine,
  refundableLines,
  refundableRemainder,
  scenarioOf,
  unitsValue,
} from './order.ts';
import type { Policy } from './policy/schema.ts';
import type { Order, Refund, RefundLine } from './refund.ts';
import type { Category, Destination, Reason, Scenario } from './vocabulary.ts';

export interface Application {
  orderId: string;
  reason: Reason;
  note?: string;
  amount?: number;
  items?: { sku: string; quantity: number }[];
  destination?: Destination;
}

/** Items that name skus the order has, each once, never more than was ordered: malformed otherwise (400). */
function checkItems(order: Order, items: readonly { sku: string; quantity: number }[]): void {
  for (const requested of items) {
    const line = order.items.find((i) => i.sku === requested.sku);
    if (!line) throw new ValidationFailed('items refer to a sku that is not in the order', { sku: requested.sku });
    if (requested.quantity > line.quantity) {
      throw new ValidationFailed('items ask for more than was ordered', { sku: requested.sku, ordered: line.quantity });
    }
  }
  if (new Set(items.map((i) => i.sku)).size !== items.length) throw new ValidationFailed('items repeat a sku');
}

const nothingRefundable = () =>
  new Conflict('NOTHING_REFUNDABLE', 'everything paid for this order is already refunded or reserved');

/**
 * The lines the refund takes, with its amount split over them. Named items must still be refundable (422
 * ITEMS_EXCEED_REFUNDABLE) and an amount must not be more than they are worth (422 AMOUNT_EXCEEDS_ITEMS); without
 * items the refund takes every unit still refundable, and its amount is bounded by the order's remainder (409
 * REFUND_EXCEEDS_REFUNDABLE). The default amount is what the lines are worth. The amount is split over the lines in
 * proportion to their worth (largest remainder), so no line carries more than its units are worth.
 */
function takeLines(
  order: Order,
  application: Pick<Application, 'items' | 'amount'>,
): { amount: number; items: RefundLine[] } {
  const remainder = refundableRemainder(order);
  const lines = new Map(refundableLines(order).map((l) => [l.sku, l]));
  const chosen: { line: RefundableLine; quantity: number }[] = application.items
    ? application.items.map((i) => ({ line: lines.get(i.sku) as RefundableLine, quantity: i.quantity }))
    : [...lines.values()]
        .filter((l) => l.refundableQuantity > 0)
        .map((l) => ({ line: l, quantity: l.refundableQuantity }));
  // Named items that are gone are answered by line (below); the whole order, by the order.
  if (!application.items && (remainder === 0 || chosen.length === 0)) throw nothingRefundable();
  if (chosen.length > MAX_LINES_PER_REFUND) throw new TooManyLines(chosen.length, MAX_LINES_PER_REFUND);
  for (const { line, quantity } of chosen) {
    if (quantity > line.refundableQuantity) {
      throw new ItemsExceedRefundable({
        sku: line.sku,
        requested: quantity,
        refundableQuantity: line.refundableQuantity,
        refundableAmount: line.refundableAmount,
      });
    }
  }
  const worth = chosen.map(({ line, quantity }) => unitsValue(line, quantity));
  const itemsAmount = worth.reduce((a, b) => a + b, 0);
  const requested = application.amount;
  if (application.items && requested !== undefined && requested > itemsAmount) {
    throw new AmountExceedsItems({
      requested,
      itemsAmount,
      items: chosen.map(({ line, quantity }, i) => ({ sku: line.sku, quantity, refundableAmount: worth[i] ?? 0 })),
    });
  }
  const bound = Math.min(itemsAmount, remainder);
  const amount = requested ?? bound;
  if (amount > bound) throw new RefundExceedsPaidAmount(amount, bound);
  if (amount <= 0) throw nothingRefundable();
  const parts = allocate(
    amount,
    worth.map((w) => BigInt(w)),
  );
  return {
    amount,
    items: chosen.map(({ line, quantity }, i) => ({ sku: line.sku, quantity, amount: parts[i] ?? 0 })),
  };
}

/**
 * Why the store would not take `refund` from `order` as it is now, or undefined if it would: the same bounds as
 * the store's conditions (per line, held units + its units ≤ ordered and held amount + its amount ≤ the line's
 * share; for the order, reserved + its amount ≤ paid). The store asks this after a refused write, to answer why.
 */
export function refusalOf(order: Order, refund: Pick<Refund, 'amount' | 'items'>): DomainError | undefined {
  const lines = new Map(refundableLines(order).map((l) => [l.sku, l]));
  // A refund from before lines were tracked (no amounts on its items) holds no line.
  const items = refund.items ?? [];
  for (const item of items.some((i) => i.amount === undefined) ? [] : items) {
    const line = lines.get(item.sku);
    if (!line) return new ValidationFailed('items refer to a sku that is not in the order', { sku: item.sku });
    if (line.heldUnits + item.quantity > line.quantity) {
      return new ItemsExceedRefundable({
        sku: line.sku,
        requested: item.quantity,
        refundableQuantity: line.refundableQuantity,
        refundableAmount: line.refundableAmount,
      });
    }
    if (line.heldAmount + (item.amount ?? 0) > line.share) {
      const refundableAmount = unitsValue(line, item.quantity);
      return new AmountExceedsItems({
        requested: item.amount ?? 0,
        itemsAmount: refundableAmount,
        items: [{ sku: line.sku, quantity: item.quantity, refundableAmount }],
      });
    }
  }
  const remainder = refundableRemainder(order);
  if (refund.amount > remainder) return new RefundExceedsPaidAmount(refund.amount, remainder);
  return undefined;
}

/** What an application covers, as both the refund options and the application compute it. */
export interface Claim {
  scenario: Scenario;
  /** The governing category of the refunded lines, in the policy's order (see dominantCategory). */
  category: Category;
  /** The lines taken, each with its units and its share of the amount. */
  items: RefundLine[];
  /** Minor units. */
  amount: number;
}

/**
 * The lines, amount, scenario and category an application covers: by default every unit still refundable, for what
 * those units are worth, which is what the refund options describe. Throws ValidationFailed for items the order does
 * not have, and the refusals of takeLines (NOTHING_REFUNDABLE, ITEMS_EXCEED_REFUNDABLE, AMOUNT_EXCEEDS_ITEMS, …).
 */
export function claimOf(
  order: Order,
  application: Pick<Application, 'items' | 'amount'>,
  policy: Pick<Policy, 'categoryStrictness'>,
): Claim {
  if (application.items) checkItems(order, application.items);
  const { amount, items } = takeLines(order, application);
  return {
    scenario: scenarioOf(order),
    category: dominantCategory(
      order,
      policy,
      items.map((i) => i.sku),
    ),
    items,
    amount,
  };
}

/**
 * Builds the SUBMITTED refund. Throws NotFound for someone else's order (never reveal it exists), and what
 * `claimOf` throws. Whether the policy offers it is `admit`'s question (./offer.ts).
 */
export function newRefund(
  refundId: string,
  order: Order,
  buyerId: string,
  application: Application,
  now: string,
  policy: Pick<Policy, 'categoryStrictness'>,
): Refund {
  if (order.userId !== buyerId) throw new NotFound('order');
  const { scenario, category, items, amount } = claimOf(order, application, policy);

  return {
    refundId,
    orderId: order.orderId,
    userId: order.userId,
    merchantId: order.merchantId,
    amount,
    currency: order.currency,
    reason: application.reason,
    ...(application.note ? { note: application.note } : {}),
    scenario,
    category,
    items,
    destination: application.destination ?? 'ORIGINAL',
    status: 'SUBMITTED',
    timeline: [{ at: now, status: 'SUBMITTED', actor: 'BUYER', actorId: buyerId }],
    nextStep: { who: 'SYSTEM', action: 'ASSESS' },
    createdAt: now,
    updatedAt: now,
  };
}
