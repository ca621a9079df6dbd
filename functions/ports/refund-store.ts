/** Where orders and refunds live. The DynamoDB adapter implements it; the domain never sees DynamoDB. */
import type { OrderRefund } from '../domain/order-summary.ts';
import type { Decision, NextStep, Order, Payout, Refund, TimelineEvent } from '../domain/refund.ts';
import type { RefundStatus } from '../domain/vocabulary.ts';

/** A buyer's recent orders are counted up to this many: the refund rate it divides is as low as it goes by then. */
export const RECENT_ORDERS_COUNTED = 1000;

export type { OrderRefund } from '../domain/order-summary.ts';

/** What the order system says about an order; the refund service keeps the rest (reservations, line tallies). */
export type OrderFacts = Omit<Order, 'refundedAmount' | 'lines' | 'createdAt' | 'updatedAt'>;

export interface RefundChange {
  status?: RefundStatus;
  /** Appended to the timeline. */
  event?: TimelineEvent;
  /** Appended after `event`, in the same write (an approval and the payout it records). */
  laterEvents?: TimelineEvent[];
  /** Becomes the refund's `decision` and is appended to its `decisions` (the history is never rewritten). */
  decision?: Decision;
  /** Recorded with status PAYOUT_PENDING, the payout is outstanding until settled (the monitor watches it). */
  payout?: Payout;
  /** `null` clears the next step (nothing is expected of anyone). */
  nextStep?: NextStep | null;
  /** The lifecycle step the refund enters (see domain/lifecycle.ts). */
  step?: string;
  /** Arbitrary extra attributes owned by later capabilities (evidence, return shipment, task token). */
  extra?: Record<string, unknown>;
}

