import { describe, expect, it } from 'vitest';
import { newRefund } from '../../functions/domain/application.ts';
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

  it('never reveals another buyer’s order', () => {
    expect(() => newRefund('r-1', order, 'buyer-2', { orderId: 'o-1', reason: 'OTHER' }, now)).toThrow(
      /order not found/,
    );
  });

  it('refuses more than the remainder', () => {
    expect(() =>
      newRefund('r-1', order, 'buyer-1', { orderId: 'o-1', reason: 'OTHER', amount: 10001 }, now),
    ).toThrowError(expect.objectContaining({ code: 'REFUND_EXCEEDS_REFUNDABLE', statusCode: 409 }));
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
