import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Application, newRefund as newRefundUnder } from '../../functions/domain/application.ts';
import { allocate, lineRefundsOf, lineShares, MAX_LINES_PER_REFUND, unitsValue } from '../../functions/domain/order.ts';
import { loadPolicy } from '../../functions/domain/policy/load.ts';
import type { Order, Refund } from '../../functions/domain/refund.ts';
import { refundOptionsView } from '../../functions/domain/refund-options.ts';
import { defaultPolicy } from '../../functions/domain/rules/index.ts';

const newRefund = (...args: [string, Order, string, Application, string]) => newRefundUnder(...args, defaultPolicy());

import { anOrder } from '../support/builders.ts';

const order = anOrder({
  orderId: 'o-1',
  userId: 'buyer-1',
  paidAmount: 10000,
  items: [
    { sku: 'a', name: 'Apples', category: 'FRESH', unitPrice: 3000, quantity: 2 },
    { sku: 'b', name: 'Bowl', category: 'GENERAL', unitPrice: 4000, quantity: 1 },
  ],
  fulfillment: { status: 'DELIVERED', deliveredAt: '2026-11-22T10:00:00.000Z' },
  refundedAmount: 0,
});
const now = '2026-11-23T00:00:00.000Z';

describe('a new application', () => {
  it('refunds everything still refundable when no amount is given', () => {
    const refund = newRefund(
      'r-1',
      { ...order, refundedAmount: 2500 },
      'buyer-1',
      { orderId: 'o-1', reason: 'OTHER' },
      now,
    );
    expect(refund).toMatchObject({ amount: 7500, status: 'SUBMITTED', scenario: 'DELIVERED', destination: 'ORIGINAL' });
    expect(refund.timeline).toEqual([{ at: now, status: 'SUBMITTED', actor: 'BUYER', actorId: 'buyer-1' }]);
  });

  it('values chosen items at their price and follows the strictest category among them', () => {
    const refund = newRefund(
      'r-1',
      order,
      'buyer-1',
      { orderId: 'o-1', reason: 'DAMAGED', items: [{ sku: 'a', quantity: 1 }] },
      now,
    );
    expect(refund.amount).toBe(3000);
    expect(refund.category).toBe('FRESH');
  });

  it('ranks the categories of a mixed order in the policy’s one order, as the refund options do', () => {
    const mixed: Order = {
      ...order,
      items: [
        { sku: 'v', name: 'Gift card', category: 'VIRTUAL', unitPrice: 5000, quantity: 1 },
        { sku: 'f', name: 'Cherries', category: 'FRESH', unitPrice: 5000, quantity: 1 },
      ],
    };
    const refund = newRefund('r-1', mixed, 'buyer-1', { orderId: 'o-1', reason: 'QUALITY_ISSUE' }, now);
    expect(defaultPolicy().categoryStrictness.indexOf('FRESH')).toBeLessThan(
      defaultPolicy().categoryStrictness.indexOf('VIRTUAL'),
    );
    expect(refund.category).toBe('FRESH');
  });

  it('never reveals another buyer’s order', () => {
    expect(() => newRefund('r-1', order, 'buyer-2', { orderId: 'o-1', reason: 'OTHER' }, now)).toThrow(
      /order not found/,
    );
  });

  it('refuses more than the remainder', () => {
    expect(() =>
      newRefund('r-1', order, 'buyer-1', { orderId: 'o-1', reason: 'OTHER', amount: 10001 }, now),
    ).toThrowError(expect.objectContaining({ code: 'REFUND_EXCEEDS_REFUNDABLE', kind: 'conflict' }));
  });

  it('refuses items the order does not have, or more of them than were bought', () => {
    expect(() =>
      newRefund('r-1', order, 'buyer-1', { orderId: 'o-1', reason: 'OTHER', items: [{ sku: 'z', quantity: 1 }] }, now),
    ).toThrow(/not in the order/);
    expect(() =>
      newRefund('r-1', order, 'buyer-1', { orderId: 'o-1', reason: 'OTHER', items: [{ sku: 'a', quantity: 3 }] }, now),
    ).toThrow(/more than was ordered/);
  });

  it('says so when nothing is left to refund', () => {
    expect(() =>
      newRefund('r-1', { ...order, refundedAmount: 10000 }, 'buyer-1', { orderId: 'o-1', reason: 'OTHER' }, now),
    ).toThrowError(expect.objectContaining({ code: 'NOTHING_REFUNDABLE' }));
  });
});

