/** Where orders and refunds live. The DynamoDB adapter implements it; the domain never sees DynamoDB. */
import type { Decision, NextStep, Order, Payout, Refund, TimelineEvent } from '../domain/refund.ts';
import type { RefundStatus } from '../domain/vocabulary.ts';

export type OrderFacts = Omit<Order, 'refundedAmount' | 'createdAt' | 'updatedAt'>;

export interface RefundChange {
  status?: RefundStatus;
  /** Appended to the timeline. */
  event?: TimelineEvent;
  decision?: Decision;
  payout?: Payout;
  /** `null` clears the next step (nothing is expected of anyone). */
  nextStep?: NextStep | null;
  /** Arbitrary extra attributes owned by later capabilities (evidence, return shipment, task token). */
  extra?: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface RefundStore {
  /** Creates or replaces the order facts; keeps `refundedAmount`. Throws Conflict if paidAmount < refunded. */
  putOrder(facts: OrderFacts, now: string): Promise<{ order: Order; created: boolean }>;
  getOrder(orderId: string): Promise<Order | undefined>;
  /**
   * Creates the refund and reserves its amount on the order in one transaction. Throws RefundExceedsPaidAmount
   * when the order's remainder is smaller, ActiveRefundExists when a line lock is held. Returns false when a
   * refund with this id already exists (a retried request), true when it was created. `order` is the version
   * the caller read; the order's lines locked are the skus in `refund.items`.
   */
  createRefund(refund: Refund, order: Order): Promise<boolean>;
  getRefund(refundId: string): Promise<Refund | undefined>;
  listRefundsByUser(
    userId: string,
    options: { orderId?: string; cursor?: string; limit: number },
  ): Promise<Page<Refund>>;
  /**
   * Applies a change if the refund is in one of `from` (when given). Throws InvalidTransition otherwise.
   * Returns the refund after the change.
   */
  updateRefund(refundId: string, change: RefundChange, from?: readonly RefundStatus[]): Promise<Refund>;
  /**
   * Ends a refund without payment (cancelled, rejected): the status change, the release of its reservation on
   * the order and of its line locks happen in one transaction, only from the statuses in `from`.
   */
  closeUnpaid(refund: Refund, change: RefundChange, from: readonly RefundStatus[]): Promise<Refund>;
}
