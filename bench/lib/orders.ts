/** Orders and people for benchmark runs (the same shapes the lifecycle tests use, test/support/steps.ts). */
import { type BenchClient, expectStatus } from './client.ts';

let counter = 0;
/** A unique id with a readable prefix. */
export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** Fulfilment states that select each path through the rules. */
export const fulfillments = {
  notShipped: () => ({ status: 'NOT_SHIPPED' }),
  inTransit: () => ({ status: 'IN_TRANSIT', carrier: 'SF', trackingNumber: 'SF1234567890123', shippedAt: daysAgo(1) }),
  deliveredDaysAgo: (days: number) => ({
    status: 'DELIVERED',
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

/** New people, so no buyer's refund history or velocity changes the rules' answer between refunds. */
export async function newActors(client: BenchClient): Promise<Actors> {
  const buyerId = uniqueId('buyer');
  const merchantId = uniqueId('merchant');
  return {
    system: await client.token('system', 'order-system'),
    buyer: await client.token('buyer', buyerId),
    merchant: await client.token('merchant', `${merchantId}-staff`, merchantId),
    buyerId,
    merchantId,
  };
}

/** The order system pushes a 129.00 CNY order of general goods; returns its id. */
export async function pushOrder(client: BenchClient, who: Actors, fulfillment: Record<string, unknown>) {
  const orderId = uniqueId('order');
  const put = await client.call('PUT', `/v1/orders/${orderId}`, {
    token: who.system,
    body: {
      userId: who.buyerId,
      merchantId: who.merchantId,
      currency: 'CNY',
      paidAmount: 12900,
      paymentMethod: 'ALIPAY',
      paidAt: daysAgo(10),
      items: [{ sku: 'tea-1', name: 'Longjing tea 250g', category: 'GENERAL', unitPrice: 12900, quantity: 1 }],
      fulfillment,
    },
  });
  expectStatus(put, 201, 'put order');
  return orderId;
}

/** The buyer applies for a refund of the order; returns the refund id. */
export async function apply(client: BenchClient, who: Actors, orderId: string, reason = 'NO_LONGER_NEEDED') {
  const applied = await client.call('POST', '/v1/refunds', {
    token: who.buyer,
    headers: { 'idempotency-key': uniqueId('key') },
    body: { orderId, reason },
  });
  expectStatus(applied, 201, 'apply');
  return String(applied.body?.refundId);
}
