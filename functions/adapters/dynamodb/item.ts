/** Turning stored items back into domain records without trusting casts. */
import type { LineRefunds, Order, Refund } from '../../domain/refund.ts';
import { STATUSES } from '../../domain/vocabulary.ts';

/** Keys and internal bookkeeping that never leave the adapter. */
const KEY_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'gsi5pk',
  'gsi5sk',
  'gsi6pk',
  'gsi6sk',
  'taskToken',
  'activeLines',
  /** The refunds an order's lines already count as refunded (payout-store.ts `settle`): counted once each. */
  'settledRefunds',
  /** The deadline the merchant was last reminded of (app/remind-deadlines.ts); bookkeeping, not part of the refund. */
  'remindedDueBy',
]);

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k)));
}

/**
 * An order's line tallies are top-level number attributes of the order item, four per sku, so that one write can
 * ADD to them (ADD and if_not_exists reach top-level attributes only) and a condition can bound them:
 * - `heldUnits`, `heldAmount`: held by refunds, reserved or refunded (added when a refund is created, given back
 *   when it ends unpaid); the create condition keeps them within the line's units and share.
 * - `refundedUnits`, `refundedAmount`: of those, paid out (added when the payout settles).
 * A missing attribute counts as zero (orders stored before lines were tracked).
 */
export type LineCounter = 'heldUnits' | 'heldAmount' | 'refundedUnits' | 'refundedAmount';
const LINE_PREFIX = 'line#';
const LINE_COUNTERS: readonly string[] = ['heldUnits', 'heldAmount', 'refundedUnits', 'refundedAmount'];

/** The attribute that holds `counter` of the line `sku` (skus have no `#`: schemas/common.ts `id`). */
export const lineAttribute = (sku: string, counter: LineCounter) => `${LINE_PREFIX}${sku}#${counter}`;

/** The line tallies of a stored order item, by sku, and the item without them. */
function splitLines(item: Record<string, unknown>): {
  rest: Record<string, unknown>;
  lines: Record<string, LineRefunds> | undefined;
} {
  const rest: Record<string, unknown> = {};
  const counters = new Map<string, Partial<Record<LineCounter, number>>>();
  for (const [name, value] of Object.entries(item)) {
    const cut = name.lastIndexOf('#');
    const counter = name.slice(cut + 1);
    if (!name.startsWith(LINE_PREFIX) || cut < LINE_PREFIX.length || !LINE_COUNTERS.includes(counter)) {
      rest[name] = value;
      continue;
    }
    const sku = name.slice(LINE_PREFIX.length, cut);
    counters.set(sku, { ...counters.get(sku), [counter]: typeof value === 'number' ? value : 0 });
  }
  if (counters.size === 0) return { rest, lines: undefined };
  const lines: Record<string, LineRefunds> = {};
  for (const [sku, c] of counters) {
    const refundedUnits = c.refundedUnits ?? 0;
    const refundedAmount = c.refundedAmount ?? 0;
    lines[sku] = {
      reservedUnits: (c.heldUnits ?? 0) - refundedUnits,
      reservedAmount: (c.heldAmount ?? 0) - refundedAmount,
      refundedUnits,
      refundedAmount,
    };
  }
  return { rest, lines };
}

export class CorruptItem extends Error {
  override name = 'CorruptItem';
}

function isRefund(value: Record<string, unknown>): value is Record<string, unknown> & Refund {
  return (
    typeof value.refundId === 'string' &&
    typeof value.orderId === 'string' &&
    typeof value.amount === 'number' &&
    typeof value.status === 'string' &&
    (STATUSES as readonly string[]).includes(value.status) &&
    Array.isArray(value.timeline)
  );
}

function isOrder(value: Record<string, unknown>): value is Record<string, unknown> & Order {
  return (
    typeof value.orderId === 'string' &&
    typeof value.paidAmount === 'number' &&
    typeof value.refundedAmount === 'number' &&
    Array.isArray(value.items)
  );
}

/**
 * The refund an item holds. Its `decision` (the latest on the refund itself: a payout recovery joins the history
 * only) is read from its `decisions`, where it is stored once: it was also stored apart, which doubled the largest
 * part of the item and so the write units of every later step (expressions.ts). Items written before keep theirs.
 */
export function refundFromItem(item: Record<string, unknown>): Refund {
  const value = stripKeys(item);
  if (!isRefund(value)) throw new CorruptItem(`stored refund ${String(item.pk)} is malformed`);
  if (value.decision) return value;
  const latest = value.decisions?.findLast((d) => d.kind !== 'PAYOUT_RECOVERY');
  return latest ? { ...value, decision: latest } : value;
}

export function orderFromItem(item: Record<string, unknown>): Order {
  const { rest, lines } = splitLines(stripKeys(item));
  if (!isOrder(rest)) throw new CorruptItem(`stored order ${String(item.pk)} is malformed`);
  return lines ? { ...rest, lines } : rest;
}
