/** In-memory AlertStore with the DynamoDB adapter's version semantics (conditional saves), for use-case tests. */
import type { AlertRecord, AlertStatus } from '../../../functions/domain/monitoring/index.ts';
import type { AlertListOptions, AlertStore } from '../../../functions/ports/alert-store.ts';
import { nextVersion } from '../../../functions/ports/alert-store.ts';

export class InMemoryAlertStore implements AlertStore {
  readonly records = new Map<string, AlertRecord>();
  /** Successful saves, in order. */
  readonly saves: AlertRecord[] = [];
  /** Called before each save is checked: lets a test write "concurrently" (e.g. a monitor run in between). */
  beforeSave?: (record: AlertRecord) => void;

  /** Stores records as they are (a test's starting state). */
  seed(...records: AlertRecord[]): this {
    for (const record of records) this.records.set(record.alertId, record);
    return this;
  }

  async listOpen() {
    return [...this.records.values()].filter((r) => r.status === 'OPEN' || r.status === 'ACKNOWLEDGED');
  }

  async getMany(ids: readonly string[]) {
    return ids.flatMap((id) => this.records.get(id) ?? []);
  }

  async save(record: AlertRecord, expected: number | undefined) {
    const hook = this.beforeSave;
    this.beforeSave = undefined;
    hook?.(record);
    const current = this.records.get(record.alertId);
    if (expected === undefined ? current !== undefined : current?.version !== expected) return false;
    const stored = { ...record, version: nextVersion(expected) };
    this.records.set(record.alertId, stored);
    this.saves.push(stored);
    return true;
  }

  async list(status: AlertStatus, options: AlertListOptions) {
    const items = [...this.records.values()]
      .filter((r) => r.status === status && (!options.assignee || r.assignee === options.assignee))
      .sort((a, b) => (a.firstDetectedAt < b.firstDetectedAt ? 1 : -1));
    return { items: items.slice(0, options.limit) };
  }
}
