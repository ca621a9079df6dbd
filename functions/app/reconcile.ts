/**
 * Reconciliation: the ledger's entries for a window of China (CST, Asia/Shanghai) days, completed with each touched
 * refund's whole history (an attempt sent on one day may settle on the next), reconciled with the pure
 * functions/domain/ledger/reconcile.ts:
 * what was sent against what providers confirmed, per provider, method and CST day, with the refunds finance must
 * chase. Groups are kept for the window's days; issues for every refund touched.
 */
import type { LedgerEntry } from '../domain/ledger/entry.ts';
import { type ReconciliationReport, reconcile, reportOf } from '../domain/ledger/reconcile.ts';
import type { Ports } from '../ports/index.ts';
import { FINANCE_TIME_ZONE, financeWindow } from './day-window.ts';

export type ReconcileDeps = Pick<Ports, 'ledger'>;

/** Longest window finance may reconcile in one request. */
export const MAX_RECONCILIATION_DAYS = 7;

/** Refund histories are read this many at a time. */
const CONCURRENCY = 16;
const PAGE = 500;

/**
 * The whole history of every refund with an entry on the CST days [from, to] (entries of other days included: an
 * attempt sent on one day may settle on the next). The daily report (./daily-report.ts) reads this too.
 */
export async function readTouchedHistories(deps: ReconcileDeps, from: string, to: string): Promise<LedgerEntry[]> {
  const { ledger } = deps;
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
  return entries;
}

/** The report for the CST days [from, to], whatever their number (the bulk tests and benchmarks reconcile more). */
export async function reconcileDays(deps: ReconcileDeps, from: string, to: string): Promise<ReconciliationReport> {
  const report = reconcile(await readTouchedHistories(deps, from, to));
  // A payout settled in the window may have been sent before it: its history is read whole, but only the window's
  // days are reported, and totalled (the rows and the TOTAL must add up).
  return reportOf(
    report.groups.filter((g) => g.day >= from && g.day <= to),
    report.issues,
  );
}

/**
 * Finance's request: at most 7 China days (./day-window.ts; today by default), echoed as China dates with its
 * report. Reconciliation groups whole China days, as providers settle them: an ISO time selects the day it falls in.
 */
export async function reconcileWindow(
  deps: ReconcileDeps & Pick<Ports, 'clock'>,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<{ from: string; to: string; timeZone: string } & ReconciliationReport> {
  const { fromDay: from, toDay: to } = financeWindow(query, deps.clock.now(), MAX_RECONCILIATION_DAYS);
  return { from, to, timeZone: FINANCE_TIME_ZONE, ...(await reconcileDays(deps, from, to)) };
}
