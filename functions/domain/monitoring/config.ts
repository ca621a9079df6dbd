/**
 * Monitoring thresholds: defaults that match the workflow's own deadlines, and a checked merge of operator overrides.
 */
import type { RefundStatus } from '../vocabulary.ts';

/** Thresholds for RATE_SPIKE, per party (a merchant sees far more refunds than a buyer). */
export interface RateSpikeThreshold {
  /** Fewest refunds in the window that can count as a spike, whatever the baseline. */
  minCount: number;
  /** The window's count must exceed this many times the baseline (scaled to the window). */
  multiplier: number;
  /**
   * The least baseline, in refunds per window, a count is compared with: a party with no or very little history is
   * measured against this floor instead of against ~0, so "4 refunds against a baseline of 0.00" cannot fire.
   */
  baselineFloor: number;
}

/** Everything tunable about monitoring, so operators can change thresholds without code changes. */
export interface MonitoringConfig {
  /**
   * Seconds after `payout.promisedBy` before a payout counts as late (provider confirmations arrive with a lag).
   * @default 0
   */
  latePayoutGraceSeconds: number;
  /**
   * Longest time in seconds a refund may stay in each status. Statuses absent from the table are never stuck.
   * PAYOUT_PENDING with a payout promise is left to LATE_PAYOUT; PAYOUT_FAILED has its own alert.
   * @default DEFAULT_STUCK_DEADLINES
   */
  stuckDeadlines: Partial<Record<RefundStatus, number>>;
  rateSpike: {
    /** @default 86400 (the last 24 h) */
    windowSeconds: number;
    /** Days before the window whose daily average is the baseline. @default 30 */
    baselineDays: number;
    /**
     * Days of history a party needs (its first refund at least this long before the window) before its own baseline
     * counts; a newer party is compared with `baselineFloor` only. @default 7
     */
    minHistoryDays: number;
    /** @default { minCount: 5, multiplier: 3, baselineFloor: 1 } */
    buyer: RateSpikeThreshold;
    /** @default { minCount: 20, multiplier: 3, baselineFloor: 5 } */
    merchant: RateSpikeThreshold;
  };
  /**
   * Fewest seconds between two notifications of the same alert: a problem that resolves and comes back (flaps)
   * notifies on reopening only past it.
   * @default 3600
   */
  quietPeriodSeconds: number;
  /**
   * Seconds after the last notification before an OPEN (unacknowledged) alert reminds finance again.
   * ACKNOWLEDGED alerts have an owner and are never re-sent.
   * @default 14400 (4 h)
   */
  renotifyAfterSeconds: number;
  /**
   * Reminders an OPEN alert gets before the next one goes to operations instead (ESCALATED, once per episode).
   * @default 2
   */
  escalateAfterRenotifications: number;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Per-status deadlines: a little beyond what the workflow itself allows (merchant 24 h, then policy), so an alert
 * means the workflow did not move, not that a person is slow within their deadline.
 */
export const DEFAULT_STUCK_DEADLINES: Readonly<Partial<Record<RefundStatus, number>>> = {
  SUBMITTED: HOUR,
  AWAITING_MERCHANT: 26 * HOUR,
  AWAITING_EVIDENCE: 8 * DAY,
  AWAITING_RETURN: 8 * DAY,
  RETURN_IN_TRANSIT: 15 * DAY,
  MANUAL_REVIEW: 2 * DAY,
  // The inspector's day, once more after a reassignment, then a reviewer: past three days the workflow is stuck.
  AWAITING_INSPECTION: 3 * DAY,
  AWAITING_BUYER: 3 * DAY,
  APPROVED: HOUR,
  PAYOUT_PENDING: HOUR,
};

/** The defaults described on MonitoringConfig. */
export const DEFAULT_MONITORING_CONFIG: MonitoringConfig = {
  latePayoutGraceSeconds: 0,
  stuckDeadlines: DEFAULT_STUCK_DEADLINES,
  rateSpike: {
    windowSeconds: DAY,
    baselineDays: 30,
    minHistoryDays: 7,
    buyer: { minCount: 5, multiplier: 3, baselineFloor: 1 },
    merchant: { minCount: 20, multiplier: 3, baselineFloor: 5 },
  },
  quietPeriodSeconds: HOUR,
  renotifyAfterSeconds: 4 * HOUR,
  escalateAfterRenotifications: 2,
};

/** Overrides for MonitoringConfig, e.g. parsed from an environment variable; anything left out keeps its default. */
export interface MonitoringConfigOverrides {
  latePayoutGraceSeconds?: number;
  stuckDeadlines?: Partial<Record<RefundStatus, number>>;
  rateSpike?: {
    windowSeconds?: number;
    baselineDays?: number;
    minHistoryDays?: number;
    buyer?: Partial<RateSpikeThreshold>;
    merchant?: Partial<RateSpikeThreshold>;
  };
  quietPeriodSeconds?: number;
  renotifyAfterSeconds?: number;
  escalateAfterRenotifications?: number;
}

/**
 * The defaults with `overrides` applied, so operators tune one threshold without restating the rest. Deadlines
 * merge per status. Throws InvalidMonitoringConfig on a negative or non-finite number, which would silently turn
 * a detector off or make it fire on everything.
 */
export function monitoringConfig(overrides: MonitoringConfigOverrides = {}): MonitoringConfig {
  const d = DEFAULT_MONITORING_CONFIG;
  const r = overrides.rateSpike ?? {};
  const config: MonitoringConfig = {
    latePayoutGraceSeconds: overrides.latePayoutGraceSeconds ?? d.latePayoutGraceSeconds,
    stuckDeadlines: { ...d.stuckDeadlines, ...overrides.stuckDeadlines },
    rateSpike: {
      windowSeconds: r.windowSeconds ?? d.rateSpike.windowSeconds,
      baselineDays: r.baselineDays ?? d.rateSpike.baselineDays,
      minHistoryDays: r.minHistoryDays ?? d.rateSpike.minHistoryDays,
      buyer: { ...d.rateSpike.buyer, ...r.buyer },
      merchant: { ...d.rateSpike.merchant, ...r.merchant },
    },
    quietPeriodSeconds: overrides.quietPeriodSeconds ?? d.quietPeriodSeconds,
    renotifyAfterSeconds: overrides.renotifyAfterSeconds ?? d.renotifyAfterSeconds,
    escalateAfterRenotifications: overrides.escalateAfterRenotifications ?? d.escalateAfterRenotifications,
  };
  const { rateSpike: s } = config;
  const numbers: [string, number | undefined][] = [
    ['latePayoutGraceSeconds', config.latePayoutGraceSeconds],
    ['quietPeriodSeconds', config.quietPeriodSeconds],
    ['rateSpike.windowSeconds', s.windowSeconds],
    ['renotifyAfterSeconds', config.renotifyAfterSeconds],
    ['escalateAfterRenotifications', config.escalateAfterRenotifications],
    ['rateSpike.baselineDays', s.baselineDays],
    ['rateSpike.minHistoryDays', s.minHistoryDays],
    ['rateSpike.buyer.minCount', s.buyer.minCount],
    ['rateSpike.buyer.multiplier', s.buyer.multiplier],
    ['rateSpike.buyer.baselineFloor', s.buyer.baselineFloor],
    ['rateSpike.merchant.minCount', s.merchant.minCount],
    ['rateSpike.merchant.multiplier', s.merchant.multiplier],
    ['rateSpike.merchant.baselineFloor', s.merchant.baselineFloor],
    ...Object.entries(config.stuckDeadlines).map(([k, v]): [string, number | undefined] => [`stuckDeadlines.${k}`, v]),
  ];
  for (const [path, value] of numbers) {
    if (value === undefined || !Number.isFinite(value) || value < 0) throw new InvalidMonitoringConfig(path, value);
  }
  return config;
}

/** A monitoring setting that cannot be used; named so a deploy fails loudly instead of monitoring nothing. */
export class InvalidMonitoringConfig extends Error {
  override readonly name = 'InvalidMonitoringConfig';
  constructor(
    readonly path: string,
    readonly value: unknown,
  ) {
    super(`monitoring config ${path} must be a finite number >= 0, got ${String(value)}`);
  }
}