/** How a wait is claimed (RefundStore.claimWait). */
export interface ClaimOptions {
  release?: boolean;
  reduceTo?: Pick<Refund, 'amount' | 'items'>;
  /**
   * Only while this is the refund's inspection task (`inspection.taskId`): an inspector's verdict on a task an SLA
   * reassignment already replaced claims nothing, even once the next round's wait holds a token again.
   */
  inspectionTaskId?: string;
  /**
   * Only while this is the refund's review task (`review.taskId`): a reviewer's decision on a task the SLA reassigned
   * to someone else claims nothing, even once the next round's wait holds a token again (it would take the next
   * reviewer's token, and leave their task open for ever).
   */
  reviewTaskId?: string;
  /**
   * A person's action at this moment: claimed only while the wait's deadline (`nextStep.dueBy`) is after it. Between
   * the deadline and the moment the workflow's timer fires and its timeout claims the wait, the token is still on the
   * refund; without this a late answer took it, and the policy's answer for silence (a declined offer, an approval)
   * never applied. The timeout's own claim does not pass it.
   */
  actedAt?: string;
  /**
   * Only while this is the refund's offer (`offer.at`): the buyer's answer, and the amount it pays, were worked out
   * from the offer read. The token alone does not say that: a decline in another tab and a new offer give the wait a
   * new token, which this claim would otherwise take with the old offer's amount.
   */
  offerAt?: string;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface RefundStore {
  /**
   * Creates or replaces the order facts (an optional fact left out is removed, not kept from the last push); keeps
   * `refundedAmount` and the line tallies. Throws Conflict PAID_BELOW_REFUNDED if paidAmount < refunded,
   * ORDER_HELD_BY_REFUNDS if the buyer, merchant, currency or payment method change while refunds hold any of the order
   * (whose refunds they are, how they are paid), and ITEMS_HELD_BY_REFUNDS if the items do (what a line is worth, and
   * so every refund's bounds, follows from the items).
   */
  putOrder(facts: OrderFacts, now: string): Promise<{ order: Order; created: boolean }>;
  getOrder(orderId: string): Promise<Order | undefined>;
  /**
   * Creates the refund and reserves its amount and its lines' units and amounts (`refund.items`) on the order in one
   * transaction, only if afterwards no line holds more units than were ordered or more than its share of what was
   * paid (domain/order.ts) and the order no more than was paid. Otherwise throws what `refusalOf` says of the order
   * as it is now (ItemsExceedRefundable, AmountExceedsItems, RefundExceedsPaidAmount), Conflict ORDER_CHANGED when
   * its paid amount or items changed since `order` (the version the caller read, which the bounds come from), or
   * ActiveRefundExists while a refund from before lines were tracked still locks a line. A refund whose items carry
   * no amounts (made outside domain/application.ts, as some tests do) reserves its amount only. Returns false when
   * a refund with this id already exists (a retried request), true when it was created.
   */
  createRefund(refund: Refund, order: Order): Promise<boolean>;
  /**
   * The refund, or undefined. `consistent`: a strongly consistent read (twice the read units), wherever the refund is
   * read right after a write: another function's that started this one (a workflow task: Assess, Wait, the timeout,
   * the payout run, the failure step; an upload's processing; a webhook, a recovery's re-send), or the caller's own
   * (answering or notifying with what it just wrote). An eventually consistent read there can return the refund as it
   * was before: a step would end as if there were nothing to pay, a wait would find no inspection to assign and leave
   * the refund without a token, an answer would show the state before the person's action. Plain reads (a page, an
   * access check before a conditional write) stay eventually consistent.
   */
  getRefund(refundId: string, options?: { consistent?: boolean }): Promise<Refund | undefined>;
  /** The buyer's refunds created at or after `since` (amount and time only), for risk scoring. */
  recentRefunds(userId: string, since: string): Promise<{ refundId: string; amount: number; createdAt: string }[]>;
  /** How many of the buyer's orders were paid since `since` (counted up to RECENT_ORDERS_COUNTED). */
  recentOrderCount(userId: string, since: string): Promise<number>;
  /** A merchant's refunds, optionally in one status, newest first within the status. */
  listRefundsByMerchant(
    merchantId: string,
    options: { status?: string; cursor?: string; limit: number },
  ): Promise<Page<Refund>>;
  listRefundsByUser(
    userId: string,
    options: { orderId?: string; cursor?: string; limit: number },
  ): Promise<Page<Refund>>;
  /**
   * Applies a change if the refund is in one of `from` (when given). Throws InvalidTransition otherwise.
   * Returns the refund after the change. `known`, the refund as the caller already read it, spares the store a read
   * (only its fixed attributes are used; the condition is checked on what is stored).
   */
  updateRefund(
    refundId: string,
    change: RefundChange,
    from?: readonly RefundStatus[],
    known?: Pick<Refund, 'refundId' | 'merchantId' | 'createdAt' | 'status'>,
  ): Promise<Refund>;
  /**
   * Ends a refund without payment (cancelled, rejected): the status change and the release of its reservation on
   * the order (its amount, and its lines' units and amounts) happen in one transaction, only from the statuses in
   * `from`.
   */
  closeUnpaid(refund: Refund, change: RefundChange, from: readonly RefundStatus[]): Promise<Refund>;
  /**
   * Stores the task token of the wait the refund is in, only if the refund is still in step `wait`
   * (throws InvalidTransition otherwise: it moved on, e.g. was cancelled), with `extra` attributes in the same write
   * (the review or inspection task prepared for the person).
   */
  holdWait(refundId: string, wait: string, taskToken: string, extra?: Record<string, unknown>): Promise<void>;
  /**
   * Records that the refund's merchant was (about to be) reminded of the deadline `dueBy`, only if the refund still
   * waits in `step` with that deadline and nobody recorded this reminder before. True for the one caller that
   * recorded it (who then sends the reminder), false for every other (a concurrent or repeated monitor run, a refund
   * that moved on): the once-only guard of DEADLINE_SOON (app/remind-deadlines.ts).
   */
  markReminded(refundId: string, step: string, dueBy: string): Promise<boolean>;
  /**
   * Takes the task token of a waiting refund and applies `change`, atomically, only if the refund waits in one of
   * `waits`. Returns the token, which the caller then resumes; a second caller finds no token and gets
   * Conflict NOT_WAITING, so a wait is resumed exactly once. With `release` the refund ends unpaid in the same
   * transaction: its reservation on the order and its lines are released (as in closeUnpaid). With `reduceTo` (an
   * accepted partial offer) the refund's amount and line amounts become those given, and the order gives back the
   * difference (its reserved amount and each line's held amount; the units stay held), in the same transaction.
   */
  claimWait(
    refund: Pick<Refund, 'refundId' | 'orderId' | 'merchantId' | 'createdAt' | 'status' | 'amount' | 'items'>,
    waits: readonly string[],
    change: RefundChange,
    options?: ClaimOptions,
  ): Promise<string>;
  /**
   * A buyer's orders (the projections the order system pushed), newest paid first, a page at a time; `cursor` is
   * opaque and only valid for this buyer's list (ValidationFailed otherwise).
   */
  listOrdersByUser(userId: string, options: { cursor?: string; limit: number }): Promise<Page<Order>>;
  /**
   * The buyer's refunds on any of `orderIds` created at or after `since` (id, order, status and time only), newest
   * first: what the orders list says of each order's refund.
   */
  refundsOnOrders(userId: string, orderIds: readonly string[], since: string): Promise<OrderRefund[]>;
}