/** Issue 14, points 4 and 5: money follows the lines. 2 × A at 1,000 and 1 × B at 3,000, paid in full. */
describe('an application against the order lines', () => {
  const lined: Order = {
    ...order,
    paidAmount: 5000,
    items: [
      { sku: 'A', name: 'Cup', category: 'GENERAL', unitPrice: 1000, quantity: 2 },
      { sku: 'B', name: 'Pot', category: 'GENERAL', unitPrice: 3000, quantity: 1 },
    ],
  };
  /** The order after `refund`, as the store keeps it (reserved; `paid` moves it to refunded). */
  const withRefund = (o: Order, refund: Refund, paid = false): Order => {
    const lines = { ...o.lines };
    for (const item of refund.items ?? []) {
      const held = lineRefundsOf(o, item.sku);
      const amount = item.amount ?? 0;
      lines[item.sku] = paid
        ? { ...held, refundedUnits: held.refundedUnits + item.quantity, refundedAmount: held.refundedAmount + amount }
        : { ...held, reservedUnits: held.reservedUnits + item.quantity, reservedAmount: held.reservedAmount + amount };
    }
    return { ...o, refundedAmount: o.refundedAmount + refund.amount, lines };
  };
  const apply = (o: Order, application: Partial<Application>) =>
    newRefund('r-x', o, 'buyer-1', { orderId: 'o-1', reason: 'OTHER', ...application }, now);

  it('refuses a unit already refunded: 1 × A paid, then 2 × A is ITEMS_EXCEED_REFUNDABLE, B stays whole', () => {
    const first = apply(lined, { items: [{ sku: 'A', quantity: 1 }] });
    expect(first).toMatchObject({ amount: 1000, items: [{ sku: 'A', quantity: 1, amount: 1000 }] });
    const paid = withRefund(lined, first, true);
    expect(() => apply(paid, { items: [{ sku: 'A', quantity: 2 }] })).toThrowError(
      expect.objectContaining({
        code: 'ITEMS_EXCEED_REFUNDABLE',
        kind: 'unprocessable',
        details: { sku: 'A', requested: 2, refundableQuantity: 1, refundableAmount: 1000 },
      }),
    );
    expect(apply(paid, { items: [{ sku: 'A', quantity: 1 }] }).amount).toBe(1000);
    expect(apply(paid, { items: [{ sku: 'B', quantity: 1 }] }).amount).toBe(3000);
    // Without items: every unit left, worth what is left.
    expect(apply(paid, {})).toMatchObject({
      amount: 4000,
      items: [
        { sku: 'A', quantity: 1, amount: 1000 },
        { sku: 'B', quantity: 1, amount: 3000 },
      ],
    });
  });

  it('counts reserved units like refunded ones, so two refunds in progress cannot take the same unit', () => {
    const reserved = withRefund(lined, apply(lined, { items: [{ sku: 'A', quantity: 2 }] }));
    expect(() => apply(reserved, { items: [{ sku: 'A', quantity: 1 }] })).toThrowError(
      expect.objectContaining({ code: 'ITEMS_EXCEED_REFUNDABLE' }),
    );
    expect(apply(reserved, {}).items).toEqual([{ sku: 'B', quantity: 1, amount: 3000 }]);
  });

  it('refuses an amount above what the named units are worth (AMOUNT_EXCEEDS_ITEMS), whatever the order paid', () => {
    expect(() => apply(lined, { items: [{ sku: 'A', quantity: 1 }], amount: 5000 })).toThrowError(
      expect.objectContaining({
        code: 'AMOUNT_EXCEEDS_ITEMS',
        kind: 'unprocessable',
        details: { requested: 5000, itemsAmount: 1000, items: [{ sku: 'A', quantity: 1, refundableAmount: 1000 }] },
      }),
    );
    expect(apply(lined, { items: [{ sku: 'A', quantity: 1 }], amount: 400 }).items).toEqual([
      { sku: 'A', quantity: 1, amount: 400 },
    ]);
  });

  it('pro-rates a discount over the lines, the rounding on the last unit, and adds up to what was paid', () => {
    // 3 × A at 1,000 and 1 × B at 1,000, paid 3,001: A's share 2,251 (largest remainder), B's 750.
    const discounted: Order = {
      ...lined,
      paidAmount: 3001,
      items: [
        { sku: 'A', name: 'Cup', category: 'GENERAL', unitPrice: 1000, quantity: 3 },
        { sku: 'B', name: 'Pot', category: 'GENERAL', unitPrice: 1000, quantity: 1 },
      ],
    };
    expect(lineShares(discounted)).toEqual([2251, 750]);
    const one = apply(discounted, { items: [{ sku: 'A', quantity: 1 }] });
    expect(one.amount).toBe(750);
    expect(() => apply(discounted, { items: [{ sku: 'A', quantity: 1 }], amount: 751 })).toThrowError(
      expect.objectContaining({ code: 'AMOUNT_EXCEEDS_ITEMS' }),
    );
    const rest = apply(withRefund(discounted, one), { items: [{ sku: 'A', quantity: 2 }] });
    expect(rest.amount).toBe(1501);
    const last = apply(withRefund(withRefund(discounted, one), rest), {});
    expect(last.items).toEqual([{ sku: 'B', quantity: 1, amount: 750 }]);
    expect(one.amount + rest.amount + last.amount).toBe(3001);
  });

  it('splits an amount over the lines in proportion to their worth, never above a line’s worth', () => {
    const refund = apply(lined, { amount: 2501 });
    expect(refund.items).toEqual([
      { sku: 'A', quantity: 2, amount: 1000 },
      { sku: 'B', quantity: 1, amount: 1501 },
    ]);
  });

  it('keeps one refund within what the store can condition in one write', () => {
    const many: Order = {
      ...lined,
      paidAmount: 101 * 100,
      items: Array.from({ length: 101 }, (_, i) => ({
        sku: `s${i}`,
        name: `S${i}`,
        category: 'GENERAL' as const,
        unitPrice: 100,
        quantity: 1,
      })),
    };
    expect(() => apply(many, {})).toThrowError(
      expect.objectContaining({ code: 'TOO_MANY_LINES', details: { lines: 101, max: MAX_LINES_PER_REFUND } }),
    );
    expect(apply(many, { items: [{ sku: 's7', quantity: 1 }] }).amount).toBe(100);
  });

  it('treats an order stored before lines were tracked as holding nothing per line, within its remainder', () => {
    const legacy = { ...lined, refundedAmount: 4500 };
    expect(apply(legacy, {}).amount).toBe(500);
    expect(() => apply(legacy, { items: [{ sku: 'B', quantity: 1 }], amount: 600 })).toThrowError(
      expect.objectContaining({ code: 'REFUND_EXCEEDS_REFUNDABLE', details: { requested: 600, refundable: 500 } }),
    );
  });
});

