/** Given/when/then steps for lifecycle tests: orders in each scenario, applications, waiting for a status. */
import { expect } from 'vitest';
import { anOrderBody, type OrderBody } from './builders.ts';
import { type Client, eventually } from './local.ts';
import { type Actors, fulfillments, newActors, uniqueId } from './scenarios.ts';

export { type Actors, uniqueId } from './scenarios.ts';

export const scenarios = {
  notShipped: () => ({ fulfillment: fulfillments.notShipped() }),
  inTransit: () => ({ fulfillment: fulfillments.inTransit() }),
  deliveredDaysAgo: (days: number) => ({ fulfillment: fulfillments.deliveredDaysAgo(days) }),
};

export const actors = (client: Client): Promise<Actors> =>
  newActors((role, sub, merchantId) => client.token(role, sub, merchantId));

/** Pushes an order for the actors' buyer and merchant and applies for a refund on it; returns the refund. */
export async function applyFor(
  client: Client,
  who: Actors,
  order: Partial<OrderBody>,
  application: Record<string, unknown>,
): Promise<{ refundId: string; orderId: string }> {
  const orderId = uniqueId('order');
  const put = await client.call('PUT', `/v1/orders/${orderId}`, {
    token: who.system,
    body: anOrderBody({ userId: who.buyerId, merchantId: who.merchantId, ...order }),
  });
  expect(put.status).toBe(201);
  const applied = await client.call('POST', '/v1/refunds', {
    token: who.buyer,
    headers: { 'idempotency-key': uniqueId('key') },
    body: { orderId, ...application },
  });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  return { refundId: applied.body.refundId, orderId };
}

/**
 * Sent to the provider (PAYOUT_PENDING) or already settled (REFUNDED). Wait for these where the payout is what
 * matters: the sandbox settles 0.2–2 s after the send, a window a poll on a busy machine can miss.
 */
export const PAID_OUT = ['PAYOUT_PENDING', 'REFUNDED'] as const;

/** Waits until the buyer sees the refund in `status`, or in one of several (and, for waits, until the task token is held). */
export async function statusOf(client: Client, who: Actors, refundId: string, status: string | readonly string[]) {
  const wanted: readonly string[] = typeof status === 'string' ? [status] : status;
  return eventually(async () => {
    const got = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
    if (!wanted.includes(got.body?.status)) return undefined;
    const execution = client.runtime.workflow.execution(refundId);
    const waiting = execution?.status === 'RUNNING' ? execution.tokens.size > 0 : true;
    return waiting ? got.body : undefined;
  });
}
