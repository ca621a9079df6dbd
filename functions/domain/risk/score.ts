/**
 * Fraud risk score, 0-100, from the buyer's refund history, velocity, account age, the amount against the buyer's
 * usual amount and logistics checks (source document 四.3: 恶意退款、退货调包、虚假售后). Weights and level
 * thresholds are policy data (`policy.risk`); this file only applies them, and returns each factor's points so a
 * reviewer can see why a score is high.
 */
import type { Policy, Ramp, RiskLevel, WaybillCheck } from '../policy/schema.ts';

/** The risk-relevant facts about one application. Counts are the buyer's, across all merchants. */
export interface RiskSignals {
  /** Refunds the buyer requested in the last 90 days (excluding this one). */
  refundCount90d: number;
  /** Orders the buyer placed in the last 90 days; the refund rate is refundCount90d / orderCount90d. */
  orderCount90d: number;
  /** Refunds requested in the last 24 hours (velocity). */
  refundsLast24h: number;
  /** Days since the account was created; unknown gives no points (absence of data is not evidence). */
  accountAgeDays?: number;
  /** Minor units asked for. */
  amount: number;
  /** The buyer's usual (average) order or refund amount, minor units; unknown or 0 gives no points. */
  usualAmount?: number;
  /** What OCR and logistics data said about the return waybill, if any. */
  waybill: WaybillCheck;
  /** The buyer says NOT_RECEIVED while the carrier reports the parcel delivered. */
  notReceivedButDelivered: boolean;
}

export const RISK_FACTORS = [
  'refundCount90d',
  'refundRate90d',
  'refundsLast24h',
  'accountAgeDays',
  'amountVsUsual',
  'waybill',
  'notReceivedButDelivered',
] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];

/** A score with its explanation: only factors that scored points are listed, with the value that scored them. */
export interface RiskAssessment {
  score: number;
  level: RiskLevel;
  factors: { factor: RiskFactor; value: number | string | boolean; points: number }[];
}

/** Points for `value` on a ramp: 0 at `from`, `max` at `to` and beyond; works for decreasing ramps (from > to). */
export function rampPoints(value: number | undefined, ramp: Ramp): number {
  if (value === undefined || !Number.isFinite(value) || ramp.from === ramp.to) return 0;
  const t = (value - ramp.from) / (ramp.to - ramp.from);
  return ramp.max * Math.min(1, Math.max(0, t));
}

/** The level for a score under the policy's thresholds. */
export function riskLevel(score: number, policy: Policy): RiskLevel {
  const { mediumFrom, highFrom } = policy.risk.levels;
  if (score >= highFrom) return 'HIGH';
  return score >= mediumFrom ? 'MEDIUM' : 'LOW';
}

/** Scores an application. Deterministic and pure: same signals and policy, same score. */
export function scoreRisk(signals: RiskSignals, policy: Policy): RiskAssessment {
  const w = policy.risk.weights;
  const rate = signals.orderCount90d > 0 ? signals.refundCount90d / signals.orderCount90d : undefined;
  const ratio = signals.usualAmount && signals.usualAmount > 0 ? signals.amount / signals.usualAmount : undefined;
  const factors: RiskAssessment['factors'] = [];
  let total = 0;
  const add = (factor: RiskFactor, points: number, value: () => number | string | boolean): void => {
    if (points <= 0) return;
    total += points;
    factors.push({ factor, value: value(), points: Math.round(points * 10) / 10 });
  };
  add('refundCount90d', rampPoints(signals.refundCount90d, w.refundCount90d), () => signals.refundCount90d);
  add('refundRate90d', rampPoints(rate, w.refundRate90d), () => Math.round((rate ?? 0) * 1000) / 1000);
  add('refundsLast24h', rampPoints(signals.refundsLast24h, w.refundsLast24h), () => signals.refundsLast24h);
  add('accountAgeDays', rampPoints(signals.accountAgeDays, w.accountAgeDays), () =>
    Math.floor(signals.accountAgeDays ?? 0),
  );
  add('amountVsUsual', rampPoints(ratio, w.amountVsUsual), () => Math.round((ratio ?? 0) * 100) / 100);
  add('waybill', w.waybill[signals.waybill], () => signals.waybill);
  add('notReceivedButDelivered', signals.notReceivedButDelivered ? w.notReceivedButDelivered : 0, () => true);
  const score = Math.min(100, Math.round(total));
  return { score, level: riskLevel(score, policy), factors };
}
