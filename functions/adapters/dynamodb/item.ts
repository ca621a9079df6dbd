/** Turning stored items back into domain records without trusting casts. */
import type { Order, Refund } from '../../domain/refund.ts';
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
  'taskToken',
  'activeLines',
]);

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k)));
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

export function refundFromItem(item: Record<string, unknown>): Refund {
  const value = stripKeys(item);
  if (!isRefund(value)) throw new CorruptItem(`stored refund ${String(item.pk)} is malformed`);
  return value;
}

export function orderFromItem(item: Record<string, unknown>): Order {
  const value = stripKeys(item);
  if (!isOrder(value)) throw new CorruptItem(`stored order ${String(item.pk)} is malformed`);
  return value;
}
