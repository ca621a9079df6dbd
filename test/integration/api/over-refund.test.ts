/**
 * Money follows lines, through the HTTP API (issue 14, points 4 and 5). One runtime for the file.
 *
 * First with the lifecycle running (small refunds of unshipped orders are approved and paid at once): a unit once
 * refunded cannot be refunded again, an amount above the named units is refused, a discount is shared pro rata, and
 * refund-options says what is left per line. Then without it, under load: many concurrent applications on one order
 * never take more units of a line than were ordered, more of a line than its share, or more of the order than was
 * paid, and every refusal is a clear 409 or 422.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUND_PARTITION_PREFIX } from '../../../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { withoutLifecycle } from '../../support/no-lifecycle.ts';
import { scanAll, storedOrder } from '../../support/payouts.ts';
import { type Actors, actors, scenarios, statusOf, uniqueId } from '../../support/steps.ts';

let client: Client;

beforeAll(async () => {
  client = await startTestRuntime();
});
afterAll(() => client.runtime.stop());

const REFUSALS = new Set([
  'ITEMS_EXCEED_REFUNDABLE',
  'AMOUNT_EXCEEDS_ITEMS',
  'REFUND_EXCEEDS_REFUNDABLE',
  'NOTHING_REFUNDABLE',
]);
const random = (max: number) => 1 + Math.floor(Math.random() * max);
type Line = { sku: string; unitPrice: number; quantity: number };

async function putOrder(
  who: Actors,
  lines: Line[],
  paidAmount: number,
  more: Partial<Parameters<typeof anOrderBody>[0]> = {},
): Promise<string> {
  const orderId = uniqueId('lines');
  const items = lines.map((l) => ({ ...l, name: `Item ${l.sku}`, category: 'GENERAL' as const }));
  const body = anOrderBody({ userId: who.buyerId, merchantId: who.merchantId, paidAmount, items, ...more });
  expect((await client.call('PUT', `/v1/orders/${orderId}`, { token: who.system, body })).status).toBe(201);
  return orderId;
}

const apply = (who: Actors, orderId: string, body: Record<string, unknown>, key = uniqueId('key')) =>
  client.call('POST', '/v1/refunds', {
    token: who.buyer,
    headers: { 'idempotency-key': key },
    body: { orderId, reason: 'NO_LONGER_NEEDED', ...body },
  });

async function optionsOf(who: Actors, orderId: string) {
  const got = await client.call('GET', `/v1/orders/${orderId}/refund-options`, { token: who.buyer });
  expect(got.status).toBe(200);
  return got.body as {
    maxAmount: number;
    items: { sku: string; quantity: number; refundableQuantity: number; refundableAmount: number }[];
  };
}

/** The order's line tallies as stored, by sku, and the refunds of the order as the table holds them. */
async function stored(orderId: string) {
  const item = (await storedOrder(client.runtime, orderId)) ?? {};
  const counter = (sku: string, name: string) => Number(item[`line#${sku}#${name}`] ?? 0);
  const refunds = (await scanAll(client.runtime, MAIN_TABLE)).filter(
    (i) => String(i.pk).startsWith(REFUND_PARTITION_PREFIX) && i.orderId === orderId,
  );
  return { item, counter, refunds };
}

