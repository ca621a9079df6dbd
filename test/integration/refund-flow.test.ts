/**
 * The foundation's promise: on one machine, a token, an order pushed by the order system, a buyer's application,
 * and the refund moving through the real state machine as the buyer watches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrderBody } from '../support/builders.ts';
import { type Client, eventually, startTestRuntime } from '../support/local.ts';

let client: Client;
let system: string;
let buyer: string;

beforeAll(async () => {
  // The payout settles an hour after it is sent, so "payout pending" is a state to wait for, not a window to catch.
  client = await startTestRuntime({ payments: { latencyMs: { min: 3_600_000, max: 3_600_000 } } });
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'buyer-1');
});
afterAll(() => client.runtime.stop());

describe('the local runtime', () => {
  it('answers the health check without a token', async () => {
    const response = await client.call('GET', '/health');
    expect(response).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('mints local tokens only for known roles', async () => {
    const good = await client.call('POST', '/local/token', { body: { sub: 'u-9', role: 'buyer' } });
    expect(good.status).toBe(200);
    expect(good.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const bad = await client.call('POST', '/local/token', { body: { sub: 'u-9', role: 'admin' } });
    expect(bad.status).toBe(400);
  });
});

describe('a buyer with an unshipped order', () => {
  it('applies, and hears in the answer that the refund is approved and on its way', async () => {
    const put = await client.call('PUT', '/v1/orders/order-flow-1', { token: system, body: anOrderBody() });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ orderId: 'order-flow-1', refundedAmount: 0 });

    const applied = await client.call('POST', '/v1/refunds', {
      token: buyer,
      headers: { 'idempotency-key': 'flow-1' },
      body: { orderId: 'order-flow-1', reason: 'NO_LONGER_NEEDED' },
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({
      orderId: 'order-flow-1',
      amount: 12900,
      scenario: 'NOT_SHIPPED',
      // 秒批: the rules decided in the request, and the payout owed is recorded with its promise.
      status: 'PAYOUT_PENDING',
      decision: { outcome: 'APPROVE', by: 'SYSTEM' },
      payout: { promisedBy: expect.any(String) },
    });

    const refundId: string = applied.body.refundId;
    const done = await eventually(async () => {
      const got = await client.call('GET', `/v1/refunds/${refundId}`, {
        token: buyer,
        headers: { 'accept-language': 'en' },
      });
      return got.body.status === 'PAYOUT_PENDING' ? got.body : undefined;
    });
    expect(done.timeline.map((e: { status: string }) => e.status)).toEqual(['SUBMITTED', 'APPROVED', 'PAYOUT_PENDING']);
    expect(done.statusLabel).toBe('Refund on its way');
    expect(done.decision).toMatchObject({ outcome: 'APPROVE', by: 'SYSTEM' });
    // Paid by a payout run; no Standard lifecycle execution for a refund nobody had to look at.
    expect(client.runtime.workflow.execution(refundId)).toBeUndefined();
    expect((await client.runtime.workflow.finished(refundId))?.expressStates).toContain('Payout');
  });

  it('lists the refund among their own, labelled in Chinese by default', async () => {
    const list = await client.call('GET', '/v1/refunds?orderId=order-flow-1', { token: buyer });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].statusLabel).toMatch(/[\u4e00-\u9fff]/);
  });

  it('cannot be seen by another buyer', async () => {
    const list = await client.call('GET', '/v1/refunds?orderId=order-flow-1', { token: buyer });
    const other = await client.token('buyer', 'buyer-2');
    const got = await client.call('GET', `/v1/refunds/${list.body.items[0].refundId}`, { token: other });
    expect(got.status).toBe(404);
  });
});
