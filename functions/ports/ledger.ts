/**
 * The append-only money ledger. Entries have deterministic ids (functions/domain/ledger/entry.ts), so appending the
 * same movement twice (a retried step, a duplicate webhook) stores it once. Nothing updates or deletes an entry.
 */
import type { LedgerEntry } from '../domain/ledger/entry.ts';
import type { Page } from './refund-store.ts';

export interface LedgerStore {
  /** Stores the entry unless one with its id exists. True when this call stored it. */
  append(entry: LedgerEntry): Promise<boolean>;
  /**
   * Entries whose CST day is within [from, to] (YYYY-MM-DD), day by day, oldest day first; with `within`, only
   * those whose `at` is within those instants (ISO UTC, both included).
   */
  listByDays(
    from: string,
    to: string,
    options: { cursor?: string; limit: number; within?: { from: string; to: string } },
  ): Promise<Page<LedgerEntry>>;
  /** Every entry of one refund (its whole history, whatever the day). */
  listByRefund(refundId: string): Promise<LedgerEntry[]>;
}