describe('issue 14.4: an order of 2 × A and 1 × B, one A refunded and paid', () => {
  let who: Actors;
  let orderId: string;
  let first: Awaited<ReturnType<typeof apply>>;

  beforeAll(async () => {
    who = await actors(client);
    orderId = await putOrder(
      who,
      [
        { sku: 'A', unitPrice: 1000, quantity: 2 },
        { sku: 'B', unitPrice: 3000, quantity: 1 },
      ],
      5000,
    );
    first = await apply(who, orderId, { items: [{ sku: 'A', quantity: 1 }] });
    expect(first.status, first.text).toBe(201);
    await statusOf(client, who, first.body.refundId, 'REFUNDED');
  });

  it('put the refund on the line: 1 × A, worth 1,000', () => {
    expect(first.body.items).toEqual([{ sku: 'A', quantity: 1, amount: 1000 }]);
  });

  it('shows one A and all of B left in refund-options', async () => {
    const options = await optionsOf(who, orderId);
    expect(
      options.items.map(({ sku, refundableQuantity, refundableAmount }) => [sku, refundableQuantity, refundableAmount]),
    ).toEqual([
      ['A', 1, 1000],
      ['B', 1, 3000],
    ]);
    expect(options.maxAmount).toBe(4000);
    const { counter } = await stored(orderId);
    expect([counter('A', 'heldUnits'), counter('A', 'refundedUnits'), counter('A', 'refundedAmount')]).toEqual([
      1, 1, 1000,
    ]);
  });

  it('refuses 2 × A with 422 ITEMS_EXCEED_REFUNDABLE and writes nothing', async () => {
    const before = await stored(orderId);
    const refused = await apply(who, orderId, { items: [{ sku: 'A', quantity: 2 }] });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'ITEMS_EXCEED_REFUNDABLE',
      details: { sku: 'A', requested: 2, refundableQuantity: 1, refundableAmount: 1000 },
    });
    const after = await stored(orderId);
    expect(after.item).toEqual(before.item);
    expect(after.refunds).toHaveLength(before.refunds.length);
  });

  it('still refunds the last A and the whole of B, and no more', async () => {
    const lastA = await apply(who, orderId, { items: [{ sku: 'A', quantity: 1 }] });
    expect(lastA.status, lastA.text).toBe(201);
    const b = await apply(who, orderId, { items: [{ sku: 'B', quantity: 1 }] });
    expect(b.status, b.text).toBe(201);
    expect(b.body.amount).toBe(3000);
    await statusOf(client, who, lastA.body.refundId, 'REFUNDED');
    await statusOf(client, who, b.body.refundId, 'REFUNDED');
    const again = await apply(who, orderId, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NOTHING_REFUNDABLE');
    const { item, counter } = await stored(orderId);
    expect(item.refundedAmount).toBe(5000);
    expect([counter('A', 'refundedUnits'), counter('A', 'refundedAmount')]).toEqual([2, 2000]);
    expect([counter('B', 'refundedUnits'), counter('B', 'refundedAmount')]).toEqual([1, 3000]);
  });
});

describe('issue 14.5: an amount above what the named items are worth', () => {
  it('is refused with 422 AMOUNT_EXCEEDS_ITEMS before it can be paid, and writes nothing', async () => {
    const who = await actors(client);
    // Small enough for instant approval: had it been accepted, it would have been paid at once.
    const orderId = await putOrder(
      who,
      [
        { sku: 'cheap', unitPrice: 100, quantity: 1 },
        { sku: 'dear', unitPrice: 4000, quantity: 1 },
      ],
      4100,
    );
    const refused = await apply(who, orderId, { items: [{ sku: 'cheap', quantity: 1 }], amount: 4100 });
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'AMOUNT_EXCEEDS_ITEMS',
      details: { requested: 4100, itemsAmount: 100, items: [{ sku: 'cheap', quantity: 1, refundableAmount: 100 }] },
    });
    const { item, refunds } = await stored(orderId);
    expect(item.refundedAmount).toBe(0);
    expect(refunds).toHaveLength(0);
    const fair = await apply(who, orderId, { items: [{ sku: 'cheap', quantity: 1 }], amount: 100 });
    expect(fair.status, fair.text).toBe(201);
  });
});

