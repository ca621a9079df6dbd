/**
 * A buyer's list: their own refunds only, paged by an opaque cursor that cannot be forged; a line's units are held by
 * one refund at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userPartition } from '../../../functions/adapters/dynamodb/keys.ts';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { withoutLifecycle } from '../../support/no-lifecycle.ts';

let client: Client;
let system: string;
let buyer: string;

beforeAll(async () => {
  client = await startTestRuntime();
  withoutLifecycle();
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'lister');
  const other = await client.token('buyer', 'someone-else');
  for (const [who, token, n] of [
    ['lister', buyer, 5],
    ['someone-else', other, 2],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const orderId = `list-${who}-${i}`;
      await client.call('PUT', `/v1/orders/${orderId}`, { token: system, body: anOrderBody({ userId: who }) });
      const applied = await client.call('POST', '/v1/refunds', {
        token,
        headers: { 'idempotency-key': orderId },
        body: { orderId, reason: 'NO_LONGER_NEEDED' },
      });
      expect(applied.status).toBe(201);
    }
  }
});
afterAll(() => client.runtime.stop());

describe('a buyer with five refunds listing two at a time', () => {
  it('pages through exactly their own five, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await client.call('GET', `/v1/refunds?${query}`, { token: buyer });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((r: any) => r.orderId));
      cursor = page.body.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `list-lister-${i}`));
  });

  it('gets 400 for a forged cursor', async () => {
    const foreign = Buffer.from(
      JSON.stringify({ gsi1pk: userPartition('someone-else'), gsi1sk: 'z', pk: 'x', sk: 'y' }),
    ).toString('base64url');
    for (const cursor of [foreign, 'not-a-cursor', Buffer.from('[1,2]').toString('base64url')]) {
      const page = await client.call('GET', `/v1/refunds?limit=2&cursor=${encodeURIComponent(cursor)}`, {
        token: buyer,
      });
      expect(page.status).toBe(400);
      expect(page.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('a second application for units an active refund already holds', () => {
  it('is refused with 422 ITEMS_EXCEED_REFUNDABLE', async () => {
    const order = anOrderBody({
      userId: 'lister',
      paidAmount: 20000,
      items: ['a', 'b'].map((sku) => ({ sku, name: sku, category: 'GENERAL', unitPrice: 10000, quantity: 1 })),
    });
    await client.call('PUT', '/v1/orders/line-1', { token: system, body: order });
    const apply = (key: string, sku: string) =>
      client.call('POST', '/v1/refunds', {
        token: buyer,
        headers: { 'idempotency-key': key },
        body: { orderId: 'line-1', reason: 'NO_LONGER_NEEDED', items: [{ sku, quantity: 1 }], amount: 5000 },
      });
    expect((await apply('line-a-1', 'a')).status).toBe(201);
    const second = await apply('line-a-2', 'a');
    expect(second.status).toBe(422);
    expect(second.body.error).toMatchObject({
      code: 'ITEMS_EXCEED_REFUNDABLE',
      details: { sku: 'a', requested: 1, refundableQuantity: 0 },
    });
    expect((await apply('line-b-1', 'b')).status).toBe(201);
  });
});
