/**
 * Given/when/then steps for tests that drive the local runtime: a runtime with its actors, orders in each scenario,
 * applications, waiting for a status.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { LocalRuntimeOptions } from '../../local/runtime.ts';
import { anOrderBody, type OrderBody } from './builders.ts';
import { type Client, eventually, startTestRuntime } from './local.ts';
import { type Actors, fulfillments, newActors, uniqueId } from './scenarios.ts';

export { type Actors, uniqueId } from './scenarios.ts';

export const scenarios = {
  notShipped: () => ({ fulfillment: fulfillments.notShipped() }),
  inTransit: () => ({ fulfillment: fulfillments.inTransit() }),
  deliveredDaysAgo: (days: number) => ({ fulfillment: fulfillments.deliveredDaysAgo(days) }),
};

export const actors = (client: Client): Promise<Actors> =>
  newActors((role, sub, merchantId) => client.token(role, sub, merchantId));

/** The actors, and a reviewer and someone from finance, each new, with tokens. */
export interface Cast extends Actors {
  reviewer: string;
  reviewerId: string;
  finance: string;
  financeId: string;
}

/** New people of every role on `client` (a fresh buyer has no history; a fresh reviewer holds no tasks). */
export async function castOf(client: Client): Promise<Cast> {
  const reviewerId = uniqueId('reviewer');
  const financeId = uniqueId('finance');
  return {
    ...(await actors(client)),
    reviewer: await client.token('reviewer', reviewerId),
    reviewerId,
    finance: await client.token('finance', financeId),
    financeId,
  };
}

export interface RuntimeWithActorsOptions extends LocalRuntimeOptions {
  /** Marks the cast's reviewer available, so review tasks go to them. @default false */
  availableReviewer?: boolean;
}

/**
 * Given a runtime with its actors: before the tests of the enclosing file or describe, starts a runtime on the shared
 * DynamoDB Local (tables of its own, `options` on top of startTestRuntime's) and signs tokens for a new cast of every
 * role; after them, stops it. `client` and `who` are filled in then: use them inside tests and hooks, not at module
 * level.
 */
export function givenARuntimeWithActors({ availableReviewer = false, ...options }: RuntimeWithActorsOptions = {}): {
  client: Client;
  who: Cast;
} {
  const client = {} as Client;
  const who = {} as Cast;
  beforeAll(async () => {
    Object.assign(client, await startTestRuntime(options));
    Object.assign(who, await castOf(client));
    if (availableReviewer) {
      const available = await client.call('PUT', '/v1/review/availability', {
        token: who.reviewer,
        body: { available: true },
      });
      expect(available.status).toBe(200);
    }
  });
  afterAll(() => client.runtime?.stop());
  return { client, who };
}

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

/**
 * Waits until the buyer sees the refund in `status`, or in one of several, and, while its execution runs, until the
 * execution holds a task token: the status is written before the wait's token is, and a decision sent in between is
 * refused (409 NOT_WAITING).
 */
export async function statusOf(
  client: Client,
  who: Pick<Actors, 'buyer'>,
  refundId: string,
  status: string | readonly string[],
  timeoutMs?: number,
) {
  const wanted: readonly string[] = typeof status === 'string' ? [status] : status;
  return eventually(async () => {
    const got = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
    if (!wanted.includes(got.body?.status)) return undefined;
    const execution = client.runtime.workflow.execution(refundId);
    const waiting = execution?.status === 'RUNNING' ? execution.tokens.size > 0 : true;
    return waiting ? got.body : undefined;
  }, timeoutMs);
}

/**
 * The buyer ships the goods of a refund waiting for its return (an SF waybill), and once they are in transit the
 * merchant records them received in `condition`; each step answered 200.
 */
export async function sendBack(
  client: Client,
  who: Pick<Actors, 'buyer' | 'merchant'>,
  refundId: string,
  condition: 'INTACT' | 'DAMAGED' | 'NOT_MATCHING',
) {
  const shipped = await client.call('POST', `/v1/refunds/${refundId}/return-shipment`, {
    token: who.buyer,
    body: { carrier: 'SF Express', trackingNumber: 'SF1234567890128' },
  });
  expect(shipped.status).toBe(200);
  await statusOf(client, who, refundId, 'RETURN_IN_TRANSIT');
  const received = await client.call('POST', `/v1/merchant/refunds/${refundId}/return-received`, {
    token: who.merchant,
    body: { condition },
  });
  expect(received.status).toBe(200);
}

/**
 * A parcel in transit the buyer no longer wants: the merchant rejects the refund and the buyer disputes it, so it
 * waits for a reviewer's arbitration (MANUAL_REVIEW); each step answered 200. Returns the refund id.
 */
export async function aDisputedRefund(client: Client, who: Actors): Promise<string> {
  const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
  await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
  const rejected = await client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
    token: who.merchant,
    body: { decision: 'REJECT', reason: 'checked' },
  });
  expect(rejected.status).toBe(200);
  await statusOf(client, who, refundId, 'REJECTED');
  const disputed = await client.call('POST', `/v1/refunds/${refundId}/dispute`, {
    token: who.buyer,
    body: { note: 'The parcel was never delivered' },
  });
  expect(disputed.status).toBe(200);
  await statusOf(client, who, refundId, 'MANUAL_REVIEW');
  return refundId;
}
