/** Finance reads the ledger's entries by CST day, a page at a time, at most 31 days per request. */
import type { LedgerEntry } from '../domain/ledger/entry.ts';
import type { Ports } from '../ports/index.ts';
import type { Page } from '../ports/refund-store.ts';
import { dayWindow } from './day-window.ts';

export type ReadLedgerDeps = Pick<Ports, 'ledger'>;

/** Longest window one request may ask for, so a query stays bounded. */
export const MAX_DAYS = 31;

export interface LedgerQuery {
  from: string;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function readLedger(deps: ReadLedgerDeps, query: LedgerQuery): Promise<Page<LedgerEntry>> {
  const { from, to } = dayWindow(query.from, query.to, MAX_DAYS);
  return deps.ledger.listByDays(from, to, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
}
