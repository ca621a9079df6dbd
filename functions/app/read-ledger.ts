/**
 * Finance reads the ledger's entries for a window (./day-window.ts: China dates or ISO times, today by default), a
 * page at a time, at most 31 China days per request. The answer says which instants the window covered.
 */
import type { LedgerEntry } from '../domain/ledger/entry.ts';
import type { Ports } from '../ports/index.ts';
import type { Page } from '../ports/refund-store.ts';
import { FINANCE_TIME_ZONE, financeWindow } from './day-window.ts';

export type ReadLedgerDeps = Pick<Ports, 'ledger' | 'clock'>;

/** Longest window one request may ask for, so a query stays bounded. */
export const MAX_DAYS = 31;

export interface LedgerQuery {
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export type LedgerPage = Page<LedgerEntry> & { from: string; to: string; timeZone: string };

export async function readLedger(deps: ReadLedgerDeps, query: LedgerQuery): Promise<LedgerPage> {
  const window = financeWindow(query, deps.clock.now(), MAX_DAYS);
  const page = await deps.ledger.listByDays(window.fromDay, window.toDay, {
    limit: query.limit,
    within: { from: window.from, to: window.to },
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return { ...page, from: window.from, to: window.to, timeZone: FINANCE_TIME_ZONE };
}
