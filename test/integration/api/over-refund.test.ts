/**
 * Money safety under load: many concurrent applications against one order never reserve more than was paid, and
 * every refusal is a clear 409. Two shapes: whole-order applications (the line lock decides) and one sku each (the
 * amount reservation decides).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { withoutLifecycle } from '../../support/no-lifecycle.ts';

let client: Client;
let system: string;
let buyer: string;

beforeAll(async () => {
  client = await startTestRuntime();
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'buyer-1');
  withoutLifecycle();
});
afterAll(() => client.runtime.stop());

const REFUSALS = new Set(['ACTIVE_REFUND_EXISTS', 'REFUND_EXCEEDS_REFUNDABLE', 'NOTHING_REFUNDABLE']);
const random = (max: number) => 1 + Math.floor(Math.random() * max);

async function storedOrder(orderId: string) {
  const got = await dynamoClient().send(
    new GetCommand({ TableName: client.runtime.tableName(MAIN_TABLE), Key: { pk: `ORDER#${orderId}`, sk: '#ORDER' } }),
  );
  return got.Item ?? {};
}

async function storm(orderId: string, body: (i: number) => Record<string, unknown>) {
  const answers = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      client.call('POST', '/v1/refunds', {
        token: buyer,
        headers: { 'idempotency-key': `${orderId}-${i}` },
        body: { orderId, reason: 'NO_LONGER_NEEDED', ...body(i) },
      }),
    ),
  );
  for (const a of answers) {
    expect([201, 409]).toContain(a.status);
    if (a.status === 409) expect(REFUSALS).toContain(a.body.error.code);
  }
  const accepted = answers.filter((a) => a.status === 201).map((a) => a.body.amount as number);
  const order = await storedOrder(orderId);
  const reserved = accepted.reduce((sum, amount) => sum + amount, 0);
  expect(order.refundedAmount).toBe(reserved);
  expect(reserved).toBeLessThanOrEqual(order.paidAmount);
  return { accepted, order };
}

describe('200 concurrent whole-order applications', () => {
  it('accept one, refuse the rest with 409, and reserve no more than was paid', async () => {
    await client.call('PUT', '/v1/orders/storm-1', { token: system, body: anOrderBody({ paidAmount: 12900 }) });
    const { accepted } = await storm('storm-1', () => ({ amount: random(12900) }));
    expect(accepted).toHaveLength(1);
  });
});

describe('200 concurrent applications for different lines of one order', () => {
  it('stop when the paid amount is reserved, never beyond', async () => {
    const items = Array.from({ length: 200 }, (_, i) => ({
      sku: `line-${i}`,
      name: `Line ${i}`,
      category: 'GENERAL' as const,
      unitPrice: 500,
      quantity: 1,
    }));
    await client.call('PUT', '/v1/orders/storm-2', {
      token: system,
      body: anOrderBody({ paidAmount: 100_000, items }),
    });
    const { accepted, order } = await storm('storm-2', (i) => ({
      items: [{ sku: `line-${i}`, quantity: 1 }],
      amount: random(1500),
    }));
    expect(accepted.length).toBeGreaterThan(1);
    expect(accepted.length).toBeLessThan(200);
    console.log(`storm-2: ${accepted.length} accepted, ${order.refundedAmount} of ${order.paidAmount} reserved`);
  });
});
