/** Applications are idempotent by Idempotency-Key: replays are byte-equal, twins make one refund, reuse is 422. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';

let client: Client;
let system: string;
let buyer: string;

beforeAll(async () => {
  client = await startTestRuntime();
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'buyer-1');
});
afterAll(() => client.runtime.stop());

const apply = (key: string, body: unknown) =>
  client.call('POST', '/v1/refunds', { token: buyer, headers: { 'idempotency-key': key }, body });

describe('a buyer retrying an application', () => {
  it('gets the same status and the same bytes for the same key and body', async () => {
    await client.call('PUT', '/v1/orders/idem-1', { token: system, body: anOrderBody() });
    const body = { orderId: 'idem-1', reason: 'NO_LONGER_NEEDED' };
    const first = await apply('idem-key-1', body);
    expect(first.status).toBe(201);
    const again = await apply('idem-key-1', body);
    expect(again.status).toBe(first.status);
    expect(again.text).toBe(first.text);
  });

  it('gets 422 for the same key with another body, and nothing changes', async () => {
    const reused = await apply('idem-key-1', { orderId: 'idem-1', reason: 'OTHER' });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const list = await client.call('GET', '/v1/refunds?orderId=idem-1', { token: buyer });
    expect(list.body.items).toHaveLength(1);
  });
});

describe('fifty concurrent requests with one key', () => {
  it('make exactly one refund and all get the identical answer', async () => {
    await client.call('PUT', '/v1/orders/idem-50', { token: system, body: anOrderBody() });
    const body = { orderId: 'idem-50', reason: 'ORDERED_BY_MISTAKE', note: 'twice' };
    const answers = await Promise.all(Array.from({ length: 50 }, () => apply('idem-key-50', body)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    const list = await client.call('GET', '/v1/refunds?orderId=idem-50', { token: buyer });
    expect(list.body.items).toHaveLength(1);
  });
});
