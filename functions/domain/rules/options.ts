/**
 * What a client needs to build the minimal refund form before the buyer types anything (DESIGN 3.1): the reasons
 * this order allows, the most that can be asked, whether it would be instant and what evidence each reason needs.
 * It asks the rules engine itself (a probe per reason), so the form can never offer what `assess` would refuse.
 */
import type { Policy } from '../policy/schema.ts';
import type { Category, EvidenceKind, IsoTime, Reason, Scenario } from '../vocabulary.ts';
import { assess } from './engine.ts';
import { dominantCategory } from './facts.ts';
import { type Label, REASON_LABELS } from './reason-labels.ts';

/** The order facts the options depend on. */
export interface OptionsInput {
  scenario: Scenario;
  /** Categories of the goods being refunded; the strictest one governs. */
  categories: Category[];
  deliveredAt?: IsoTime;
  redeemed?: boolean;
  /** Paid minus already refunded, minor units. */
  refundableAmount: number;
  creditScore?: number;
  now: IsoTime;
}

export interface ReasonOption {
  code: Reason;
  label: Label;
  /** Instant for a low-risk buyer asking for the whole remainder with this reason. */
  instant: boolean;
  returnRequired: boolean;
  evidenceRequired: EvidenceKind[];
}

export interface RefundOptions {
  scenario: Scenario;
  category: Category;
  reasons: ReasonOption[];
  maxAmount: number;
  /** Whether some allowed reason would be refunded instantly (low-risk buyer, full remainder). */
  instantEligible: boolean;
  evidenceRequired: Partial<Record<Reason, EvidenceKind[]>>;
  /** Destination bonus configuration, for the payouts helper to price destinations. */
  destinations: Policy['destinations'];
  policyVersion: string;
}

/** The refund options for an order under a policy. Pure: time comes from `input.now`. */
export function refundOptions(input: OptionsInput, policy: Policy): RefundOptions {
  const category = dominantCategory(input.categories, policy);
  const maxAmount = Math.max(0, input.refundableAmount);
  const reasons: ReasonOption[] = [];
  const evidenceRequired: Partial<Record<Reason, EvidenceKind[]>> = {};
  const candidates = maxAmount > 0 ? (policy.reasonsByScenario[input.scenario] ?? []) : [];
  for (const code of candidates) {
    const probe = assess(
      {
        scenario: input.scenario,
        reason: code,
        category,
        amount: maxAmount,
        now: input.now,
        deliveredAt: input.deliveredAt,
        redeemed: input.redeemed,
        buyer: { creditScore: input.creditScore },
      },
      policy,
    );
    if (probe.outcome === 'REJECT') continue;
    reasons.push({
      code,
      label: REASON_LABELS[code],
      instant: probe.instant,
      returnRequired: probe.returnRequired,
      evidenceRequired: probe.evidenceRequired,
    });
    evidenceRequired[code] = probe.evidenceRequired;
  }
  return {
    scenario: input.scenario,
    category,
    reasons,
    maxAmount: reasons.length > 0 ? maxAmount : 0,
    instantEligible: reasons.some((r) => r.instant),
    evidenceRequired,
    destinations: policy.destinations,
    policyVersion: policy.version,
  };
}
