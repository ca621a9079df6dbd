/**
 * Recovering a failed payout over HTTP on the local runtime (real handlers, DynamoDB Local, the sandbox provider's
 * fault injection): finance's retry and the buyer's switch to the platform balance pay a PAYOUT_FAILED refund
 * exactly once, and are refused with a clear code when they do not apply.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, eventually, startTestRuntime } from '../../support/local.ts';
import { buyerEvents, ledgerEntries } from '../../support/payouts.ts';

let client: Client;
let system: string;
let buyer: string;
let finance: string;

beforeAll(async () => {
  client = await startTestRuntime({ payments: { latencyMs: { min: 50, max: 100 } } });
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'buyer-1');
  finance = await client.token('finance', 'f-1');
});
afterAll(() => client.runtime.stop());
// Every first payout fails at the provider; the recoveries' attempts settle.
beforeEach(() => client.runtime.payments.setFaults({ failureRate: 1 }));

/** The application of each order's refund, and the bytes of its 201, to replay. */
const applications = new Map<string, { request: Record<string, unknown>; text: string }>();

/** An instantly approved refund whose payout failed at the provider (its FAILED webhook arrived). */
async function aFailedPayout(orderId: string) {
  await client.call('PUT', `/v1/orders/${orderId}`, { token: system, body: anOrderBody() });
  const request = {
    token: buyer,
    headers: { 'idempotency-key': orderId },
    body: { orderId, reason: 'NO_LONGER_NEEDED' },
  };
  const applied = await client.call('POST', '/v1/refunds', request);
  applications.set(orderId, { request, text: applied.text });
  const refundId: string = applied.body.refundId;
  await untilStatus(refundId, 'PAYOUT_FAILED');
  client.runtime.payments.setFaults({ failureRate: 0 });
  return refundId;
}

function untilStatus(refundId: string, status: string) {
  return eventually(async () => {
    const got = await client.call('GET', `/v1/refunds/${refundId}`, { token: buyer });
    return got.body.status === status ? got.body : undefined;
  });
}

async function moneyOf(refundId: string) {
  const entries = (await ledgerEntries(client.runtime)).filter((e) => e.refundId === refundId);
  const attempts = client.runtime.payments.attempts(refundId);
  return {
    kinds: entries.map((e) => e.kind).sort(),
    settledAtProvider: attempts.filter((a) => a.outcome === 'SETTLED').length,
    attempts: attempts.length,
  };
}

describe('finance retries a failed payout', () => {
  it('sends it again under the same refund id and the buyer is paid once', async () => {
    const refundId = await aFailedPayout('o-retry');
    const retried = await client.call('POST', `/v1/finance/payouts/${refundId}/retry`, { token: finance });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ refundId, status: 'PAYOUT_PENDING', outcome: 'RESENT', attempts: 2 });
    const refunded = await untilStatus(refundId, 'REFUNDED');
    expect(refunded.payout).toMatchObject({ providerRef: retried.body.providerRef, attempts: 2 });
    expect(refunded.payout.supersededRefs).toHaveLength(1);
    expect(await moneyOf(refundId)).toEqual({
      kinds: ['FAILED', 'SENT', 'SENT', 'SETTLED'],
      settledAtProvider: 1,
      attempts: 2,
    });
    expect(refunded.timeline.map((e: { status: string }) => e.status).slice(-3)).toEqual([
      'PAYOUT_FAILED',
      'PAYOUT_PENDING',
      'REFUNDED',
    ]);
    // The buyer's messages go out after each transition commits, so the last one may trail the status.
    const told = await eventually(async () => {
      const events = buyerEvents(client.runtime, refundId);
      return events.includes('REFUNDED') ? events : undefined;
    });
    expect(told).toEqual(['APPROVED', 'PAYOUT_SENT', 'PAYOUT_FAILED', 'PAYOUT_SENT', 'REFUNDED']);
  });

  it('is refused with 409 PAYOUT_NOT_FAILED once recovered, 404 for an unknown refund and 403 for a buyer', async () => {
    const refundId = await aFailedPayout('o-retry-twice');
    await client.call('POST', `/v1/finance/payouts/${refundId}/retry`, { token: finance });
    await untilStatus(refundId, 'REFUNDED');
    const again = await client.call('POST', `/v1/finance/payouts/${refundId}/retry`, { token: finance });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PAYOUT_NOT_FAILED');
    const unknown = await client.call('POST', '/v1/finance/payouts/rf-unknown/retry', { token: finance });
    expect(unknown.status).toBe(404);
    const asBuyer = await client.call('POST', `/v1/finance/payouts/${refundId}/retry`, { token: buyer });
    expect(asBuyer.status).toBe(403);
    expect((await moneyOf(refundId)).settledAtProvider).toBe(1);
  });
});

