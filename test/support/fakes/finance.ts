/**
 * In-memory finance ports for use-case tests: the ledger (append-only, listed by China day or refund), the alerts
 * finance has not resolved, and the daily report log with the DynamoDB adapter's claim rules.
 */
import type { LedgerEntry } from '../../../functions/domain/ledger/entry.ts';
import type { AlertRecord } from '../../../functions/domain/monitoring/index.ts';
import type { AlertStore } from '../../../functions/ports/alert-store.ts';
import type { LedgerStore } from '../../../functions/ports/ledger.ts';
import type { Page } from '../../../functions/ports/refund-store.ts';
import type { ReportLog } from '../../../functions/ports/report-log.ts';

export class InMemoryLedger implements LedgerStore {
  readonly entries = new Map<string, LedgerEntry>();
  async append(entry: LedgerEntry): Promise<boolean> {
    if (this.entries.has(entry.entryId)) return false;
    this.entries.set(entry.entryId, entry);
    return true;
  }
  async listByDays(
    from: string,
    to: string,
    options: { cursor?: string; limit: number; within?: { from: string; to: string } },
  ): Promise<Page<LedgerEntry>> {
    const all = [...this.entries.values()]
      .filter((e) => e.day >= from && e.day <= to)
      .filter((e) => !options.within || (e.at >= options.within.from && e.at <= options.within.to))
      .sort((a, b) => a.day.localeCompare(b.day) || a.entryId.localeCompare(b.entryId));
    const start = options.cursor ? Number(options.cursor) : 0;
    const items = all.slice(start, start + options.limit);
    const next = start + options.limit < all.length ? String(start + options.limit) : undefined;
    return { items, ...(next ? { cursor: next } : {}) };
  }
  async listByRefund(refundId: string): Promise<LedgerEntry[]> {
    return [...this.entries.values()].filter((e) => e.refundId === refundId);
  }
}

/** Holds alert records; `listOpen` returns every one not resolved (OPEN and, per the alert contract, ACKNOWLEDGED). */
export class InMemoryAlerts implements AlertStore {
  readonly records: AlertRecord[] = [];
  async listOpen(): Promise<AlertRecord[]> {
    return this.records.filter((r) => (r.status as string) !== 'CLOSED' && (r.status as string) !== 'RESOLVED');
  }
  async getMany(ids: readonly string[]): Promise<AlertRecord[]> {
    return this.records.filter((r) => ids.includes(r.alertId));
  }
  async save(record: AlertRecord): Promise<boolean> {
    this.records.push(record);
    return true;
  }
  async list(): Promise<Page<AlertRecord>> {
    return { items: [...this.records] };
  }
}

interface ReportItem {
  status: 'SENDING' | 'SENT' | 'RELEASED';
  leaseUntil: string;
  sentAt?: string;
  subject?: string;
}

/** The DynamoDB adapter's rules: a claim wins when nothing is there, or an unsent claim was released or expired. */
export class InMemoryReportLog implements ReportLog {
  readonly items = new Map<string, ReportItem>();
  async claim(date: string, at: string, leaseUntil: string): Promise<boolean> {
    const item = this.items.get(date);
    if (item && (item.status === 'SENT' || item.leaseUntil >= at)) return false;
    this.items.set(date, { status: 'SENDING', leaseUntil });
    return true;
  }
  async markSent(date: string, at: string, subject: string): Promise<void> {
    const item = this.items.get(date);
    if (!item) throw new Error(`no claim for ${date}`);
    Object.assign(item, { status: 'SENT', sentAt: at, subject });
  }
  async release(date: string, at: string): Promise<void> {
    const item = this.items.get(date);
    if (item?.status === 'SENDING') Object.assign(item, { status: 'RELEASED', leaseUntil: at });
  }
}
