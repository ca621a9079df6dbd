/**
 * The RefundStore port in memory, with the same guarantees the DynamoDB adapter gives through conditions: an order's
 * reservations never exceed what was paid, no line holds more units than were ordered or more than its share of
 * what was paid, a status change happens only from the allowed statuses, and a wait's task token is taken once.
 * For use-case tests that need no Java.
 */
import { isDeepStrictEqual } from 'node:util';
import { HELD_ORDER_FACTS, orderHeldByRefunds } from '../../../functions/adapters/dynamodb/refund-store.ts';
import { refusalOf } from '../../../functions/domain/application.ts';
import {
  ActiveRefundExists,
  Conflict,
  InvalidTransition,
  NotFound,
  TooManyLines,
  ValidationFailed,
} from '../../../functions/domain/errors.ts';
import { MAX_LINES_PER_REFUND } from '../../../functions/domain/order.ts';
import type { LineRefunds, Order, Refund, RefundLine, TimelineEvent } from '../../../functions/domain/refund.ts';
import type { RefundStatus } from '../../../functions/domain/vocabulary.ts';
import {
  type ClaimOptions,
  type OrderFacts,
  type OrderRefund,
  type Page,
  RECENT_ORDERS_COUNTED,
  type RefundChange,
  type RefundStore,
} from '../../../functions/ports/refund-store.ts';

type Tally = { units: number; amount: number };
/** As the DynamoDB item keeps it: per line, held (reserved or refunded) and, of that, refunded. */
type StoredOrder = Omit<Order, 'lines'> & {
  held: Map<string, Tally>;
  refunded: Map<string, Tally>;
  /** Line locks of refunds from before lines were tracked (tests put them here to play a migrated order). */
  activeLines: Set<string>;
};
type HeldLine = RefundLine & { amount: number };

/** The lines a refund holds units of; none for a refund from before lines were tracked (no amounts). */
function heldLines(refund: Pick<Refund, 'items'>): HeldLine[] {
  const items = refund.items ?? [];
  return items.every((i): i is HeldLine => typeof i.amount === 'number') ? items : [];
}

function addTo(tallies: Map<string, Tally>, lines: readonly HeldLine[], sign: 1 | -1): void {
  for (const line of lines) {
    const tally = tallies.get(line.sku) ?? { units: 0, amount: 0 };
    tallies.set(line.sku, { units: tally.units + sign * line.quantity, amount: tally.amount + sign * line.amount });
  }
}

const copy = <T>(value: T): T => structuredClone(value);

export class InMemoryRefundStore implements RefundStore {
  readonly orders = new Map<string, StoredOrder>();
  readonly refunds = new Map<string, Refund & { taskToken?: string }>();

  async putOrder(facts: OrderFacts, now: string) {
    const existing = this.orders.get(facts.orderId);
    if (existing && existing.refundedAmount > facts.paidAmount) {
      throw new Conflict('PAID_BELOW_REFUNDED', 'paidAmount cannot be lowered below what is already refunded');
    }
    if (existing && existing.refundedAmount > 0 && HELD_ORDER_FACTS.some((k) => existing[k] !== facts[k])) {
      throw orderHeldByRefunds();
    }
    if (existing && existing.refundedAmount > 0 && !isDeepStrictEqual(existing.items, facts.items)) {
      throw new Conflict('ITEMS_HELD_BY_REFUNDS', 'the items cannot change while refunds hold any of the order');
    }
    const order: StoredOrder = {
      ...copy(facts),
      refundedAmount: existing?.refundedAmount ?? 0,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      held: existing?.held ?? new Map(facts.items.map((i) => [i.sku, { units: 0, amount: 0 }])),
      refunded: existing?.refunded ?? new Map(),
      activeLines: existing?.activeLines ?? new Set(),
    };
    this.orders.set(facts.orderId, order);
    return { order: this.orderView(order), created: !existing };
  }

  async getOrder(orderId: string) {
    const order = this.orders.get(orderId);
    return order ? this.orderView(order) : undefined;
  }

  async createRefund(refund: Refund, order: Order) {
    if (this.refunds.has(refund.refundId)) return false;
    const current = this.orders.get(refund.orderId);
    if (!current) throw new NotFound('order');
    const lines = heldLines(refund);
    if (lines.length > MAX_LINES_PER_REFUND) throw new TooManyLines(lines.length, MAX_LINES_PER_REFUND);
    // The bounds come from the version the caller read; the write holds only if it is still the current one.
    if (current.paidAmount !== order.paidAmount || !isDeepStrictEqual(current.items, order.items)) {
      throw new Conflict('ORDER_CHANGED', 'the order changed; retry');
    }
    const refusal = refusalOf(this.orderView(current), refund);
    if (refusal) throw refusal;
    if (current.activeLines.size > 0) throw new ActiveRefundExists(undefined);
    current.refundedAmount += refund.amount;
    addTo(current.held, lines, 1);
    this.refunds.set(refund.refundId, copy(refund));
    return true;
  }

