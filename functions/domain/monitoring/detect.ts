/**
 * One call for the monitor handler: every detector over one snapshot of the records, with a stable order so a rerun
 * on the same data yields the same list.
 */
import type { Order, Refund } from '../refund.ts';
import type { IsoTime } from '../vocabulary.ts';
import type { AlertCandidate, LedgerMovement } from './alert.ts';
import { DEFAULT_MONITORING_CONFIG, type MonitoringConfig } from './config.ts';
import {
  detectAmountMismatches,
  detectDuplicatePayouts,
  detectFailedPayouts,
  detectLatePayouts,
} from './detect-payouts.ts';
import { detectRateSpikes } from './detect-rate.ts';
import { detectOverRefunds, detectStuckRefunds } from './detect-refunds.ts';

/** What the monitor read on this run. Any part may be empty; each detector looks only at what it needs. */
export interface MonitoringSnapshot {
  /** Outstanding refunds plus those created within the rate-spike baseline period. */
  refunds: readonly Refund[];
  /** Orders touched by those refunds (for OVER_REFUND). */
  orders: readonly Order[];
  /** Ledger movements of those refunds (for DUPLICATE_PAYOUT). */
  ledger: readonly LedgerMovement[];
}

/**
 * All candidate alerts in the snapshot, sorted by alertId, one per id (should two detectors ever agree on an id, the
 * first wins). The handler then runs `decideAlert` for each candidate and for each open alert no longer found.
 */
export function detectAlerts(
  snapshot: MonitoringSnapshot,
  now: IsoTime,
  config: MonitoringConfig = DEFAULT_MONITORING_CONFIG,
): AlertCandidate[] {
  const { refunds, orders, ledger } = snapshot;
  const all = [
    ...detectLatePayouts(refunds, now, config),
    ...detectAmountMismatches(refunds),
    ...detectDuplicatePayouts(ledger, now),
    ...detectFailedPayouts(refunds),
    ...detectOverRefunds(orders, refunds),
    ...detectStuckRefunds(refunds, now, config),
    ...detectRateSpikes(refunds, now, config),
  ];
  const byId = new Map<string, AlertCandidate>();
  for (const alert of all) if (!byId.has(alert.alertId)) byId.set(alert.alertId, alert);
  return [...byId.values()].sort((a, b) => (a.alertId < b.alertId ? -1 : a.alertId > b.alertId ? 1 : 0));
}
