/** Turning a buyer's application into a new refund record: pure, so every rule here is unit-tested. */
import { Conflict, NotFound, RefundExceedsPaidAmount, ValidationFailed } from './errors.ts';
import { dominantCategory, refundableRemainder, scenarioOf } from './order.ts';
import type { Policy } from './policy/schema.ts';
import type { Order, Refund } from './refund.ts';
import type { Category, Destination, Reason, Scenario } from './vocabulary.ts';

export interface Application {
  orderId: string;
  reason: Reason;
  note?: string;
  amount?: number;
  items?: { sku: string; quantity: number }[];
  destination?: Destination;
}

/** What an application covers, as both the refund options and the application compute it. */
export interface Claim {
  scenario: Scenario;
  /** The governing category of the refunded lines, in the policy's order (see dominantCategory). */
  category: Category;
  items: { sku: string; quantity: number }[];
  /** Minor units. */
  amount: number;
}

/**
 * The lines, amount, scenario and category an application covers: by default every line for the whole remainder,
 * which is what the refund options describe. Throws ValidationFailed for items the order does not have,
 * NOTHING_REFUNDABLE when nothing is left, RefundExceedsPaidAmount above the remainder.
 */
export function claimOf(
  order: Order,
  application: Pick<Application, 'items' | 'amount'>,
  policy: Pick<Policy, 'categoryStrictness'>,
): Claim {
  const items = application.items ?? order.items.map((i) => ({ sku: i.sku, quantity: i.quantity }));
  for (const requested of items) {
    const line = order.items.find((i) => i.sku === requested.sku);
    if (!line) throw new ValidationFailed('items refer to a sku that is not in the order', { sku: requested.sku });
    if (requested.quantity > line.quantity) {
      throw new ValidationFailed('items ask for more than was ordered', { sku: requested.sku, ordered: line.quantity });
    }
  }
  if (new Set(items.map((i) => i.sku)).size !== items.length) throw new ValidationFailed('items repeat a sku');
  const remainder = refundableRemainder(order);
  if (remainder === 0)
    throw new Conflict('NOTHING_REFUNDABLE', 'everything paid for this order is already refunded or reserved');
  const itemsValue = application.items
    ? items.reduce((sum, i) => sum + (order.items.find((l) => l.sku === i.sku)?.unitPrice ?? 0) * i.quantity, 0)
    : remainder;
  const amount = application.amount ?? Math.min(itemsValue, remainder);
  if (amount <= 0 || amount > remainder) throw new RefundExceedsPaidAmount(amount, remainder);
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

/**
 * The refund as it was the moment it was created, rebuilt from the stored record: what the first answer to the
 * application showed, so a replay of the same request can answer the same, whatever happened since.
 */
export function creationSnapshot(refund: Refund): Refund {
  const first = refund.timeline[0];
  return {
    refundId: refund.refundId,
    orderId: refund.orderId,
    userId: refund.userId,
    merchantId: refund.merchantId,
    amount: refund.amount,
    currency: refund.currency,
    reason: refund.reason,
    ...(refund.note ? { note: refund.note } : {}),
    scenario: refund.scenario,
    category: refund.category,
    ...(refund.items ? { items: refund.items } : {}),
    destination: refund.destination,
    status: 'SUBMITTED',
    timeline: first ? [first] : [],
    nextStep: { who: 'SYSTEM', action: 'ASSESS' },
    createdAt: refund.createdAt,
    updatedAt: refund.createdAt,
  };
}