  /** Always as last written: memory has no replicas (`consistent` changes nothing here). */
  async getRefund(refundId: string, _options?: { consistent?: boolean }) {
    const refund = this.refunds.get(refundId);
    if (!refund) return undefined;
    const { taskToken: _token, ...rest } = copy(refund);
    return rest;
  }

  async recentRefunds(userId: string, since: string) {
    return [...this.refunds.values()]
      .filter((r) => r.userId === userId && r.createdAt >= since)
      .map(({ refundId, amount, createdAt }) => ({ refundId, amount, createdAt }));
  }

  async recentOrderCount(userId: string, since: string) {
    const count = [...this.orders.values()].filter((o) => o.userId === userId && o.paidAt >= since).length;
    return Math.min(count, RECENT_ORDERS_COUNTED);
  }

  async listRefundsByMerchant(merchantId: string, options: { status?: string; cursor?: string; limit: number }) {
    return this.page((r) => r.merchantId === merchantId && (!options.status || r.status === options.status), options);
  }

  async listRefundsByUser(userId: string, options: { orderId?: string; cursor?: string; limit: number }) {
    return this.page((r) => r.userId === userId && (!options.orderId || r.orderId === options.orderId), options);
  }

  async updateRefund(refundId: string, change: RefundChange, from?: readonly RefundStatus[]) {
    const refund = this.refunds.get(refundId);
    if (!refund) throw new NotFound('refund');
    if (from?.length && !from.includes(refund.status)) {
      throw new InvalidTransition(refund.status, `move to ${change.status ?? 'update'}`);
    }
    this.apply(refund, change);
    return (await this.getRefund(refundId)) as Refund;
  }

  async closeUnpaid(refund: Refund, change: RefundChange, from: readonly RefundStatus[]) {
    const stored = this.refunds.get(refund.refundId);
    if (!stored) throw new NotFound('refund');
    if (!from.includes(stored.status)) throw new InvalidTransition(stored.status, `move to ${change.status}`);
    this.apply(stored, { ...change, extra: { ...change.extra, taskToken: undefined } });
    this.release(stored);
    return (await this.getRefund(refund.refundId)) as Refund;
  }

  /** The deadline each refund's merchant was last reminded of (the adapter's `remindedDueBy`). */
  readonly reminded = new Map<string, string>();

  async markReminded(refundId: string, step: string, dueBy: string) {
    const refund = this.refunds.get(refundId);
    if (!refund || refund.step !== step || refund.nextStep?.dueBy !== dueBy) return false;
    if (this.reminded.get(refundId) === dueBy) return false;
    this.reminded.set(refundId, dueBy);
    return true;
  }

  async holdWait(refundId: string, wait: string, taskToken: string, extra: Record<string, unknown> = {}) {
    const refund = this.refunds.get(refundId);
    if (!refund || refund.step !== wait) throw new InvalidTransition('MOVED_ON', `wait in ${wait}`);
    refund.taskToken = taskToken;
    Object.assign(refund, structuredClone(extra));
  }

  async claimWait(
    refund: Pick<Refund, 'refundId'>,
    waits: readonly string[],
    change: RefundChange,
    options: ClaimOptions = {},
  ) {
    const stored = this.refunds.get(refund.refundId);
    const token = stored?.taskToken;
    const otherTask =
      (options.inspectionTaskId && stored?.inspection?.taskId !== options.inspectionTaskId) ||
      (options.reviewTaskId && stored?.review?.taskId !== options.reviewTaskId);
    const late = options.actedAt && stored?.nextStep?.dueBy && stored.nextStep.dueBy <= options.actedAt;
    const otherOffer = options.offerAt !== undefined && stored?.offer?.at !== options.offerAt;
    if (!stored || !token || !waits.includes(String(stored.step)) || otherTask || late || otherOffer) {
      throw new Conflict(
        'NOT_WAITING',
        'the refund is not waiting for this action (already decided, timed out or closed)',
      );
    }
    if (options.reduceTo) this.reduce(stored, options.reduceTo);
    this.apply(stored, { ...change, extra: { ...change.extra, taskToken: undefined } });
    if (options.release) this.release(stored);
    return token;
  }

  /** The task token a wait holds (what Step Functions gave the Wait task), for tests that play the workflow. */
  tokenOf(refundId: string): string | undefined {
    return this.refunds.get(refundId)?.taskToken;
  }

  private apply(refund: Refund & { taskToken?: string }, change: RefundChange): void {
    const at = change.event?.at ?? new Date().toISOString();
    if (change.status) refund.status = change.status;
    if (change.event) refund.timeline.push(copy(change.event));
    for (const event of change.laterEvents ?? []) refund.timeline.push(copy(event));
    if (change.decision) {
      refund.decision = copy(change.decision);
      refund.decisions = [...(refund.decisions ?? []), copy(change.decision)];
    }
    if (change.payout) refund.payout = copy(change.payout);
    if (change.step) refund.step = change.step;
    if (change.nextStep === null) delete refund.nextStep;
    else if (change.nextStep) refund.nextStep = copy(change.nextStep);
    for (const [attribute, value] of Object.entries(change.extra ?? {})) {
      if (value === undefined) Reflect.deleteProperty(refund, attribute);
      else Reflect.set(refund, attribute, copy(value));
    }
    refund.updatedAt = at;
  }

