/**
 * Third-party inspection (第三方质检) of returned goods, as rules of the policy (`policy.inspection`): which returns
 * go to an inspector, where each verdict leads, and what happens when an inspector lets the deadline pass. Each rule
 * has a stable id recorded on the decision it takes part in (labelled in ./labels.ts, like the rules engine's).
 * Pure: no I/O.
 */
import { latestAssessment } from './decision-history.ts';
import { policyInCurrency } from './policy/currency.ts';
import type { InspectionVerdict, Policy, VerdictOutcome } from './policy/schema.ts';
import type { Refund } from './refund.ts';
import type { ReturnCondition } from './transitions.ts';

export { INSPECTION_VERDICTS, type InspectionVerdict } from './policy/schema.ts';

/** The triggers: any one sends the returned goods to an inspector. */
export const INSPECTION_TRIGGERS = {
  HIGH_VALUE: 'INSPECTION.HIGH_VALUE',
  CONDITION_CLAIM: 'INSPECTION.CONDITION_CLAIM',
  RISKY_BUYER: 'INSPECTION.RISKY_BUYER',
} as const;

/** The verdict rules: each verdict leads where `policy.inspection.verdicts` says. */
export const VERDICT_RULES: Readonly<Record<InspectionVerdict, string>> = {
  AS_CLAIMED: 'INSPECTION.VERDICT.AS_CLAIMED',
  NOT_AS_CLAIMED: 'INSPECTION.VERDICT.NOT_AS_CLAIMED',
  INCONCLUSIVE: 'INSPECTION.VERDICT.INCONCLUSIVE',
};

/** The deadline rules: another inspector while reassignments are left, then a reviewer. */
export const INSPECTION_SLA_RULES = {
  REASSIGN: 'INSPECTION.SLA.REASSIGN',
  MANUAL_REVIEW: 'INSPECTION.SLA.MANUAL_REVIEW',
} as const;

/** Every inspection rule id (for labels and docs). */
export const INSPECTION_RULE_IDS: readonly string[] = [
  ...Object.values(INSPECTION_TRIGGERS),
  ...Object.values(VERDICT_RULES),
  ...Object.values(INSPECTION_SLA_RULES),
];

/**
 * The inspection rules that fire when the merchant records the return received, in a stable order; none when the
 * policy switches inspection off. The amount is compared in the refund's own currency; the buyer's risk level is
 * the one the rules engine assessed (a refund assessed before risk levels were recorded has none, and no trigger).
 */
export function inspectionTriggers(
  refund: Pick<Refund, 'amount' | 'currency' | 'decisions' | 'decision'>,
  condition: ReturnCondition,
  policy: Policy,
): string[] {
  if (!policy.inspection.enabled) return [];
  const { minAmount, conditions, riskLevels } = policyInCurrency(policy, refund.currency).inspection;
  const riskLevel = latestAssessment(refund)?.riskLevel;
  const fired: string[] = [];
  if (refund.amount >= minAmount) fired.push(INSPECTION_TRIGGERS.HIGH_VALUE);
  if (conditions.includes(condition)) fired.push(INSPECTION_TRIGGERS.CONDITION_CLAIM);
  if (riskLevel && (riskLevels as readonly string[]).includes(riskLevel)) fired.push(INSPECTION_TRIGGERS.RISKY_BUYER);
  return fired;
}

/** Where a verdict leads, and the rule that says so. */
export function verdictOutcome(verdict: InspectionVerdict, policy: Policy): { outcome: VerdictOutcome; rule: string } {
  return { outcome: policy.inspection.verdicts[verdict], rule: VERDICT_RULES[verdict] };
}

/** What the inspector's deadline does: another inspector while reassignments are left, then a reviewer decides. */
export function inspectionLapse(
  refund: Pick<Refund, 'inspection'>,
  policy: Policy,
): { next: 'AWAIT_INSPECTION' | 'MANUAL_REVIEW'; rule: string } {
  const reassigned = refund.inspection?.reassigned ?? 0;
  return reassigned < policy.inspection.reassignments
    ? { next: 'AWAIT_INSPECTION', rule: INSPECTION_SLA_RULES.REASSIGN }
    : { next: 'MANUAL_REVIEW', rule: INSPECTION_SLA_RULES.MANUAL_REVIEW };
}

/** One task per inspection round (the first, then one per reassignment): deterministic, so a retried hold finds it. */
export function inspectionTaskId(refund: Pick<Refund, 'refundId' | 'inspection'>): string {
  return `${refund.refundId}.inspection.${refund.inspection?.reassigned ?? 0}`;
}