describe('a discounted order (3 × A and 1 × B at 1,000, paid 3,001)', () => {
  it('shares the discount pro rata, puts the rounding on the last unit, and refunds exactly what was paid', async () => {
    const who = await actors(client);
    const orderId = await putOrder(
      who,
      [
        { sku: 'A', unitPrice: 1000, quantity: 3 },
        { sku: 'B', unitPrice: 1000, quantity: 1 },
      ],
      3001,
    );
    const options = await optionsOf(who, orderId);
    expect(options.items.map((i) => i.refundableAmount)).toEqual([2251, 750]);
    expect(options.maxAmount).toBe(3001);
    const tooMuch = await apply(who, orderId, { items: [{ sku: 'A', quantity: 1 }], amount: 1000 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.details.itemsAmount).toBe(750);
    const amounts: number[] = [];
    for (const items of [[{ sku: 'A', quantity: 1 }], [{ sku: 'A', quantity: 2 }], undefined]) {
      const applied = await apply(who, orderId, items ? { items } : {});
      expect(applied.status, applied.text).toBe(201);
      amounts.push(applied.body.amount);
    }
    expect(amounts).toEqual([750, 1501, 750]);
    expect((await optionsOf(who, orderId)).maxAmount).toBe(0);
  });
});

// With its lifecycle: the refund waits for its return, and the wait's task holds the token a cancellation takes.
describe('a cancelled refund', () => {
  let who: Actors;

  beforeAll(async () => {
    who = await actors(client);
  });

  it('gives the units and the amount back when a refund is cancelled', async () => {
    const lines = [{ sku: 'A', unitPrice: 1000, quantity: 2 }];
    // Delivered goods come back first (not approved at once, as an unshipped order is), so the buyer may cancel.
    const orderId = await putOrder(who, lines, 2000, scenarios.deliveredDaysAgo(2));
    const taken = await apply(who, orderId, { items: [{ sku: 'A', quantity: 2 }] });
    expect(taken.status).toBe(201);
    expect((await apply(who, orderId, { items: [{ sku: 'A', quantity: 1 }] })).status).toBe(422);
    const cancelled = await client.call('POST', `/v1/refunds/${taken.body.refundId}/cancel`, { token: who.buyer });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect((await optionsOf(who, orderId)).items[0]).toMatchObject({ refundableQuantity: 2, refundableAmount: 2000 });
    // Several refunds in progress may take different units of one line.
    expect((await apply(who, orderId, { items: [{ sku: 'A', quantity: 1 }] })).status).toBe(201);
    expect((await apply(who, orderId, { items: [{ sku: 'A', quantity: 1 }] })).status).toBe(201);
    const { counter, item } = await stored(orderId);
    expect([counter('A', 'heldUnits'), counter('A', 'heldAmount'), item.refundedAmount]).toEqual([2, 2000, 2000]);
  });
});

describe('an order pushed again by the order system', () => {
  let who: Actors;

  beforeAll(async () => {
    who = await actors(client);
  });

  it('replaces its facts: an optional fact left out is gone, not kept from the last push', async () => {
    const lines = [{ sku: 'A', unitPrice: 1000, quantity: 1 }];
    const orderId = await putOrder(who, lines, 1000, {
      buyer: { creditScore: 900, accountCreatedAt: '2024-01-01T00:00:00.000Z' },
      paymentRef: '2026120122001400001',
      redeemed: false,
    });
    const items = lines.map((l) => ({ ...l, name: `Item ${l.sku}`, category: 'GENERAL' as const }));
    const again = anOrderBody({ userId: who.buyerId, merchantId: who.merchantId, paidAmount: 1000, items });
    const { buyer: _b, paymentRef: _p, redeemed: _r, ...withoutOptional } = again;
    const pushed = await client.call('PUT', `/v1/orders/${orderId}`, { token: who.system, body: withoutOptional });
    expect(pushed.status, pushed.text).toBe(200);
    const { item } = await stored(orderId);
    expect(item.buyer).toBeUndefined();
    expect(item.paymentRef).toBeUndefined();
    expect(item.redeemed).toBeUndefined();
  });

  it('refuses to change whose refunds they are or how they are paid while refunds hold any of it (409), and changes nothing', async () => {
    const lines = [{ sku: 'A', unitPrice: 1000, quantity: 1 }];
    const orderId = await putOrder(who, lines, 1000, { ...scenarios.deliveredDaysAgo(2), paymentMethod: 'ALIPAY' });
    expect((await apply(who, orderId, {})).status).toBe(201);
    const items = lines.map((l) => ({ ...l, name: `Item ${l.sku}`, category: 'GENERAL' as const }));
    const base = {
      userId: who.buyerId,
      merchantId: who.merchantId,
      paidAmount: 1000,
      items,
      ...scenarios.deliveredDaysAgo(2),
    };
    for (const change of [
      { paymentMethod: 'WECHAT_PAY' as const },
      { userId: 'someone-else' },
      { merchantId: 'other-shop' },
    ]) {
      const refused = await client.call('PUT', `/v1/orders/${orderId}`, {
        token: who.system,
        body: anOrderBody({ ...base, paymentMethod: 'ALIPAY', ...change }),
      });
      expect(refused.status, JSON.stringify(change)).toBe(409);
      expect(refused.body.error.code).toBe('ORDER_HELD_BY_REFUNDS');
    }
    const { item } = await stored(orderId);
    expect([item.paymentMethod, item.userId, item.merchantId]).toEqual(['ALIPAY', who.buyerId, who.merchantId]);
  });
});

describe('under load, without lifecycles', () => {
  let who: Actors;

  beforeAll(async () => {
    who = await actors(client);
    withoutLifecycle();
  });

  /** 200 concurrent applications; every answer is 201 or a known refusal, and the order holds what was accepted. */
  async function storm(orderId: string, body: (i: number) => Record<string, unknown>) {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => apply(who, orderId, body(i), `${orderId}-${i}`)),
    );
    for (const a of answers) {
      expect([201, 409, 422], a.text).toContain(a.status);
      if (a.status !== 201) expect(REFUSALS).toContain(a.body.error.code);
    }
    const accepted = answers.filter((a) => a.status === 201).map((a) => a.body);
    const { item, counter } = await stored(orderId);
    const reserved = accepted.reduce((sum, r) => sum + r.amount, 0);
    expect(item.refundedAmount).toBe(reserved);
    expect(reserved).toBeLessThanOrEqual(Number(item.paidAmount));
    return { accepted, answers, item, counter };
  }

  /** Per line: the stored tallies are the sums over the accepted refunds, within the line's units and share. */
  function expectLinesHeld(
    lines: Line[],
    shares: number[],
    accepted: { items: { sku: string; quantity: number; amount: number }[] }[],
    counter: (sku: string, name: string) => number,
  ) {
    lines.forEach((line, i) => {
      const parts = accepted.flatMap((r) => r.items.filter((x) => x.sku === line.sku));
      const units = parts.reduce((sum, x) => sum + x.quantity, 0);
      const amount = parts.reduce((sum, x) => sum + x.amount, 0);
      expect([counter(line.sku, 'heldUnits'), counter(line.sku, 'heldAmount')]).toEqual([units, amount]);
      expect(units).toBeLessThanOrEqual(line.quantity);
      expect(amount).toBeLessThanOrEqual(shares[i] ?? 0);
    });
  }

  it('200 whole-order applications: one takes the order, the rest are refused', async () => {
    const orderId = await putOrder(who, [{ sku: 'tea-1', unitPrice: 12900, quantity: 1 }], 12900);
    const { accepted } = await storm(orderId, () => ({ amount: random(12900) }));
    expect(accepted).toHaveLength(1);
  });

  it('200 applications for different lines of a discounted order: each line within its share', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => ({ sku: `line-${i}`, unitPrice: 500, quantity: 1 }));
    // Half price: every line's share is 250. Odd requests ask for more than that.
    const orderId = await putOrder(who, lines, 50_000);
    const { accepted, answers, counter } = await storm(orderId, (i) => ({
      items: [{ sku: `line-${i}`, quantity: 1 }],
      amount: i % 2 ? 250 + random(250) : random(250),
    }));
    expect(accepted).toHaveLength(100);
    expect(answers.filter((a) => a.body?.error?.code === 'AMOUNT_EXCEEDS_ITEMS')).toHaveLength(100);
    expectLinesHeld(lines, Array(200).fill(250), accepted, counter);
  });

  it('200 applications racing for the same units: no line gives more units or money than it has', async () => {
    const lines = [
      { sku: 'A', unitPrice: 3000, quantity: 5 },
      { sku: 'B', unitPrice: 1999, quantity: 3 },
      { sku: 'C', unitPrice: 12345, quantity: 2 },
    ];
    // Discounted from 45,687: shares 9,850 / 3,938 / 16,212 (largest remainder gives A and B the two left over).
    const orderId = await putOrder(who, lines, 30_000);
    const shares = [9850, 3938, 16212];
    const options = await optionsOf(who, orderId);
    expect(options.items.map((i) => i.refundableAmount)).toEqual(shares);
    const { accepted, counter, item } = await storm(orderId, (i) => {
      const picked = lines.filter((_, j) => (i >> j) & 1 || j === i % 3);
      const items = picked.map((l) => ({ sku: l.sku, quantity: random(2) }));
      // A third leave the amount to its default, a third ask a little, a third ask a lot.
      return i % 3 === 0 ? { items } : { items, amount: i % 3 === 1 ? random(2000) : random(20_000) };
    });
    expect(accepted.length).toBeGreaterThan(1);
    expectLinesHeld(lines, shares, accepted, counter);
    console.log(
      `same-units storm: ${accepted.length} accepted, ${item.refundedAmount} of ${item.paidAmount} reserved, units`,
      lines.map((l) => `${l.sku} ${counter(l.sku, 'heldUnits')}/${l.quantity}`).join(', '),
    );
  });
});
