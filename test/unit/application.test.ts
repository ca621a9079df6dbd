import { describe, expect, it } from 'vitest';
import { newRefund as newRefundUnder } from '../../functions/domain/application.ts';
import type { Order } from '../../functions/domain/refund.ts';
import { defaultPolicy } from '../../functions/domain/rules/index.ts';

const newRefund = (...args: [string, Order, string, Parameters<typeof newRefundUnder>[3], string]) =>
  newRefundUnder(...args, defaultPolicy());

const order: Order = {
  orderId: 'o-1',
  userId: 'buyer-1',
  merchantId: 'm-1',
  currency: 'CNY',
  paidAmount: 10000,
  paymentMethod: 'ALIPAY',
  paidAt: '2026-11-20T10:00:00.000Z',
  items: [
    { sku: 'a', name: 'Apples', category: 'FRESH', unitPrice: 3000, quantity: 2 },
    { sku: 'b', name: 'Bowl', category: 'GENERAL', unitPrice: 4000, quantity: 1 },
  ],
  fulfillment: { status: 'DELIVERED', deliveredAt: '2026-11-22T10:00:00.000Z' },
  refundedAmount: 0,
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
};
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
