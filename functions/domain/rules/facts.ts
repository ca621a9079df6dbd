/**
 * Derives the facts the rules test from an application and the policy: windows, tiers, bands and the risk score.
 * Everything time-dependent is computed from `input.now`, so a decision can be replayed exactly.
 */
import type { Policy, WaybillCheck } from '../policy/schema.ts';
import { type RiskAssessment, scoreRisk } from '../risk/score.ts';
import type { Category } from '../vocabulary.ts';
import { compiledFor } from './compile.ts';
import type { AssessmentInput, Facts, SuppliedEvidence } from './types.ts';

const HOUR_MS = 3_600_000;

/** Hours from an ISO time to `nowMs`, or null when the time is missing or unparsable. */
export function hoursSince(from: string | undefined, nowMs: number): number | null {
  if (from === undefined) return null;
  const ms = nowMs - Date.parse(from);
  return Number.isFinite(ms) ? ms / HOUR_MS : null;
}

/** The credit tier for a score (0-1000); no score means the first (lowest) tier. */
export function creditTierFor(score: number | undefined, policy: Policy): Policy['creditTiers'][number] {
  const tiers = policy.creditTiers;
  if (score !== undefined) {
    for (let i = tiers.length - 1; i > 0; i--) if (score >= tiers[i]!.minScore) return tiers[i]!;
  }
  return tiers[0]!;
}

/** The id of the amount band an amount falls in. */
export function amountBandFor(amount: number, policy: Policy): string {
  for (const band of policy.amountBands) if (band.max === undefined || amount <= band.max) return band.id;
  return policy.amountBands.at(-1)!.id;
}

/** The strictest category present, which governs a mixed order (policy.categoryStrictness). */
export function dominantCategory(
  categories: readonly Category[],
  policy: Pick<Policy, 'categoryStrictness'>,
): Category {
  for (const c of policy.categoryStrictness) if (categories.includes(c)) return c;
  return 'GENERAL';
}

/** A waybill read with low OCR confidence counts as UNREADABLE: it goes to a person, never to a rejection. */
export function waybillCheck(evidence: SuppliedEvidence | undefined, policy: Policy): WaybillCheck {
  const w = evidence?.waybill;
  if (!w) return 'NONE';
  if (w.confidence !== undefined && w.confidence < policy.ocr.minConfidence) return 'UNREADABLE';
  return w.verification;
}

function within(hours: number | null, limit: number): boolean | null {
  return hours === null ? null : hours <= limit;
}

/** Facts plus the full risk assessment behind `riskScore`/`riskLevel`. */
export function deriveFacts(input: AssessmentInput, policy: Policy): { facts: Facts; risk: RiskAssessment } {
  const buyer = input.buyer ?? {};
  const waybill = waybillCheck(input.evidence, policy);
  const tier = creditTierFor(buyer.creditScore, policy);
  const nowMs = Date.parse(input.now);
  const ageHours = hoursSince(buyer.accountCreatedAt, nowMs);
  const risk = scoreRisk(
    {
      refundCount90d: buyer.refundCount90d ?? 0,
      orderCount90d: buyer.orderCount90d ?? 0,
      refundsLast24h: buyer.refundsLast24h ?? 0,
      accountAgeDays: ageHours === null ? undefined : ageHours / 24,
      amount: input.amount,
      usualAmount: buyer.usualAmount,
      waybill,
      notReceivedButDelivered: input.reason === 'NOT_RECEIVED' && input.scenario === 'DELIVERED',
    },
    policy,
  );
  const delivered = input.scenario === 'DELIVERED';
  const hours = delivered ? hoursSince(input.deliveredAt, nowMs) : null;
  const facts: Facts = {
    scenario: input.scenario,
    reason: input.reason,
    reasonClass: policy.reasonClasses[input.reason],
    reasonOffered: compiledFor(policy).offered[input.scenario]?.has(input.reason) ?? false,
    category: input.category,
    amount: input.amount,
    amountBand: amountBandFor(input.amount, policy),
    creditTier: tier.id,
    riskLevel: risk.level,
    riskScore: risk.score,
    hoursSinceDelivery: hours === null ? null : Math.round(hours * 100) / 100,
    withinReturnWindow: delivered ? within(hours, policy.windows.noReasonReturnHours) : null,
    withinQualityWindow: delivered ? within(hours, policy.windows.qualityClaimHours[input.category]) : null,
    withinInstantLimit: input.amount <= tier.instantLimit,
    withinNoReturnLimit: input.amount <= tier.noReturnLimit,
    tierRefundOnWaybill: tier.refundOnWaybill,
    redeemed: input.redeemed ?? null,
    photoProvided: input.evidence?.kinds.includes('PHOTO') ?? false,
    waybill,
  };
  return { facts, risk };
}
