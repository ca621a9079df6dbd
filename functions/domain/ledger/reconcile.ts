/**
 * Reconciliation of payouts against provider confirmations: per provider, method, CST day and currency, what was
 * sent (net of attempts the provider failed) against what the provider settled, plus the per-refund problems finance
 * must chase. Pure over a list of entries, so the same function serves the monitor Lambda, the finance API and tests.
 */
import type { PayoutMethod } from '../payout/promise.ts';
import { dedupeEntries, type LedgerEntry } from './entry.ts';

/** Counts and minor-unit amounts for one group. difference = expected − settled; zero when all settled as sent. */
export interface ReconciliationTotals {
  sentCount: number;
  sentAmount: number;
  /** Attempts the provider failed and never settled: money that was not expected to arrive. */
  failedCount: number;
  failedAmount: number;
  settledCount: number;
  settledAmount: number;
  reversedCount: number;
  reversedAmount: number;
  differenceCount: number;
  differenceAmount: number;
}

export interface ReconciliationGroup extends ReconciliationTotals {
  provider: string;
  method: PayoutMethod;
  /** CST date of the SENT entry (of the SETTLED one when no SENT exists). */
  day: string;
  currency: string;
}

/**
 * SENT_NOT_SETTLED: accepted, no SETTLED or FAILED yet. AMOUNT_MISMATCH: settled amount ≠ sent amount.
 * SETTLED_TWICE: more than one settled attempt for a refund (net of reversals): money went out twice.
 * SETTLED_WITHOUT_SEND: the provider settled an attempt the ledger never recorded as sent.
 */
export type ReconciliationIssueKind = 'SENT_NOT_SETTLED' | 'AMOUNT_MISMATCH' | 'SETTLED_TWICE' | 'SETTLED_WITHOUT_SEND';

export interface ReconciliationIssue {
  kind: ReconciliationIssueKind;
  refundId: string;
  providerRef?: string;
  currency: string;
  sentAmount?: number;
  settledAmount?: number;
}

export interface ReconciliationReport {
  groups: ReconciliationGroup[];
  /** Sums of the groups per currency. */
  totals: Record<string, ReconciliationTotals>;
  issues: ReconciliationIssue[];
  /** No differences and no issues. */
  balanced: boolean;
}

interface Attempt {
  refundId: string;
  providerRef: string;
  sent?: LedgerEntry;
  settled?: LedgerEntry;
  failed?: LedgerEntry;
  reversed?: LedgerEntry;
}

const zero = (): ReconciliationTotals => ({
  sentCount: 0,
  sentAmount: 0,
  failedCount: 0,
  failedAmount: 0,
  settledCount: 0,
  settledAmount: 0,
  reversedCount: 0,
  reversedAmount: 0,
  differenceCount: 0,
  differenceAmount: 0,
});

function add(t: ReconciliationTotals, a: Attempt): void {
  if (a.sent) {
    t.sentCount++;
    t.sentAmount += a.sent.amount;
    if (a.failed && !a.settled) {
      t.failedCount++;
      t.failedAmount += a.sent.amount;
    }
  }
  if (a.settled) {
    t.settledCount++;
    t.settledAmount += a.settled.amount;
  }
  if (a.reversed) {
    t.reversedCount++;
    t.reversedAmount += a.reversed.amount;
  }
  t.differenceCount = t.sentCount - t.failedCount - t.settledCount;
  t.differenceAmount = t.sentAmount - t.failedAmount - t.settledAmount;
}

function sum(into: ReconciliationTotals, g: ReconciliationTotals): void {
  for (const k of Object.keys(into) as (keyof ReconciliationTotals)[]) into[k] += g[k];
}

function attemptsOf(entries: readonly LedgerEntry[]): Attempt[] {
  const attempts = new Map<string, Attempt>();
  for (const e of dedupeEntries(entries)) {
    if (!e.providerRef || !['SENT', 'SETTLED', 'FAILED', 'REVERSED'].includes(e.kind)) continue;
    const key = `${e.refundId}\u0000${e.providerRef}`;
    const a = attempts.get(key) ?? { refundId: e.refundId, providerRef: e.providerRef };
    if (e.kind === 'SENT') a.sent = e;
    else if (e.kind === 'SETTLED') a.settled = e;
    else if (e.kind === 'FAILED') a.failed = e;
    else a.reversed = e;
    attempts.set(key, a);
  }
  return [...attempts.values()];
}

function issuesOf(attempts: readonly Attempt[]): ReconciliationIssue[] {
  const issues: ReconciliationIssue[] = [];
  const settledPerRefund = new Map<string, Attempt[]>();
  for (const a of attempts) {
    const ref = a.sent ?? a.settled ?? a.failed ?? a.reversed;
    if (!ref) continue;
    const base = { refundId: a.refundId, providerRef: a.providerRef, currency: ref.currency };
    if (a.sent && !a.settled && !a.failed)
      issues.push({ kind: 'SENT_NOT_SETTLED', ...base, sentAmount: a.sent.amount });
    if (a.settled && !a.sent) issues.push({ kind: 'SETTLED_WITHOUT_SEND', ...base, settledAmount: a.settled.amount });
    if (a.sent && a.settled && a.sent.amount !== a.settled.amount) {
      issues.push({ kind: 'AMOUNT_MISMATCH', ...base, sentAmount: a.sent.amount, settledAmount: a.settled.amount });
    }
    if (a.settled && !a.reversed) settledPerRefund.set(a.refundId, [...(settledPerRefund.get(a.refundId) ?? []), a]);
  }
  for (const [refundId, settled] of settledPerRefund) {
    if (settled.length < 2) continue;
    const currency = settled[0]?.settled?.currency ?? '';
    const settledAmount = settled.reduce((s, a) => s + (a.settled?.amount ?? 0), 0);
    issues.push({ kind: 'SETTLED_TWICE', refundId, currency, settledAmount });
  }
  return issues;
}

/**
 * Reconciles ledger entries (duplicates by entryId are ignored). Run it over a closed window (e.g. the CST days
 * whose promises have expired): within a window, attempts still in flight show as SENT_NOT_SETTLED.
 */
export function reconcile(entries: readonly LedgerEntry[]): ReconciliationReport {
  const attempts = attemptsOf(entries);
  const groups = new Map<string, ReconciliationGroup>();
  for (const a of attempts) {
    const ref = a.sent ?? a.settled;
    if (!ref) continue;
    const key = [ref.provider, ref.method, ref.day, ref.currency].join('|');
    const g = groups.get(key) ?? {
      provider: ref.provider,
      method: ref.method,
      day: ref.day,
      currency: ref.currency,
      ...zero(),
    };
    add(g, a);
    groups.set(key, g);
  }
  const sorted = [...groups.values()].sort((x, y) =>
    `${x.day}|${x.provider}|${x.method}|${x.currency}`.localeCompare(
      `${y.day}|${y.provider}|${y.method}|${y.currency}`,
    ),
  );
  return reportOf(sorted, issuesOf(attempts));
}

/**
 * The report of these groups and issues: totals are the sums of exactly these groups, so a report narrowed to some
 * days (app/reconcile.ts) totals and balances those days only, as its rows show.
 */
export function reportOf(groups: ReconciliationGroup[], issues: ReconciliationIssue[]): ReconciliationReport {
  const totals: Record<string, ReconciliationTotals> = {};
  for (const g of groups) {
    const t = totals[g.currency] ?? zero();
    sum(t, g);
    totals[g.currency] = t;
  }
  const balanced = issues.length === 0 && groups.every((g) => g.differenceCount === 0 && g.differenceAmount === 0);
  return { groups, totals, issues, balanced };
}
