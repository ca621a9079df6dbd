/**
 * A settlement is two conditional writes: the order's lines counted as refunded (once per refund), then the refund
 * made REFUNDED. A crash between them leaves the refund outstanding; the provider's redelivery settles it, and the
 * order, counted already, is not counted again. Duplicate callbacks count nothing twice either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { DynamoPayoutStore } from '../../../functions/adapters/dynamodb/payout-store.ts';
import { DynamoRefundStore } from '../../../functions/adapters/dynamodb/refund-store.ts';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, eventually, startTestRuntime } from '../../support/local.ts';
import { buyerEvents, ledgerEntries } from '../../support/payouts.ts';

/** What a lost connection to DynamoDB looks like. */
const crash = () => Object.assign(new Error('connection reset while writing'), { name: 'InternalServerError' });

let client: Client;
let system: string;
let buyer: string;
/** Refunds whose settlement crashes once after the order's count, before the refund's write. */
const crashOnce = new Set<string>();
let crashed = 0;

const keyOf = (input: { Key?: Record<string, unknown> }) => {
  const pk = input.Key?.pk;
  return typeof pk === 'string' ? pk : (pk as { S?: string } | undefined)?.S;
};

beforeAll(async () => {
  client = await startTestRuntime({ payments: { latencyMs: { min: 50, max: 100 }, redeliveryBackoffMs: 100 } });
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'buyer-1');
  dynamoClient().middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Key?: Record<string, unknown>; UpdateExpression?: string };
      const pk = keyOf(input);
      const refundId = pk?.startsWith('REFUND#') ? pk.slice('REFUND#'.length) : undefined;
      if (refundId && crashOnce.has(refundId) && input.UpdateExpression?.includes('#p.settledAt = :settledAt')) {
        crashOnce.delete(refundId);
        crashed++;
        throw crash();
      }
      return next(args);
    },
    { step: 'initialize', name: 'crashBetweenOrderAndRefund' },
  );
});
afterAll(() => {
  dynamoClient().middlewareStack.remove('crashBetweenOrderAndRefund');
  return client.runtime.stop();
});

/** The order's tallies for its one line, as stored. */
async function lineOf(orderId: string) {
  return (await new DynamoRefundStore().getOrder(orderId))?.lines?.['tea-1'];
}

async function apply(orderId: string): Promise<string> {
  expect((await client.call('PUT', `/v1/orders/${orderId}`, { token: system, body: anOrderBody() })).status).toBe(201);
  const applied = await client.call('POST', '/v1/refunds', {
    token: buyer,
    headers: { 'idempotency-key': orderId },
    body: { orderId, reason: 'NO_LONGER_NEEDED' },
  });
  expect(applied.status).toBe(201);
  return applied.body.refundId;
}

const refunded = (refundId: string) =>
  eventually(async () => {
    const got = await client.call('GET', `/v1/refunds/${refundId}`, { token: buyer });
    return got.body.status === 'REFUNDED' ? got.body : undefined;
  });

describe('a settlement that crashed after counting the order', () => {
  it('is settled by the redelivery, and the order counts the refund once', async () => {
    const orderId = 'o-settle-crash';
    expect((await client.call('PUT', `/v1/orders/${orderId}`, { token: system, body: anOrderBody() })).status).toBe(
      201,
    );
    // The refund id is known only once applied, and the payout may settle fast: crash the first settlement of every
    // refund of this order by watching the order's refunds as they appear.
    const applied = await client.call('POST', '/v1/refunds', {
      token: buyer,
      headers: { 'idempotency-key': 'settle-crash-1' },
      body: { orderId, reason: 'NO_LONGER_NEEDED' },
    });
    expect(applied.status).toBe(201);
    const refundId: string = applied.body.refundId;
    crashOnce.add(refundId);
    const before = crashed;
    const done = await refunded(refundId);
    expect(crashed - before).toBe(1);
    expect(done.payout.settledAmount).toBe(12900);
    expect(await lineOf(orderId)).toEqual({
      reservedUnits: 0,
      reservedAmount: 0,
      refundedUnits: 1,
      refundedAmount: 12900,
    });
    const kinds = (await ledgerEntries(client.runtime)).filter((e) => e.refundId === refundId).map((e) => e.kind);
    expect(kinds.sort()).toEqual(['SENT', 'SETTLED']);
    const events = await eventually(async () => {
      const sent = buyerEvents(client.runtime, refundId);
      return sent.includes('REFUNDED') ? sent : undefined;
    });
    expect(events.filter((e) => e === 'REFUNDED')).toHaveLength(1);
  });
});

describe('two settlements of the same payout at the same moment', () => {
  it('settle it once and count the order once', async () => {
    // The sandbox settles this one an hour from now: the test settles it itself, twice at once, as two concurrent
    // deliveries of the same callback would.
    client.runtime.payments.setFaults({ latencyMs: { min: 3_600_000, max: 3_600_000 } });
    const refundId = await apply('o-settle-twice');
    const store = new DynamoRefundStore();
    const pending = await eventually(async () => {
      const refund = await store.getRefund(refundId);
      return refund?.payout?.sentAt ? refund : undefined;
    });
    const payouts = new DynamoPayoutStore();
    const at = new Date().toISOString();
    const settle = () =>
      payouts.settle(
        pending,
        { settledAt: at, settledAmount: 12900, providerRef: pending.payout?.providerRef ?? '', flags: [] },
        { at, status: 'REFUNDED', actor: 'SYSTEM', detailCode: 'PAYOUT_SETTLED' },
      );
    const results = await Promise.all([settle(), settle()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.getRefund(refundId))?.status).toBe('REFUNDED');
    expect(await lineOf('o-settle-twice')).toEqual({
      reservedUnits: 0,
      reservedAmount: 0,
      refundedUnits: 1,
      refundedAmount: 12900,
    });
  });
});

describe('a recovery settling a refund whose order a crashed settlement already counted', () => {
  it('settles the refund and leaves the order counted once', async () => {
    client.runtime.payments.setFaults({ latencyMs: { min: 3_600_000, max: 3_600_000 } });
    const refundId = await apply('o-settle-recovered');
    const store = new DynamoRefundStore();
    const pending = await eventually(async () => {
      const refund = await store.getRefund(refundId);
      return refund?.payout?.sentAt ? refund : undefined;
    });
    const payouts = new DynamoPayoutStore();
    const at = new Date().toISOString();
    const settle = (asRead?: string) =>
      payouts.settle(
        pending,
        { settledAt: at, settledAmount: 12900, providerRef: pending.payout?.providerRef ?? '', flags: [] },
        { at, status: 'REFUNDED', actor: 'SYSTEM', detailCode: 'PAYOUT_FOUND_SETTLED' },
        asRead,
      );
    crashOnce.add(refundId);
    await expect(settle()).rejects.toThrow('connection reset');
    expect((await store.getRefund(refundId))?.status).toBe('PAYOUT_PENDING');
    expect(await lineOf('o-settle-recovered')).toMatchObject({ refundedUnits: 1, refundedAmount: 12900 });
    expect(await settle(pending.updatedAt)).toBe(true);
    expect((await store.getRefund(refundId))?.status).toBe('REFUNDED');
    expect(await lineOf('o-settle-recovered')).toEqual({
      reservedUnits: 0,
      reservedAmount: 0,
      refundedUnits: 1,
      refundedAmount: 12900,
    });
  });
});
