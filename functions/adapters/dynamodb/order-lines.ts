/**
 * The order item's line tallies in update and condition expressions (the attributes: ./item.ts `lineAttribute`).
 * DynamoDB allows no arithmetic in a condition, so the bounds are computed here from the order as the caller read it
 * (its paid amount and items, which the write checks are unchanged): a line may already hold at most
 * `quantity − units` units and `share − amount` minor units for the refund to fit. Placeholders are short
 * (`#h<base 36>`) because each expression is bounded at 4 KB and a refund may take MAX_LINES_PER_REFUND lines.
 */
import { lineShares } from '../../domain/order.ts';
import type { Order, Refund, RefundLine } from '../../domain/refund.ts';
import { lineAttribute } from './item.ts';

/** A refund's line that holds units and an amount on the order. */
export type HeldLine = RefundLine & { amount: number };

/** The expression pieces of one write on the order item, merged by the caller into its own. */
export interface LineExpressions {
  /** `ADD` clauses (without the keyword). */
  adds: string[];
  conditions: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

const tag = (i: number) => i.toString(36);

/**
 * The lines a refund holds units of. A refund from before lines were tracked (items without amounts) holds none:
 * it reserved its amount on the order and locked its skus in `activeLines` instead (see legacyLocks).
 */
export function heldLines(refund: Pick<Refund, 'items'>): HeldLine[] {
  const items = refund.items ?? [];
  return items.every((i): i is HeldLine => typeof i.amount === 'number') ? items : [];
}

/** The skus a refund from before lines were tracked locked on its order (`activeLines`), to unlock when it ends. */
export function legacyLocks(refund: Pick<Refund, 'items'>): string[] {
  const items = refund.items ?? [];
  return heldLines(refund).length === items.length ? [] : items.map((i) => i.sku);
}

/**
 * Taking `lines` on `order`: each line's held units and amount grow by the refund's, if they leave room for it.
 * Throws if a line is not in the order (the domain checked that before).
 */
export function holdExpressions(
  order: Pick<Order, 'paidAmount' | 'items'>,
  lines: readonly HeldLine[],
): LineExpressions {
  const shares = lineShares(order);
  const out: LineExpressions = { adds: [], conditions: [], names: {}, values: {} };
  lines.forEach((line, i) => {
    const at = order.items.findIndex((item) => item.sku === line.sku);
    const item = order.items[at];
    if (!item) throw new Error(`line ${line.sku} is not in the order`);
    const t = tag(i);
    out.names[`#h${t}`] = lineAttribute(line.sku, 'heldUnits');
    out.names[`#m${t}`] = lineAttribute(line.sku, 'heldAmount');
    Object.assign(out.values, {
      [`:q${t}`]: line.quantity,
      [`:a${t}`]: line.amount,
      [`:u${t}`]: item.quantity - line.quantity,
      [`:s${t}`]: (shares[at] ?? 0) - line.amount,
    });
    out.adds.push(`#h${t} :q${t}, #m${t} :a${t}`);
    out.conditions.push(`#h${t}<=:u${t} AND #m${t}<=:s${t}`);
  });
  return out;
}

/** Giving `lines` back (the refund ended unpaid): held units and amounts shrink by the refund's. */
export function releaseExpressions(lines: readonly HeldLine[]): LineExpressions {
  const out: LineExpressions = { adds: [], conditions: [], names: {}, values: {} };
  lines.forEach((line, i) => {
    const t = tag(i);
    out.names[`#h${t}`] = lineAttribute(line.sku, 'heldUnits');
    out.names[`#m${t}`] = lineAttribute(line.sku, 'heldAmount');
    Object.assign(out.values, {
      [`:q${t}`]: line.quantity,
      [`:a${t}`]: line.amount,
      [`:n${t}`]: -line.quantity,
      [`:o${t}`]: -line.amount,
    });
    out.adds.push(`#h${t} :n${t}, #m${t} :o${t}`);
    out.conditions.push(`#h${t}>=:q${t} AND #m${t}>=:a${t}`);
  });
  return out;
}

/**
 * Shrinking `before` to `after` (an accepted partial offer): each line's held amount gives back the difference; its
 * units stay held. `after` has the same lines in the same order (domain/partial-offer.ts `linesForAmount`).
 */
export function reduceExpressions(before: readonly HeldLine[], after: readonly HeldLine[]): LineExpressions {
  const out: LineExpressions = { adds: [], conditions: [], names: {}, values: {} };
  before.forEach((line, i) => {
    const given = line.amount - (after[i]?.amount ?? line.amount);
    if (given <= 0) return;
    const t = tag(i);
    out.names[`#m${t}`] = lineAttribute(line.sku, 'heldAmount');
    Object.assign(out.values, { [`:a${t}`]: given, [`:o${t}`]: -given });
    out.adds.push(`#m${t} :o${t}`);
    out.conditions.push(`#m${t}>=:a${t}`);
  });
  return out;
}

/** Marking `lines` refunded (the payout settled): they stay held, and the refunded tallies grow by the refund's. */
export function refundedExpressions(lines: readonly HeldLine[]): LineExpressions {
  const out: LineExpressions = { adds: [], conditions: [], names: {}, values: {} };
  lines.forEach((line, i) => {
    const t = tag(i);
    out.names[`#r${t}`] = lineAttribute(line.sku, 'refundedUnits');
    out.names[`#p${t}`] = lineAttribute(line.sku, 'refundedAmount');
    Object.assign(out.values, { [`:q${t}`]: line.quantity, [`:a${t}`]: line.amount });
    out.adds.push(`#r${t} :q${t}, #p${t} :a${t}`);
  });
  return out;
}

/**
 * `SET` clauses that create the held tallies of `skus` at zero where they are missing (a new order, or one stored
 * before lines were tracked), in chunks that keep each expression well inside 4 KB. The create condition then reads
 * them without `attribute_not_exists`, which keeps it short enough for MAX_LINES_PER_REFUND lines.
 */
export function initChunks(skus: readonly string[], size = 40): { sets: string[]; names: Record<string, string> }[] {
  const chunks: { sets: string[]; names: Record<string, string> }[] = [];
  for (let from = 0; from < skus.length; from += size) {
    const chunk = { sets: [] as string[], names: {} as Record<string, string> };
    skus.slice(from, from + size).forEach((sku, i) => {
      const t = tag(i);
      chunk.names[`#h${t}`] = lineAttribute(sku, 'heldUnits');
      chunk.names[`#m${t}`] = lineAttribute(sku, 'heldAmount');
      chunk.sets.push(`#h${t} = if_not_exists(#h${t}, :zero)`, `#m${t} = if_not_exists(#m${t}, :zero)`);
    });
    chunks.push(chunk);
  }
  return chunks;
}
