/**
 * The reconciliation routine: the ledger's entries for a window of CST days, completed with each touched refund's
 * whole history (an attempt sent on one day may settle on the next), reconciled with the pure
 * functions/domain/ledger/reconcile.ts. Groups are kept for the window's days; issues for every refund touched.
 */
import type { LedgerEntry } from '../domain/ledger/entry.ts';
import { type ReconciliationReport, reconcile } from '../domain/ledger/reconcile.ts';
import type { LedgerStore } from '../ports/ledger.ts';

/** Refund histories are read this many at a time. */
const CONCURRENCY = 16;
const PAGE = 500;

export async function reconcileDays(ledger: LedgerStore, from: string, to: string): Promise<ReconciliationReport> {
  const refundIds = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await ledger.listByDays(from, to, { limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const entry of page.items) refundIds.add(entry.refundId);
    cursor = page.cursor;
  } while (cursor);
  const ids = [...refundIds];
  const entries: LedgerEntry[] = [];
  for (let i = 0; i < ids.length; i += CONCURRENCY) {
    const histories = await Promise.all(ids.slice(i, i + CONCURRENCY).map((id) => ledger.listByRefund(id)));
    entries.push(...histories.flat());
  }
  const report = reconcile(entries);
  const groups = report.groups.filter((g) => g.day >= from && g.day <= to);
  return { ...report, groups };
}
