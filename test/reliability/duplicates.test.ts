/**
 * Item 1: N concurrent applications with one Idempotency-Key make exactly one refund, and every caller gets the same
 * status and byte-for-byte the same body. N = 1,000 at full scale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUND_PARTITION_PREFIX } from '../../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../../functions/adapters/dynamodb/tables.ts';
import { anOrderBody } from '../support/builders.ts';
import { type Client, startTestRuntime } from '../support/local.ts';
import { scanAll } from '../support/payouts.ts';
import { pool, sized } from './scale.ts';

const N = sized(1000, 50);

let client: Client;
let system: string;
let buyer: string;

beforeAll(async () => {
  client = await startTestRuntime();
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'dup-buyer');
});
afterAll(() => client.runtime.stop());

describe(`${N} concurrent applications with one Idempotency-Key`, () => {
  it('create exactly one refund and all get the identical answer', async () => {
    await client.call('PUT', '/v1/orders/dup-1', { token: system, body: anOrderBody({ userId: 'dup-buyer' }) });
    const body = { orderId: 'dup-1', reason: 'NO_LONGER_NEEDED', note: 'pressed twice' };
    const started = Date.now();
    // All requests are issued at once; the pool only bounds open sockets (fetch would queue them anyway).
    const answers = await pool(Array.from({ length: N }), 256, () =>
      client.call('POST', '/v1/refunds', { token: buyer, headers: { 'idempotency-key': 'dup-key' }, body }),
    );
    const statuses = new Set(answers.map((a) => a.status));
    const bodies = new Set(answers.map((a) => a.text));
    const refunds = (await scanAll(client.runtime, MAIN_TABLE)).filter((i) =>
      String(i.pk).startsWith(REFUND_PARTITION_PREFIX),
    );
    const ids = new Set(refunds.map((r) => r.refundId));
    console.log(
      `duplicates: ${N} requests in ${Date.now() - started} ms → statuses ${[...statuses]}, ` +
        `${bodies.size} distinct body, ${ids.size} refund in the table`,
    );
    expect([...statuses]).toEqual([201]);
    expect(bodies.size).toBe(1);
    expect(ids.size).toBe(1);
    expect(JSON.parse([...bodies][0] ?? '{}').refundId).toBe([...ids][0]);
  });
});
