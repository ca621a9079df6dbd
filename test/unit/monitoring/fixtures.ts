/**
 * Given-steps for the monitoring tests: a valid refund and order with sensible defaults, overridable per test.
 */
import type { Order, Payout, Refund } from '../../../functions/domain/refund.ts';

export const NOW = '2026-11-26T12:00:00.000Z';

/** A refund that is waiting for its payout, created an hour before NOW. */
export function aRefund(overrides: Partial<Refund> = {}): Refund {
  return {
    refundId: 'r-1',
    orderId: 'o-1',
    userId: 'u-1',
    merchantId: 'm-1',
    amount: 12900,
    currency: 'CNY',
    reason: 'NO_LONGER_NEEDED',
    scenario: 'NOT_SHIPPED',
    category: 'GENERAL',
    destination: 'ORIGINAL',
    status: 'SUBMITTED',
    timeline: [{ at: '2026-11-26T11:00:00.000Z', status: 'SUBMITTED', actor: 'BUYER', actorId: 'u-1' }],
    createdAt: '2026-11-26T11:00:00.000Z',
    updatedAt: '2026-11-26T11:00:00.000Z',
    ...overrides,
  };
}

/** A payout sent by Alipay, promised for the given time. */
export function aPayout(overrides: Partial<Payout> = {}): Payout {
  return {
    method: 'ALIPAY',
    destination: 'ORIGINAL',
    amount: 12900,
    promisedBy: '2026-11-26T11:30:00.000Z',
    sentAt: '2026-11-25T11:00:00.000Z',
    providerRef: 'ali-1',
    ...overrides,
  };
}

/** A refund in PAYOUT_PENDING with the given payout. */
export function aRefundWithPayout(payout: Partial<Payout> = {}, overrides: Partial<Refund> = {}): Refund {
  return aRefund({
    status: 'PAYOUT_PENDING',
    payout: aPayout(payout),
    timeline: [{ at: '2026-11-25T11:00:00.000Z', status: 'PAYOUT_PENDING', actor: 'SYSTEM' }],
    ...overrides,
  });
}

/** An order paid 129.00 CNY with nothing refunded yet. */
export function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'o-1',
    userId: 'u-1',
    merchantId: 'm-1',
    currency: 'CNY',
    paidAmount: 12900,
    paymentMethod: 'ALIPAY',
    paidAt: '2026-11-20T08:00:00.000Z',
    items: [{ sku: 'sku-1', name: 'Tea', category: 'GENERAL', unitPrice: 12900, quantity: 1 }],
    fulfillment: { status: 'NOT_SHIPPED' },
    refundedAmount: 0,
    createdAt: '2026-11-20T08:00:00.000Z',
    updatedAt: '2026-11-20T08:00:00.000Z',
    ...overrides,
  };
}

/** `hours` before NOW, as an ISO string. */
export function hoursAgo(hours: number): string {
  return new Date(Date.parse(NOW) - hours * 3_600_000).toISOString();
}
