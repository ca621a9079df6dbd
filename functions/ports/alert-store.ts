/** Where finance alerts live. The DynamoDB adapter implements it; the monitor and the finance API depend on this. */
import type { AlertRecord, AlertStatus } from '../domain/monitoring/index.ts';
import type { Page } from './refund-store.ts';

export interface AlertListOptions {
  cursor?: string;
  limit: number;
  /** Only alerts owned by this finance user. */
  assignee?: string;
}

export interface AlertStore {
  /** Every unresolved alert, OPEN and ACKNOWLEDGED (the monitor re-checks each one's subject; reports count them). */
  listOpen(): Promise<AlertRecord[]>;
  /** The stored records with these ids; missing ids are simply absent. */
  getMany(alertIds: readonly string[]): Promise<AlertRecord[]>;
  /**
   * Stores `record` only if the stored version is still `expected` (undefined: no record yet; 0: a record written
   * before versions), as version `(expected ?? 0) + 1`. Returns false when someone else (another monitor run, a
   * person) changed it first: of two writers only one wins, so only one notifies and nobody's change is lost.
   */
  save(record: AlertRecord, expected: number | undefined): Promise<boolean>;
  /** Finance's view: alerts in one status (optionally of one assignee), newest first. */
  list(status: AlertStatus, options: AlertListOptions): Promise<Page<AlertRecord>>;
}

/** The version a record has once `save(record, expected)` succeeded. */
export const nextVersion = (expected: number | undefined): number => (expected ?? 0) + 1;