describe('what a line is worth', () => {
  const orders = fc
    .array(fc.record({ unitPrice: fc.integer({ min: 0, max: 50_000 }), quantity: fc.integer({ min: 1, max: 7 }) }), {
      minLength: 1,
      maxLength: 6,
    })
    .chain((lines) => {
      const listed = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
      return fc.record({
        lines: fc.constant(lines),
        // Discounted, full price or with a surcharge (shipping).
        paidAmount: fc.integer({ min: 1, max: Math.max(1, Math.ceil(listed * 1.2)) }),
      });
    })
    .map(
      ({ lines, paidAmount }): Order => ({
        ...order,
        paidAmount,
        items: lines.map((l, i) => ({ sku: `l${i}`, name: `L${i}`, category: 'GENERAL', ...l })),
      }),
    );

  it('adds up to paidAmount exactly over the lines, and unit by unit to each line’s share', () => {
    fc.assert(
      fc.property(orders, (o) => {
        const shares = lineShares(o);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(o.paidAmount);
        for (const [i, item] of o.items.entries()) {
          const share = shares[i] ?? 0;
          expect(share).toBeGreaterThanOrEqual(0);
          let paid = 0;
          for (let unit = 0; unit < item.quantity; unit++) {
            paid += unitsValue({ quantity: item.quantity, share, heldUnits: unit, heldAmount: paid }, 1);
          }
          expect(paid).toBe(share);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splits any amount with largest remainder: exact total, no part above its weight', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 8 }), fc.nat(), (w, n) => {
        const total = w.reduce((a, b) => a + b, 0);
        const amount = total === 0 ? 0 : n % (total + 1);
        const parts = allocate(
          amount,
          w.map((x) => BigInt(x)),
        );
        expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
        parts.forEach((p, i) => {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(w[i] ?? 0);
        });
      }),
    );
  });
});

describe('the refund-options view of the lines', () => {
  it('shows what is left per line and a maxAmount that is their sum, the default of an application', () => {
    const discounted: Order = {
      ...order,
      fulfillment: { status: 'NOT_SHIPPED' },
      paidAmount: 3001,
      items: [
        { sku: 'A', name: 'Cup', category: 'GENERAL', unitPrice: 1000, quantity: 3 },
        { sku: 'B', name: 'Pot', category: 'GENERAL', unitPrice: 1000, quantity: 1 },
      ],
      refundedAmount: 750,
      lines: { A: { reservedUnits: 0, reservedAmount: 0, refundedUnits: 1, refundedAmount: 750 } },
    };
    const view = refundOptionsView(discounted, { refundCount90d: 0, refundsLast24h: 0 }, loadPolicy('prod'), 'en', now);
    expect(
      view.items.map(({ sku, quantity, refundableQuantity, refundableAmount }) => [
        sku,
        quantity,
        refundableQuantity,
        refundableAmount,
      ]),
    ).toEqual([
      ['A', 3, 2, 1501],
      ['B', 1, 1, 750],
    ]);
    expect(view.maxAmount).toBe(2251);
    expect(newRefund('r-1', discounted, 'buyer-1', { orderId: 'o-1', reason: 'OTHER' }, now).amount).toBe(
      view.maxAmount,
    );
  });
});
