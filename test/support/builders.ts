/**
 * Builders for the domain records every test needs: an order, a refund, a payout, each valid as it stands and typed
 * with the domain types (functions/domain/refund.ts). Override what a test is about and pass explicitly any value
 * the test asserts on; leave the rest to the defaults, which all builders agree on: order o-1 of buyer-1 at
 * merchant-1, paid 129.00 CNY by Alipay, and refund r-1 of all of it.
 *
 * Plain data: no test framework, so the benchmarks and in-memory fakes can import it.
 */
import { type LedgerEntryInput, ledgerEntry } from '../../functions/domain/ledger/entry.ts';
import type { Order, Payout, Refund, TimelineEvent } from '../../functions/domain/refund.ts';
import type { OrderFacts } from '../../functions/ports/refund-store.ts';

/** When the default order was paid (and stored). */
export const PAID_AT = '2026-11-20T10:00:00.000Z';
/** When the default refund was applied for. */
export const APPLIED_AT = '2026-11-26T11:00:00.000Z';

/** What the order system PUTs to /v1/orders/{orderId}: the order without its id and the fields the pipeline keeps. */
export type OrderBody = Omit<OrderFacts, 'orderId'>;

/** The body of `PUT /v1/orders/{orderId}` for one tea, 129.00 CNY paid by Alipay, not shipped yet. */
export function anOrderBody(overrides: Partial<OrderBody> = {}): OrderBody {
  return {
    userId: 'buyer-1',
    merchantId: 'merchant-1',
    currency: 'CNY',
    paidAmount: 12900,
    paymentMethod: 'ALIPAY',
    paidAt: PAID_AT,
    items: [{ sku: 'tea-1', name: 'Longjing tea 250g', category: 'GENERAL', unitPrice: 12900, quantity: 1 }],
    fulfillment: { status: 'NOT_SHIPPED' },
    ...overrides,
  };
}

/** Order o-1 as stored: the body above with nothing refunded yet. */
export function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'o-1',
    ...anOrderBody(),
    refundedAmount: 0,
    createdAt: PAID_AT,
    updatedAt: PAID_AT,
    ...overrides,
  };
}

/**
 * Refund r-1 of the whole of order o-1. Unless the timeline is given, the refund entered its status when it was
 * created: by the buyer's application (SUBMITTED) or by the system (any other status).
 */
export function aRefund(overrides: Partial<Refund> = {}): Refund {
  const userId = overrides.userId ?? 'buyer-1';
  const status = overrides.status ?? 'SUBMITTED';
  const createdAt = overrides.createdAt ?? APPLIED_AT;
  const entered: TimelineEvent =
    status === 'SUBMITTED'
      ? { at: createdAt, status, actor: 'BUYER', actorId: userId }
      : { at: createdAt, status, actor: 'SYSTEM' };
  return {
    refundId: 'r-1',
    orderId: 'o-1',
    userId,
    merchantId: 'merchant-1',
    amount: 12900,
    currency: 'CNY',
    reason: 'NO_LONGER_NEEDED',
    scenario: 'NOT_SHIPPED',
    category: 'GENERAL',
    destination: 'ORIGINAL',
    status,
    timeline: [entered],
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

/** 129.00 CNY sent back by Alipay the day before APPLIED_AT, promised for half an hour after it. */
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

/** A refund in PAYOUT_PENDING since its payout was sent. */
export function aRefundWithPayout(payout: Partial<Payout> = {}, overrides: Partial<Refund> = {}): Refund {
  const sent = aPayout(payout);
  return aRefund({
    status: 'PAYOUT_PENDING',
    payout: sent,
    timeline: [{ at: sent.sentAt ?? APPLIED_AT, status: 'PAYOUT_PENDING', actor: 'SYSTEM' }],
    ...overrides,
  });
}

/** A refund with an order and a buyer of its own (order-<id>, buyer-<id>), for tests that store several. */
export const ownIds = (refundId: string) => ({ refundId, orderId: `order-${refundId}`, userId: `buyer-${refundId}` });

/** A ledger movement of a sandbox Alipay payout (CNY), keyed by the refund's own providerRef; `over` changes any field. */
export const aLedgerMove = (
  refundId: string,
  kind: LedgerEntryInput['kind'],
  amount: number,
  at: string,
  over: Partial<LedgerEntryInput> = {},
) =>
  ledgerEntry({
    refundId,
    kind,
    amount,
    currency: 'CNY',
    provider: 'sandbox',
    method: 'ALIPAY',
    providerRef: `sbx_${refundId}`,
    at,
    ...over,
  });
