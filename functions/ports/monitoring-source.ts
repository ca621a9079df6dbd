/**
 * What the monitor reads on a run. The DynamoDB adapter reads it through sparse indexes (never a scan); tests can
 * hand in any snapshot. `covered` says which subjects were actually re-read, because an open alert may only be closed
 * when the monitor looked at its subject again and found the problem gone.
 */
import type { AlertRecord, MonitoringConfig, MonitoringSnapshot } from '../domain/monitoring/index.ts';
import type { Refund } from '../domain/refund.ts';
import type { IsoTime } from '../domain/vocabulary.ts';

export interface Coverage {
  /** Refunds whose record was read this run. */
  refunds: ReadonlySet<string>;
  /** Refunds whose ledger movements were read this run. */
  ledger: ReadonlySet<string>;
  /** Orders whose record was read this run. */
  orders: ReadonlySet<string>;
  /** Whether the recent-applications window (RATE_SPIKE) was read. */
  rates: boolean;
}

export interface MonitoringLoad {
  snapshot: MonitoringSnapshot;
  covered: Coverage;
  /** Payouts sent and not settled, as found in the outstanding-payouts index. */
  outstandingPayouts: number;
  /** Read capacity units consumed by the loads (DynamoDB ReturnConsumedCapacity TOTAL). */
  readCapacityUnits: number;
  readRequests: number;
}

export interface MonitoringSource {
  /** Reads what the detectors need at `now`, including the subjects of the given open alerts. */
  load(now: IsoTime, config: MonitoringConfig, open: readonly AlertRecord[]): Promise<MonitoringLoad>;
  /**
   * Refunds waiting for their merchant (AWAITING_MERCHANT, RETURN_IN_TRANSIT) whose deadline falls after `now` and at
   * most `leadSeconds` later, and whose merchant was not yet reminded of that deadline. Read through the sparse state
   * index: the cost follows the refunds waiting in those states, never the table.
   */
  merchantDeadlines(now: IsoTime, leadSeconds: number): Promise<Refund[]>;
}