  /**
   * The order side of PayoutStore.settle, with the status change: the refund is REFUNDED and its lines count as
   * refunded (they stay held). For tests that play the payout; false if it was not waiting for its money.
   */
  settle(refundId: string, at: string): boolean {
    const refund = this.refunds.get(refundId);
    if (!refund || !['PAYOUT_PENDING', 'PAYOUT_FAILED'].includes(refund.status) || refund.payout?.settledAt) {
      return false;
    }
    const event: TimelineEvent = { at, status: 'REFUNDED', actor: 'SYSTEM' };
    this.apply(refund, { status: 'REFUNDED', event, nextStep: null });
    if (refund.payout) refund.payout.settledAt = at;
    const order = this.orders.get(refund.orderId);
    if (order) {
      addTo(order.refunded, heldLines(refund), 1);
      for (const item of heldLines(refund).length ? [] : (refund.items ?? [])) order.activeLines.delete(item.sku);
    }
    return true;
  }

  /** An accepted partial offer: the order gives back the difference of the amount and of each line's amount. */
  private reduce(refund: Refund, after: Pick<Refund, 'amount' | 'items'>): void {
    const order = this.orders.get(refund.orderId);
    if (order) {
      order.refundedAmount -= refund.amount - after.amount;
      const before = heldLines(refund);
      const now = before.length ? heldLines(after) : [];
      before.forEach((line, i) => {
        const tally = order.held.get(line.sku) ?? { units: 0, amount: 0 };
        order.held.set(line.sku, {
          units: tally.units,
          amount: tally.amount - (line.amount - (now[i]?.amount ?? line.amount)),
        });
      });
    }
    refund.amount = after.amount;
    if (after.items) refund.items = copy(after.items);
  }

  private release(refund: Refund): void {
    const order = this.orders.get(refund.orderId);
    if (!order) return;
    order.refundedAmount -= refund.amount;
    const lines = heldLines(refund);
    addTo(order.held, lines, -1);
    if (!lines.length) for (const item of refund.items ?? []) order.activeLines.delete(item.sku);
  }

  async listOrdersByUser(userId: string, options: { cursor?: string; limit: number }): Promise<Page<Order>> {
    const all = [...this.orders.values()]
      .filter((o) => o.userId === userId)
      .sort((a, b) => `${b.paidAt}#${b.orderId}`.localeCompare(`${a.paidAt}#${a.orderId}`));
    // The cursor is the sort key of the last order shown, tagged with the buyer like the adapter's.
    let start = 0;
    if (options.cursor) {
      const [owner, after] = options.cursor.split('|');
      if (owner !== userId || !after) throw new ValidationFailed('cursor is not valid for this list');
      start = all.findIndex((o) => `${o.paidAt}#${o.orderId}` < after);
      if (start < 0) start = all.length;
    }
    const items = all.slice(start, start + options.limit);
    const last = items.at(-1);
    const more = start + options.limit < all.length && last;
    return {
      items: items.map((o) => this.orderView(o)),
      ...(more ? { cursor: `${userId}|${last.paidAt}#${last.orderId}` } : {}),
    };
  }

  async refundsOnOrders(userId: string, orderIds: readonly string[], since: string): Promise<OrderRefund[]> {
    return [...this.refunds.values()]
      .filter((r) => r.userId === userId && orderIds.includes(r.orderId) && r.createdAt >= since)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map(({ refundId, orderId, status, createdAt }) => ({ refundId, orderId, status, createdAt }));
  }

  private orderView(order: StoredOrder): Order {
    const { held, refunded, activeLines: _locks, ...rest } = order;
    const lines: Record<string, LineRefunds> = {};
    for (const [sku, tally] of held) {
      const paid = refunded.get(sku) ?? { units: 0, amount: 0 };
      lines[sku] = {
        reservedUnits: tally.units - paid.units,
        reservedAmount: tally.amount - paid.amount,
        refundedUnits: paid.units,
        refundedAmount: paid.amount,
      };
    }
    return { ...copy(rest), lines };
  }

  private page(match: (refund: Refund) => boolean, options: { cursor?: string; limit: number }): Page<Refund> {
    const all = [...this.refunds.values()].filter(match).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const start = options.cursor ? Number(options.cursor) : 0;
    const items = all.slice(start, start + options.limit).map((r) => {
      const { taskToken: _token, ...rest } = copy(r);
      return rest;
    });
    const next = start + options.limit;
    return { items, ...(next < all.length ? { cursor: String(next) } : {}) };
  }
}
