/**
 * Orders and people in each scenario, shared by the tests (./steps.ts) and the benchmarks (bench/lib/orders.ts).
 * Plain data: no test framework, so the benchmarks can import it.
 */

let counter = 0;
/** A unique id with a readable prefix. */
export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** Fulfilment states that select each path through the rules (each a domain `Fulfillment`). */
export const fulfillments = {
  notShipped: () => ({ status: 'NOT_SHIPPED' as const }),
  inTransit: () => ({
    status: 'IN_TRANSIT' as const,
    carrier: 'SF',
    trackingNumber: 'SF1234567890123',
    shippedAt: daysAgo(1),
  }),
  deliveredDaysAgo: (days: number) => ({
    status: 'DELIVERED' as const,
    carrier: 'SF',
    trackingNumber: 'SF1234567890123',
    shippedAt: daysAgo(days + 2),
    deliveredAt: daysAgo(days),
  }),
};

/** A buyer, the merchant they bought from, and the order system, with tokens. */
export interface Actors {
  system: string;
  buyer: string;
  merchant: string;
  buyerId: string;
  merchantId: string;
}

/** New people (a fresh buyer has no refund history, so velocity rules do not change the answer between runs). */
export async function newActors(
  token: (role: 'system' | 'buyer' | 'merchant', sub: string, merchantId?: string) => Promise<string>,
): Promise<Actors> {
  const buyerId = uniqueId('buyer');
  const merchantId = uniqueId('merchant');
  return {
    system: await token('system', 'order-system'),
    buyer: await token('buyer', buyerId),
    merchant: await token('merchant', `${merchantId}-staff`, merchantId),
    buyerId,
    merchantId,
  };
}
