/**
 * What a client needs to build the minimal refund form before the buyer types anything (DESIGN 3.1): the reasons
 * this order allows, the most that can be asked, what would happen with each reason and what evidence it needs.
 * It asks the rules engine itself, one probe per reason with the very input an application for the whole remainder
 * would be assessed with (domain/offer.ts builds it), so the form offers exactly what applying admits, and predicts
 * exactly what the assessment decides.
 */
import type { Outcome, PayWhen, Policy } from '../policy/schema.ts';
import type { Category, EvidenceKind, Reason, Scenario } from '../vocabulary.ts';
import { assess } from './engine.ts';
import { type Label, reasonLabel } from './reason-labels.ts';
import type { AssessmentInput } from './types.ts';

/** The order facts the options depend on. */
export interface OptionsInput {
  /**
   * The default application without its reason (every remaining line, the whole remainder, this buyer's history,
   * this moment), as the assessment would see it; `amount` 0 when nothing is left to refund.
   */
  application: Omit<AssessmentInput, 'reason'>;
}

export interface ReasonOption {
  code: Reason;
  label: Label;
  /** What the assessment decides first for this reason: the class of the application (never REJECT here). */
  outcome: Exclude<Outcome, 'REJECT'>;
  /** Approved by the rules at once, no person decides (秒批); `payWhen` says when the money follows. */
  instant: boolean;
  /** The goods go back before the money (only when the buyer holds goods and no waiver applies). */
  returnRequired: boolean;
  payWhen: PayWhen;
  evidenceRequired: EvidenceKind[];
}

export interface RefundOptions {
  scenario: Scenario;
  category: Category;
  reasons: ReasonOption[];
  maxAmount: number;
  /** Whether some offered reason is approved at once for this buyer, now. */
  instantEligible: boolean;
  evidenceRequired: Partial<Record<Reason, EvidenceKind[]>>;
  /** Destination bonus configuration, for the payouts helper to price destinations. */
  destinations: Policy['destinations'];
  policyVersion: string;
}

/** The refund options for an order under a policy. Pure: time comes from `input.application.now`. */
export function refundOptions(input: OptionsInput, policy: Policy): RefundOptions {
  const { application } = input;
  const maxAmount = Math.max(0, application.amount);
  const reasons: ReasonOption[] = [];
  const evidenceRequired: Partial<Record<Reason, EvidenceKind[]>> = {};
  const candidates = maxAmount > 0 ? (policy.reasonsByScenario[application.scenario] ?? []) : [];
  for (const code of candidates) {
    const probe = assess({ ...application, reason: code }, policy);
    if (probe.outcome === 'REJECT') continue;
    reasons.push({
      code,
      label: reasonLabel(code, application.scenario, application.category),
      outcome: probe.outcome,
      instant: probe.instant,
      returnRequired: probe.returnRequired,
      payWhen: probe.payWhen,
      evidenceRequired: probe.evidenceRequired,
    });
    evidenceRequired[code] = probe.evidenceRequired;
  }
  return {
    scenario: application.scenario,
    category: application.category,
    reasons,
    maxAmount: reasons.length > 0 ? maxAmount : 0,
    instantEligible: reasons.some((r) => r.instant),
    evidenceRequired,
    destinations: policy.destinations,
    policyVersion: policy.version,
  };
}