describe('the buyer moves a failed payout to the platform balance', () => {
  it('is credited to the balance once and the refund says so', async () => {
    const refundId = await aFailedPayout('o-balance');
    const other = await client.token('buyer', 'buyer-2');
    const notMine = await client.call('POST', `/v1/refunds/${refundId}/payout-destination`, {
      token: other,
      body: { destination: 'BALANCE' },
    });
    expect(notMine.status).toBe(404);
    const bad = await client.call('POST', `/v1/refunds/${refundId}/payout-destination`, {
      token: buyer,
      body: { destination: 'COUPON' },
    });
    expect(bad.status).toBe(400);

    const switched = await client.call('POST', `/v1/refunds/${refundId}/payout-destination`, {
      token: buyer,
      body: { destination: 'BALANCE' },
    });
    expect(switched.status).toBe(202);
    // The platform wallet credits at once: the answer already says REFUNDED.
    expect(switched.body).toMatchObject({ refundId, status: 'REFUNDED', outcome: 'RESENT' });
    const refunded = await untilStatus(refundId, 'REFUNDED');
    expect(refunded).toMatchObject({ destination: 'BALANCE', payout: { method: 'BALANCE', destination: 'BALANCE' } });
    const attempts = client.runtime.payments.attempts(refundId);
    expect(attempts.map((a) => [a.method, a.outcome])).toEqual([['ALIPAY', 'FAILED']]);
    const credits = client.runtime.channels.wallet.credits(refundId);
    expect(credits.map((c) => [c.kind, c.amount, c.buyerId])).toEqual([['BALANCE', refunded.payout.amount, 'buyer-1']]);
    expect(client.runtime.channels.wallet.balance('buyer-1')).toBeGreaterThanOrEqual(refunded.payout.amount);
    // The application replayed answers what it answered then: paid back to the original method, not the balance.
    const first = applications.get('o-balance');
    const replayed = await client.call('POST', '/v1/refunds', first?.request);
    expect(replayed.status).toBe(201);
    expect(replayed.text).toBe(first?.text);
    const settled = (await ledgerEntries(client.runtime)).filter(
      (e) => e.refundId === refundId && e.kind === 'SETTLED',
    );
    expect(settled.map((e) => [e.provider, e.providerRef])).toEqual([['wallet', credits[0]?.creditRef]]);
    const again = await client.call('POST', `/v1/refunds/${refundId}/payout-destination`, {
      token: buyer,
      body: { destination: 'BALANCE' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PAYOUT_NOT_FAILED');
  });
});

describe('PUT /local/payments/faults (local mode: make payouts fail to try the recovery by hand)', () => {
  it('sets the sandbox provider’s failure rate for payouts accepted from now on, and refuses a rate outside 0..1', async () => {
    const refused = await client.call('PUT', '/local/payments/faults', { body: { failureRate: 2 } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');

    client.runtime.payments.setFaults({ failureRate: 0 });
    const set = await client.call('PUT', '/local/payments/faults', { body: { failureRate: 1 } });
    expect(set).toMatchObject({ status: 200, body: { failureRate: 1 } });
    await client.call('PUT', '/v1/orders/o-faults', { token: system, body: anOrderBody() });
    const applied = await client.call('POST', '/v1/refunds', {
      token: buyer,
      headers: { 'idempotency-key': 'o-faults' },
      body: { orderId: 'o-faults', reason: 'NO_LONGER_NEEDED' },
    });
    await untilStatus(applied.body.refundId, 'PAYOUT_FAILED');
    await client.call('PUT', '/local/payments/faults', { body: { failureRate: 0 } });
    const retried = await client.call('POST', `/v1/finance/payouts/${applied.body.refundId}/retry`, { token: finance });
    expect(retried.body.outcome).toBe('RESENT');
    await untilStatus(applied.body.refundId, 'REFUNDED');
  });

  it('names a channel fake to make it fail instead, and says when that channel is not faked in this run', async () => {
    const notFaked = await client.call('PUT', '/local/payments/faults', {
      body: { channel: 'alipay', failureRate: 1 },
    });
    expect(notFaked.status).toBe(409);
    expect(notFaked.body.error).toMatchObject({
      code: 'CHANNEL_NOT_FAKED',
      message: expect.stringContaining('--payments=alipay-fake'),
    });
    const unknown = await client.call('PUT', '/local/payments/faults', { body: { channel: 'paypal', failureRate: 1 } });
    expect(unknown.status).toBe(400);
  });
});
