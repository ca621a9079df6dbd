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

/** The order's one line once its one refund is paid: nothing reserved, counted as refunded once. */
const REFUNDED_ONCE = { reservedUnits: 0, reservedAmount: 0, refundedUnits: 1, refundedAmount: 12900 };

/**
 * A refund whose payout is sent and left unsettled (the sandbox would settle it an hour later), and a settlement of
 * it through the payout store, as the webhook (`asRead` absent) or a recovery (`asRead`) would write it.
 */
async function sentAndUnsettled(orderId: string) {
  client.runtime.payments.setFaults({ latencyMs: { min: 3_600_000, max: 3_600_000 } });
  const refundId = await apply(orderId);
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
      { at, status: 'REFUNDED', actor: 'SYSTEM', detailCode: 'PAYOUT_SETTLED' },
      asRead,
    );
  const status = async () => (await store.getRefund(refundId))?.status;
  return { refundId, pending, settle, status };
}

describe('a settlement that crashed after counting the order', () => {
  it('is settled by the redelivery, and the order counts the refund once', async () => {
    const orderId = 'o-settle-crash';
    const refundId = await apply(orderId);
    // The sandbox settles 50–100 ms after the send: its first settlement of this refund crashes.
    crashOnce.add(refundId);
    const before = crashed;
    const done = await refunded(refundId);
    expect(crashed - before).toBe(1);
    expect(done.payout.settledAmount).toBe(12900);
    expect(await lineOf(orderId)).toEqual(REFUNDED_ONCE);
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
    // As two concurrent deliveries of the same callback would.
    const { settle, status } = await sentAndUnsettled('o-settle-twice');
    const results = await Promise.all([settle(), settle()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await status()).toBe('REFUNDED');
    expect(await lineOf('o-settle-twice')).toEqual(REFUNDED_ONCE);
  });
});

describe('a recovery settling a refund whose order a crashed settlement already counted', () => {
  it('settles the refund and leaves the order counted once', async () => {
    const { refundId, pending, settle, status } = await sentAndUnsettled('o-settle-recovered');
    crashOnce.add(refundId);
    await expect(settle()).rejects.toThrow('connection reset');
    expect(await status()).toBe('PAYOUT_PENDING');
    expect(await lineOf('o-settle-recovered')).toMatchObject({ refundedUnits: 1, refundedAmount: 12900 });
    expect(await settle(pending.updatedAt)).toBe(true);
    expect(await status()).toBe('REFUNDED');
    expect(await lineOf('o-settle-recovered')).toEqual(REFUNDED_ONCE);
  });
});
