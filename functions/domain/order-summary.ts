/**
 * An order as its buyer's order list shows it (`GET /v1/orders`): the items with what is still refundable of each,
 * the order's state, and the refund the buyer would want to follow on it. Pure, so the list's rules are unit-tested
 * without I/O; the store reads the orders and their refunds (app/list-orders.ts).
 */
import { type OrderLineView, orderLinesView, refundableAmountOf, scenarioOf } from './order.ts';
import type { Order, Refund } from './refund.ts';
import { type Locale, statusLabel } from './status-labels.ts';
import { type IsoTime, type PaymentMethod, type RefundStatus, type Scenario, TERMINAL_STATUSES } from './vocabulary.ts';

/** What the orders list reads of a refund on one of the orders. */
export type OrderRefund = Pick<Refund, 'refundId' | 'orderId' | 'status' | 'createdAt'>;

export interface OrderSummary {
  orderId: string;
  merchantId: string;
  currency: string;
  paidAmount: number;
  paymentMethod: PaymentMethod;
  paidAt: IsoTime;
  /** The fulfillment state (NOT_SHIPPED, IN_TRANSIT, DELIVERED): what decides the refund's path. */
  scenario: Scenario;
  items: OrderLineView[];
  /** The most one application may ask now (refund-options' maxAmount); 0 when nothing is left. */
  refundableAmount: number;
  /**
   * The refund to follow on this order: the newest one still under way (`open`), else the newest that ended.
   * Absent when the buyer never applied on it.
   */
  refund?: { refundId: string; status: RefundStatus; statusLabel: string; open: boolean };
}

/** Whether a refund is still under way (not refunded, rejected or cancelled). */
export const isOpen = (status: RefundStatus): boolean => !TERMINAL_STATUSES.has(status);

/** The refund of `refunds` (any order) the list shows on `orderId`: the newest open one, else the newest. */
export function refundToFollow(orderId: string, refunds: readonly OrderRefund[]): OrderRefund | undefined {
  const mine = refunds.filter((r) => r.orderId === orderId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return mine.find((r) => isOpen(r.status)) ?? mine[0];
}

/** The list's view of `order`, given the buyer's refunds (of any of their orders). */
export function orderSummary(order: Order, refunds: readonly OrderRefund[], locale: Locale): OrderSummary {
  const refund = refundToFollow(order.orderId, refunds);
  return {
    orderId: order.orderId,
    merchantId: order.merchantId,
    currency: order.currency,
    paidAmount: order.paidAmount,
    paymentMethod: order.paymentMethod,
    paidAt: order.paidAt,
    scenario: scenarioOf(order),
    items: orderLinesView(order),
    refundableAmount: refundableAmountOf(order),
    ...(refund
      ? {
          refund: {
            refundId: refund.refundId,
            status: refund.status,
            statusLabel: statusLabel(refund.status, locale),
            open: isOpen(refund.status),
          },
        }
      : {}),
  };
}
