/**
 * Reading ledger entries for the monitor (partition per refund: keys.ts `ledgerPartition`, `sk = entryId`, plus the
 * `day` attribute of the byDay index); entries are parsed, never cast.
 */
import * as z from 'zod/mini';
import type { LedgerMovement } from '../../domain/monitoring/index.ts';

const movementSchema = z.object({
  refundId: z.string(),
  kind: z.string(),
  amount: z.number(),
  providerRef: z.optional(z.string()),
  currency: z.optional(z.string()),
  orderId: z.optional(z.string()),
  at: z.optional(z.string()),
});

/** A stored entry as a movement the duplicate detector understands; undefined for anything else. */
export function movementFromItem(item: Record<string, unknown>): LedgerMovement | undefined {
  const parsed = movementSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const { providerRef, currency, orderId, at, ...rest } = parsed.data;
  return {
    ...rest,
    ...(providerRef ? { providerRef } : {}),
    ...(currency ? { currency } : {}),
    ...(orderId ? { orderId } : {}),
    ...(at ? { at } : {}),
  };
}
