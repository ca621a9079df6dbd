/** Bad input on the foundation's routes: a clear 4xx with the error shape, and nothing written. */
import { request } from 'node:http';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { MAIN_TABLE } from '../../functions/adapters/dynamodb/tables.ts';
import { anOrderBody } from '../support/builders.ts';
import { type Client, startTestRuntime } from '../support/local.ts';

let client: Client;
let system: string;
let buyer: string;

async function itemCount(): Promise<number> {
  let count = 0;
  for (const table of [MAIN_TABLE]) {
    const scan = await dynamoClient().send(
      new ScanCommand({ TableName: client.runtime.tableName(table), Select: 'COUNT' }),
    );
    count += scan.Count ?? 0;
  }
  return count;
}

beforeAll(async () => {
  client = await startTestRuntime();
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'buyer-1');
});
afterAll(() => client.runtime.stop());

const errorShape = { error: { code: expect.any(String), message: expect.any(String) } };

describe('requests the API must refuse', () => {
  const cases: [string, () => Promise<{ status: number; body: unknown }>, number][] = [
    ['no token', () => client.call('PUT', '/v1/orders/o-bad', { body: anOrderBody() }), 401],
    ['a forged token', () => client.call('PUT', '/v1/orders/o-bad', { token: `${system}x`, body: anOrderBody() }), 401],
    [
      'a buyer writing an order',
      () => client.call('PUT', '/v1/orders/o-bad', { token: buyer, body: anOrderBody() }),
      403,
    ],
    ['malformed JSON', () => client.call('PUT', '/v1/orders/o-bad', { token: system, raw: '{"userId":' }), 400],
    [
      'bad UTF-8',
      () => client.call('PUT', '/v1/orders/o-bad', { token: system, raw: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }),
      400,
    ],
    [
      'a missing field',
      () => client.call('PUT', '/v1/orders/o-bad', { token: system, body: anOrderBody({ userId: undefined }) }),
      400,
    ],
    [
      'a wrong type',
      () => client.call('PUT', '/v1/orders/o-bad', { token: system, body: { ...anOrderBody(), paidAmount: '129' } }),
      400,
    ],
    [
      'a fractional amount',
      () => client.call('PUT', '/v1/orders/o-bad', { token: system, body: anOrderBody({ paidAmount: 12.5 }) }),
      400,
    ],
    [
      'a negative amount',
      () => client.call('PUT', '/v1/orders/o-bad', { token: system, body: anOrderBody({ paidAmount: -1 }) }),
      400,
    ],
    [
      'an unknown field',
      () => client.call('PUT', '/v1/orders/o-bad', { token: system, body: { ...anOrderBody(), admin: true } }),
      400,
    ],
    [
      // Was a 500 (DynamoDB refused the order's two line counters of one sku in one write).
      'two lines of one sku',
      () => {
        const line = { sku: 'tea-1', name: 'Longjing tea', category: 'GENERAL' as const, unitPrice: 6450, quantity: 1 };
        const body = anOrderBody({ paidAmount: 12900, items: [line, { ...line, quantity: 1 }] });
        return client.call('PUT', '/v1/orders/o-bad', { token: system, body });
      },
      400,
    ],
    [
      // An order system writing China time with a Z: the delivery eight hours ahead would open every window after it.
      'a delivery in the future',
      () => {
        const ahead = new Date(Date.now() + 8 * 3600_000).toISOString();
        const body = anOrderBody({ fulfillment: { status: 'DELIVERED', carrier: 'SF', deliveredAt: ahead } });
        return client.call('PUT', '/v1/orders/o-bad', { token: system, body });
      },
      400,
    ],
    [
      'a payment in the future',
      () =>
        client.call('PUT', '/v1/orders/o-bad', {
          token: system,
          body: anOrderBody({ paidAt: new Date(Date.now() + 3600_000).toISOString() }),
        }),
      400,
    ],
    [
      'a huge string',
      () =>
        client.call('PUT', '/v1/orders/o-bad', { token: system, body: anOrderBody({ userId: 'x'.repeat(100_000) }) }),
      413,
    ],
    [
      'an application without Idempotency-Key',
      () => client.call('POST', '/v1/refunds', { token: buyer, body: { orderId: 'o-1', reason: 'OTHER' } }),
      400,
    ],
    [
      'an application with an unknown reason',
      () =>
        client.call('POST', '/v1/refunds', {
          token: buyer,
          headers: { 'idempotency-key': 'k' },
          body: { orderId: 'o-1', reason: 'BORED' },
        }),
      400,
    ],
    [
      'an application for an order that does not exist',
      () =>
        client.call('POST', '/v1/refunds', {
          token: buyer,
          headers: { 'idempotency-key': 'k2' },
          body: { orderId: 'nope', reason: 'OTHER' },
        }),
      404,
    ],
    ['an unknown route', () => client.call('GET', '/v1/nothing', { token: buyer }), 404],
  ];

  it.each(cases)('%s gets a 4xx with the error shape and writes nothing', async (_, send, status) => {
    const before = await itemCount();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject(errorShape);
    expect(await itemCount()).toBe(before);
  });
});

describe('an order in a currency the policy has no thresholds for', () => {
  it('is refused with 422 CURRENCY_NOT_SUPPORTED, never judged against yuan thresholds', async () => {
    const before = await itemCount();
    const yen = anOrderBody({ currency: 'JPY', paidAmount: 4500 });
    yen.items = [{ sku: 'tea-1', name: 'Sencha 100g', category: 'GENERAL', unitPrice: 4500, quantity: 1 }];
    const response = await client.call('PUT', '/v1/orders/o-yen', { token: system, body: yen });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({
      code: 'CURRENCY_NOT_SUPPORTED',
      details: { currency: 'JPY', supported: ['CNY'] },
    });
    expect(await itemCount()).toBe(before);
    const options = await client.call('GET', '/v1/orders/o-yen/refund-options', { token: buyer });
    expect(options.status).toBe(404);
  });
});

/** A raw HTTP request with the Host header of our choosing (fetch does not let a caller set it). */
function withHost(method: string, path: string, host: string, body = ''): Promise<{ status: number; body: any }> {
  const url = new URL(client.runtime.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname: url.hostname, port: url.port, method, path, headers: { host, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('a request whose Host is not this machine (DNS rebinding)', () => {
  const port = () => new URL(client.runtime.url).port;
  const claims = JSON.stringify({ sub: 'attacker', role: 'finance' });

  it.each([
    ['a rebound public name', () => `rebind.attacker.example:${port()}`],
    ['a public name without a port', () => 'attacker.example'],
    ['localhost on another port', () => `localhost:${Number(port()) + 1}`],
    ['a name that only starts with localhost', () => `localhost.attacker.example:${port()}`],
  ])('cannot mint a token at POST /local/token: %s is refused with 403', async (_, host) => {
    const response = await withHost('POST', '/local/token', host(), claims);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: { code: 'FORBIDDEN_HOST' } });
  });

  it('cannot call a route either', async () => {
    expect((await withHost('GET', '/health', `rebind.attacker.example:${port()}`)).status).toBe(403);
  });

  it.each([['localhost'], ['127.0.0.1'], ['[::1]']])('is answered when the Host is %s with the port', async (name) => {
    expect((await withHost('GET', '/health', `${name}:${port()}`)).status).toBe(200);
    expect((await withHost('POST', '/local/token', `${name}:${port()}`, claims)).status).toBe(200);
  });
});
