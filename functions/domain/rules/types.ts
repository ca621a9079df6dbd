/**
 * Inputs and outputs of the rules engine. Plain data, so the same shapes travel through Step Functions payloads,
 * DynamoDB records (`Decision.inputs`) and tests.
 */
import type { Outcome, PayWhen, ReasonClass, RefusalCode, RiskLevel, WaybillCheck } from '../policy/schema.ts';
import type { RiskAssessment } from '../risk/score.ts';
import type { Category, EvidenceKind, IsoTime, Reason, Scenario } from '../vocabulary.ts';

/** What the platform knows about the buyer; every count defaults to 0 and every unknown scores no risk. */
export interface BuyerProfile {
  /** 0-1000; sets the credit tier. Missing means the lowest tier. */
  creditScore?: number;
  accountCreatedAt?: IsoTime;
  refundCount90d?: number;
  orderCount90d?: number;
  refundsLast24h?: number;
  /** The buyer's usual (average) order/refund amount in minor units. */
  usualAmount?: number;
}

/** Evidence supplied so far, with what OCR/logistics made of the return waybill. */
export interface SuppliedEvidence {
  kinds: EvidenceKind[];
  waybill?: { verification: Exclude<WaybillCheck, 'NONE'>; confidence?: number };
}

/** One refund application as the rules see it. */
export interface AssessmentInput {
  scenario: Scenario;
  reason: Reason;
  /** The dominant (strictest) category of the refunded goods; see `dominantCategory`. */
  category: Category;
  /** Minor units asked for. */
  amount: number;
  /** Decision time; passed in (never read from a clock) so decisions replay identically. */
  now: IsoTime;
  deliveredAt?: IsoTime;
  /** VIRTUAL goods: whether the code was redeemed. */
  redeemed?: boolean;
  buyer?: BuyerProfile;
  evidence?: SuppliedEvidence;
}

/** The facts the rules saw, recorded on the decision for auditors (`Decision.inputs`). */
export type Facts = {
  scenario: Scenario;
  reason: Reason;
  reasonClass: ReasonClass;
  reasonOffered: boolean;
  category: Category;
  amount: number;
  amountBand: string;
  creditTier: string;
  riskLevel: RiskLevel;
  riskScore: number;
  hoursSinceDelivery: number | null;
  withinReturnWindow: boolean | null;
  withinQualityWindow: boolean | null;
  withinInstantLimit: boolean;
  withinNoReturnLimit: boolean;
  tierRefundOnWaybill: boolean;
  redeemed: boolean | null;
  photoProvided: boolean;
  waybill: WaybillCheck;
};

/** The engine's answer. `rules` and `inputs` make it explainable; `policyVersion` makes it reproducible. */
export interface Assessment {
  outcome: Outcome;
  /**
   * Approved by the rules at once, no person decides (秒批): paid now, or, when goods must come back first, paid
   * as the policy says for the return (`payWhen`).
   */
  instant: boolean;
  /** The buyer must send the goods back before being paid (only ever when there are goods to send). */
  returnRequired: boolean;
  /** Pay as soon as a valid return waybill is recorded, before the merchant confirms receipt. */
  refundOnWaybill: boolean;
  /** When the money moves (see PAY_WHEN in policy/schema.ts). */
  payWhen: PayWhen;
  /** Why the rules refuse, on REJECT only: the API's 422 code. */
  refusal?: RefusalCode;
  /** Evidence the buyer still has to supply for the process to move on. */
  evidenceRequired: EvidenceKind[];
  riskScore: number;
  riskLevel: RiskLevel;
  risk: RiskAssessment;
  /** Ids of the rules that fired, in order: the deciding rule first, then adjusting rules. */
  rules: string[];
  policyVersion: string;
  inputs: Facts;
  /** One short English sentence from the rule that set the outcome (for logs and reviewers). */
  reason: string;
  /** The id of the rule that set the outcome: the code of the timeline's text (domain/timeline-text.ts). */
  reasonRule: string;
}
