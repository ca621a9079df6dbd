/**
 * Monitoring thresholds: defaults that match the workflow's own deadlines, and a checked merge of operator overrides.
 */
import type { RefundStatus } from '../vocabulary.ts';

/** Thresholds for RATE_SPIKE, per party (a merchant sees far more refunds than a buyer). */
export interface RateSpikeThreshold {
  /** Fewest refunds in the window that can count as a spike, whatever the baseline. */
  minCount: number;
  /** The window's count must exceed this many times the baseline daily average. */
  multiplier: number;
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
    /** @default { minCount: 3, multiplier: 3 } */
    buyer: RateSpikeThreshold;
    /** @default { minCount: 20, multiplier: 3 } */
    merchant: RateSpikeThreshold;
  };
  /**
   * Seconds after a notification during which the same alert is not sent again.
   * @default 86400
   */
  quietPeriodSeconds: number;
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
    buyer: { minCount: 3, multiplier: 3 },
    merchant: { minCount: 20, multiplier: 3 },
  },
  quietPeriodSeconds: DAY,
};

/** Overrides for MonitoringConfig, e.g. parsed from an environment variable; anything left out keeps its default. */
export interface MonitoringConfigOverrides {
  latePayoutGraceSeconds?: number;
  stuckDeadlines?: Partial<Record<RefundStatus, number>>;
  rateSpike?: {
    windowSeconds?: number;
    baselineDays?: number;
    buyer?: Partial<RateSpikeThreshold>;
    merchant?: Partial<RateSpikeThreshold>;
  };
  quietPeriodSeconds?: number;
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
      buyer: { ...d.rateSpike.buyer, ...r.buyer },
      merchant: { ...d.rateSpike.merchant, ...r.merchant },
    },
    quietPeriodSeconds: overrides.quietPeriodSeconds ?? d.quietPeriodSeconds,
  };
  const { rateSpike: s } = config;
  const numbers: [string, number | undefined][] = [
    ['latePayoutGraceSeconds', config.latePayoutGraceSeconds],
    ['quietPeriodSeconds', config.quietPeriodSeconds],
    ['rateSpike.windowSeconds', s.windowSeconds],
    ['rateSpike.baselineDays', s.baselineDays],
    ['rateSpike.buyer.minCount', s.buyer.minCount],
    ['rateSpike.buyer.multiplier', s.buyer.multiplier],
    ['rateSpike.merchant.minCount', s.merchant.minCount],
    ['rateSpike.merchant.multiplier', s.merchant.multiplier],
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
