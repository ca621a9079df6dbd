/** Orders and people for benchmark runs (the same shapes the lifecycle tests use, test/support/steps.ts). */
import { type Actors, daysAgo, newActors as makeActors, uniqueId } from '../../test/support/scenarios.ts';
import { type BenchClient, expectStatus } from './client.ts';

export { type Actors, fulfillments, uniqueId } from '../../test/support/scenarios.ts';

/** New people for each refund, with tokens from the bench's client. */
export const newActors = (client: BenchClient): Promise<Actors> =>
  makeActors((role, sub, merchantId) => client.token(role, sub, merchantId));

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
