/** Where finance alerts live. The DynamoDB adapter implements it; the monitor and the finance API depend on this. */
import type { AlertRecord, AlertStatus } from '../domain/monitoring/index.ts';
import type { Page } from './refund-store.ts';

export interface AlertStore {
  /** Every OPEN alert (the monitor re-checks each one's subject). */
  listOpen(): Promise<AlertRecord[]>;
  /** The stored records with these ids; missing ids are simply absent. */
  getMany(alertIds: readonly string[]): Promise<AlertRecord[]>;
  /**
   * Stores `record` only if the stored notifyCount is still `expected` (undefined: no record yet). Returns false when
   * another monitor run changed it first, so that run, not this one, tells finance.
   */
  save(record: AlertRecord, expected: number | undefined): Promise<boolean>;
  /** Finance's view: alerts in one status, newest first. */
  list(status: AlertStatus, options: { cursor?: string; limit: number }): Promise<Page<AlertRecord>>;
}
