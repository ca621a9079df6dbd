/**
 * `GET /v1/orders` over HTTP against DynamoDB Local: a buyer's own orders only, newest paid first, paged by an opaque
 * cursor that another buyer's list refuses (400); what is still refundable after a refund took a line; the refund to
 * follow on each order; and the answer matches the OpenAPI document (the gateway checks every answer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userOrdersPartition } from '../../../functions/adapters/dynamodb/keys.ts';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { withoutLifecycle } from '../../support/no-lifecycle.ts';

let client: Client;
let system: string;
let buyer: string;
let other: string;
const paidDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

beforeAll(async () => {
  client = await startTestRuntime();
  withoutLifecycle();
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'order-lister');
  other = await client.token('buyer', 'order-someone-else');
  const items = [
    { sku: 'tea', name: '龙井茶', category: 'GENERAL' as const, unitPrice: 10000, quantity: 1 },
    { sku: 'cup', name: '茶杯', category: 'GENERAL' as const, unitPrice: 5000, quantity: 2 },
  ];
  for (let i = 0; i < 5; i++) {
    const body = anOrderBody({ userId: 'order-lister', paidAt: paidDaysAgo(10 - i), paidAmount: 20000, items });
    expect((await client.call('PUT', `/v1/orders/ol-${i}`, { token: system, body })).status).toBe(201);
  }
  for (let i = 0; i < 2; i++) {
    const body = anOrderBody({ userId: 'order-someone-else', paidAt: paidDaysAgo(1) });
    await client.call('PUT', `/v1/orders/oo-${i}`, { token: system, body });
  }
});
afterAll(() => client.runtime.stop());

async function allPages(token: string, limit: number): Promise<any[]> {
  const seen: any[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const query = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await client.call('GET', `/v1/orders?${query}`, { token });
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.body.items);
    cursor = page.body.cursor;
    pages++;
  } while (cursor && pages < 10);
  return seen;
}

describe('a buyer with five orders listing two at a time', () => {
  it('pages through exactly their own five, newest paid first', async () => {
    const seen = await allPages(buyer, 2);
    expect(seen.map((o) => o.orderId)).toEqual([4, 3, 2, 1, 0].map((i) => `ol-${i}`));
    expect(seen[0]).toMatchObject({ scenario: 'NOT_SHIPPED', paymentMethod: 'ALIPAY', refundableAmount: 20000 });
    expect(seen[0].refund).toBeUndefined();
    const theirs = await allPages(other, 10);
    expect(theirs.map((o) => o.orderId).sort()).toEqual(['oo-0', 'oo-1']);
  });

  it('gets 400 for a cursor that is not from its own list, and for a bad limit', async () => {
    const mine = await client.call('GET', '/v1/orders?limit=1', { token: buyer });
    const forged = Buffer.from(
      JSON.stringify({ gsi6pk: userOrdersPartition('order-someone-else'), gsi6sk: 'z', pk: 'x', sk: 'y' }),
    ).toString('base64url');
    for (const [token, cursor] of [
      [other, mine.body.cursor],
      [buyer, forged],
      [buyer, 'not-a-cursor'],
    ]) {
      const page = await client.call('GET', `/v1/orders?cursor=${encodeURIComponent(cursor)}`, { token });
      expect(page.status).toBe(400);
      expect(page.body.error.code).toBe('VALIDATION_FAILED');
    }
    for (const query of ['limit=0', 'limit=101', 'limit=x', 'status=OPEN']) {
      expect((await client.call('GET', `/v1/orders?${query}`, { token: buyer })).status).toBe(400);
    }
  });

  it('shows what a refund left refundable, and the refund to follow on that order', async () => {
    const applied = await client.call('POST', '/v1/refunds', {
      token: buyer,
      headers: { 'idempotency-key': 'ol-2-cup' },
      body: { orderId: 'ol-2', reason: 'NO_LONGER_NEEDED', items: [{ sku: 'cup', quantity: 1 }] },
    });
    expect(applied.status).toBe(201);
    const page = await client.call('GET', '/v1/orders', { token: buyer, headers: { 'accept-language': 'en' } });
    const order = page.body.items.find((o: any) => o.orderId === 'ol-2');
    expect(order.refundableAmount).toBe(15000);
    expect(order.items.map((i: any) => [i.name, i.refundableQuantity, i.refundableAmount])).toEqual([
      ['龙井茶', 1, 10000],
      ['茶杯', 1, 5000],
    ]);
    expect(order.refund).toMatchObject({ refundId: applied.body.refundId, open: true });
    expect(typeof order.refund.statusLabel).toBe('string');
    // The other buyer's list never shows it.
    const theirs = await client.call('GET', '/v1/orders', { token: other });
    expect(theirs.text).not.toContain(applied.body.refundId);
  });

  it('is for buyers only', async () => {
    const merchant = await client.token('merchant', 'm-staff', 'merchant-1');
    expect((await client.call('GET', '/v1/orders', { token: merchant })).status).toBe(403);
    expect((await client.call('GET', '/v1/orders')).status).toBe(401);
  });
});
