/**
 * Capacity of one accepted application, measured against DynamoDB Local with ReturnConsumedCapacity TOTAL.
 *
 * The budget is 1 read and 6 write units, idempotency included. Measured: at most 1 read (the eventually
 * consistent order read, and the query of the buyer's refund history that admission shares with the refund options
 * and the assessment: 0 to 0.5) and 6 write: one transaction of the refund put with its buyer-index entry (2 × 2; transactions count
 * double) and the order reservation (1 × 2). The refund is its own idempotency record, and the other indexes are
 * written at the first status change.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anOrderBody } from '../../support/builders.ts';
import { type CapacityProxy, startCapacityProxy } from '../../support/capacity.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { withoutLifecycle } from '../../support/no-lifecycle.ts';

let proxy: CapacityProxy;
let client: Client;
let system: string;
let buyer: string;

beforeAll(async () => {
  proxy = await startCapacityProxy(inject('dynamoEndpoint'));
  client = await startTestRuntime({ dynamoEndpoint: proxy.endpoint });
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'buyer-1');
  // Only the request is measured: the lifecycle it starts runs on its own budget.
  withoutLifecycle();
});

/** The budget, idempotency included. */
const WRITE_UNITS = 6;
afterAll(async () => {
  await client.runtime.stop();
  await proxy.close();
});

describe('an accepted application', () => {
  it.each([
    ['a one-line order', anOrderBody()],
    [
      'a three-line order',
      anOrderBody({
        paidAmount: 30000,
        items: ['a', 'b', 'c'].map((sku) => ({
          sku,
          name: `Item ${sku}`,
          category: 'GENERAL',
          unitPrice: 10000,
          quantity: 1,
        })),
      }),
    ],
  ])('on %s costs at most 1 read unit and 6 write units', async (label, order) => {
    const orderId = `cap-${label.split(' ')[1]}`;
    expect((await client.call('PUT', `/v1/orders/${orderId}`, { token: system, body: order })).status).toBe(201);
    proxy.reset();
    const applied = await client.call('POST', '/v1/refunds', {
      token: buyer,
      headers: { 'idempotency-key': `cap-${orderId}` },
      body: { orderId, reason: 'NO_LONGER_NEEDED', note: '不想要了' },
    });
    expect(applied.status).toBe(201);
    const measured = proxy.entries.filter((e) => e.operation !== 'Scan');
    const totals = proxy.totals();
    console.log(`capacity for ${label}:`, JSON.stringify(measured), 'total', totals);
    expect(totals.read).toBeLessThanOrEqual(1);
    expect(totals.write).toBeLessThanOrEqual(WRITE_UNITS);
  });
});
