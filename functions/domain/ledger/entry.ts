/**
 * The payout ledger's entry model. Every money movement is an append-only entry whose id is derived from what it
 * records, so a retried write (Lambda retry, duplicate webhook) produces the same id and a conditional put
 * (attribute_not_exists) turns it into a no-op. Pure: no clock, no I/O.
 */
import { cstDate } from '../payout/calendar.ts';
import type { PayoutMethod } from '../payout/promise.ts';
import type { IsoTime } from '../vocabulary.ts';

/**
 * RESERVED: refund amount held against the order's paid amount. RELEASED: that hold dropped (cancel, reject).
 * SENT: a payout attempt accepted by the provider. SETTLED: the provider confirmed money arrived (actual amount).
 * FAILED: the provider reported the attempt failed. REVERSED: settled money came back (bank return, clawback).
 * BONUS: platform money added on top for a balance/coupon destination.
 */
export const LEDGER_KINDS = ['RESERVED', 'SENT', 'SETTLED', 'FAILED', 'REVERSED', 'BONUS', 'RELEASED'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Kinds tied to one provider attempt: their id carries the providerRef. */
const ATTEMPT_KINDS: ReadonlySet<LedgerKind> = new Set(['SENT', 'SETTLED', 'FAILED', 'REVERSED']);

export interface LedgerEntry {
  /** `${refundId}#${kind}#${providerRef or seq}`: deterministic, so rewriting the same movement is a no-op. */
  entryId: string;
  refundId: string;
  kind: LedgerKind;
  /** Minor units, never negative; the kind gives the direction. */
  amount: number;
  currency: string;
  /** Who moves the money: 'alipay', 'wechat', a bank adapter, 'sandbox', 'platform' for balance/coupon. */
  provider: string;
  method: PayoutMethod;
  /** Present on attempt kinds. */
  providerRef?: string;
  at: IsoTime;
  /** CST business date of `at`, the reconciliation day (providers settle per CST day). */
  day: string;
  orderId?: string;
  detail?: string;
}

/** What a caller supplies; the id and day are derived. */
export interface LedgerEntryInput {
  refundId: string;
  kind: LedgerKind;
  amount: number;
  currency: string;
  provider: string;
  method: PayoutMethod;
  at: IsoTime;
  providerRef?: string;
  /** For non-attempt kinds: which occurrence (1 for the first reservation, 2 after a re-reservation…). @default 1 */
  seq?: number;
  orderId?: string;
  detail?: string;
}

/** The deterministic id; attempt kinds need the providerRef, the others a sequence number. */
export function ledgerEntryId(refundId: string, kind: LedgerKind, providerRefOrSeq: string | number): string {
  return `${refundId}#${kind}#${providerRefOrSeq}`;
}

/** Builds a validated entry. Throws RangeError on a float/negative amount or an attempt kind without providerRef. */
export function ledgerEntry(input: LedgerEntryInput): LedgerEntry {
  if (!Number.isSafeInteger(input.amount) || input.amount < 0) {
    throw new RangeError(`ledger amount must be a non-negative integer: ${input.amount}`);
  }
  if (!/^[A-Z]{3}$/.test(input.currency)) throw new RangeError(`not an ISO-4217 currency: ${input.currency}`);
  const attempt = ATTEMPT_KINDS.has(input.kind);
  if (attempt && !input.providerRef) throw new RangeError(`${input.kind} entries need a providerRef`);
  const { seq, ...rest } = input;
  const key = attempt ? (input.providerRef ?? '') : (seq ?? 1);
  return {
    ...rest,
    entryId: ledgerEntryId(input.refundId, input.kind, key),
    at: new Date(input.at).toISOString(),
    day: cstDate(input.at),
  };
}

/** Keeps the first entry per id: what an append-only store with conditional puts would hold. */
export function dedupeEntries(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const seen = new Map<string, LedgerEntry>();
  for (const e of entries) if (!seen.has(e.entryId)) seen.set(e.entryId, e);
  return [...seen.values()];
}
