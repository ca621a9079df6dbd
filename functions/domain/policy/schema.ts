/**
 * The shape of a refund policy document. The policy is data (see ./default-policy.ts) so that it can be versioned,
 * reviewed like code, overridden per stage and recorded on every decision; this schema is the single check that a
 * document (the default, a stage override merged in, or one loaded from elsewhere) is complete before any rule runs.
 * `zod/mini` keeps the Lambda bundle small (~13 KB against ~440 KB for full zod).
 */
// `import * as z`, not `import { z }`: esbuild cannot tree-shake the `z` namespace object, which drags in every
// locale (417 KB against 12 KB for a one-schema bundle, measured with esbuild 0.28 and zod 4.6).
import * as z from 'zod/mini';
import { returnAddressFields } from '../return-address.ts';
import { METRICS } from '../scorecard/metrics.ts';
import { CATEGORIES, EVIDENCE_KINDS, REASONS, SCENARIOS } from '../vocabulary.ts';

/** Outcomes an assessment can reach; the state machine branches on them. */
export const OUTCOMES = [
  'APPROVE',
  'REJECT',
  'MERCHANT_REVIEW',
  'MANUAL_REVIEW',
  'AWAIT_EVIDENCE',
  'AWAIT_RETURN',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Why the rules refuse an application, said with the refusal (`effect.refusal` of every REJECT rule). The API answers
 * an application the rules refuse with 422 and this code, before anything is written (app/apply-for-refund.ts).
 */
export const REFUSAL_CODES = ['REASON_NOT_OFFERED', 'WINDOW_EXPIRED', 'ALREADY_REDEEMED'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/**
 * When the money moves, as far as the rules know at application time (a person may still decide otherwise):
 * NOW (approved and paid at once), RETURN_SHIPPED (paid as soon as a valid return waybill is recorded),
 * RETURN_RECEIVED (paid when the merchant confirms the goods came back intact), AFTER_DECISION (a merchant, a
 * reviewer or more evidence decides first; `returnRequired` says whether a return follows the approval).
 */
export const PAY_WHEN = ['NOW', 'RETURN_SHIPPED', 'RETURN_RECEIVED', 'AFTER_DECISION'] as const;
export type PayWhen = (typeof PAY_WHEN)[number];

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** What OCR and the logistics data said about a waybill; NONE when no waybill was supplied yet. */
export const WAYBILL_CHECKS = ['NONE', 'MATCH', 'MISMATCH', 'UNREADABLE'] as const;
export type WaybillCheck = (typeof WAYBILL_CHECKS)[number];

/** Groups of reasons that share rules; the grouping itself is policy data. */
export const REASON_CLASSES = ['NO_REASON', 'QUALITY', 'LOGISTICS', 'OTHER'] as const;
export type ReasonClass = (typeof REASON_CLASSES)[number];

/**
 * The facts a rule may test. Decision fields (outcome, instant, ...) are facts too, so that adjusting rules can test
 * what the deciding rule chose.
 */
export const FACT_KEYS = [
  'scenario',
  'reason',
  'reasonClass',
  'reasonOffered',
  'category',
  'amount',
  'amountBand',
  'creditTier',
  'riskLevel',
  'riskScore',
  'hoursSinceDelivery',
  'withinReturnWindow',
  'withinQualityWindow',
  'withinInstantLimit',
  'withinNoReturnLimit',
  'tierRefundOnWaybill',
  'redeemed',
  'photoProvided',
  'waybill',
  'outcome',
  'instant',
  'returnRequired',
  'refundOnWaybill',
] as const;
export type FactKey = (typeof FACT_KEYS)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);
/**
 * A matcher: a scalar (equals), a list (one of), `{ not: [...] }` (none of) or a numeric range. `null` matches a
 * missing fact (e.g. no delivery time).
 */
const matcher = z.union([
  scalar,
  z.null(),
  z.array(z.union([scalar, z.null()])),
  z.strictObject({ not: z.array(z.union([scalar, z.null()])) }),
  z.strictObject({
    gt: z.optional(z.number()),
    gte: z.optional(z.number()),
    lt: z.optional(z.number()),
    lte: z.optional(z.number()),
  }),
]);
export type Matcher = z.infer<typeof matcher>;

const evidenceKind = z.enum(EVIDENCE_KINDS);
const rule = z.strictObject({
  /** Stable id recorded on every decision it takes part in, e.g. `DELIVERED.NO_REASON.RETURN`. */
  id: z.string().check(z.minLength(1)),
  /** Set false in a stage override to switch a rule off without reordering the list. */
  enabled: z.optional(z.boolean()),
  /** All conditions must hold (AND); an empty `when` always matches. */
  when: z.partialRecord(z.enum(FACT_KEYS), matcher),
  effect: z.strictObject({
    outcome: z.optional(z.enum(OUTCOMES)),
    instant: z.optional(z.boolean()),
    returnRequired: z.optional(z.boolean()),
    refundOnWaybill: z.optional(z.boolean()),
    /** Replaces the evidence list. */
    evidence: z.optional(z.array(evidenceKind)),
    /** Adds to the evidence list. */
    addEvidence: z.optional(z.array(evidenceKind)),
    /** Why a REJECT refuses: required on every rule whose outcome is REJECT (the API answers 422 with it). */
    refusal: z.optional(z.enum(REFUSAL_CODES)),
  }),
  /** One short English sentence shown to people (buyer, reviewer, auditor). */
  explain: z.string(),
});
export type Rule = z.infer<typeof rule>;

/** A piecewise-linear risk factor: 0 points at `from`, `max` points at `to` and beyond (`from > to` inverts it). */
const ramp = z.strictObject({ from: z.number(), to: z.number(), max: z.number().check(z.gte(0)) });
export type Ramp = z.infer<typeof ramp>;

const bonus = z.strictObject({ bonusBp: z.int().check(z.gte(0)), capMinor: z.int().check(z.gte(0)) });
const seconds = z.int().check(z.gt(0));
const currencyCode = z.string().check(z.regex(/^[A-Z]{3}$/));
const minor = z.int().check(z.gte(0));

/**
 * Another currency's thresholds, in its own minor units, by the ids of the policy's bands and tiers: every
 * minor-unit threshold of the document, restated (./currency.ts checks that none is missing). A new minor-unit
 * threshold added to the policy must be added here too, or it would be compared across currencies.
 */
const currencyThresholds = z.strictObject({
  /** Each amount band's upper bound, by band id; `null` for the last, open band. */
  amountBandMax: z.record(z.string(), z.nullable(minor)),
  /** Each credit tier's money limits, by tier id. */
  creditTierLimits: z.record(z.string(), z.strictObject({ instantLimit: minor, noReturnLimit: minor })),
  /** Each destination's bonus cap. */
  bonusCapMinor: z.strictObject({ BALANCE: minor, COUPON: minor }),
  /** The amount from which returned goods go to a third-party inspector (`inspection.minAmount`). */
  inspectionMinAmount: minor,
});

/** What an inspector can find of the buyer's claim, checked against the returned goods. */
export const INSPECTION_VERDICTS = ['AS_CLAIMED', 'NOT_AS_CLAIMED', 'INCONCLUSIVE'] as const;
export type InspectionVerdict = (typeof INSPECTION_VERDICTS)[number];

/** Where a verdict takes the refund: paid, rejected for good, or a reviewer decides with the inspection attached. */
export const VERDICT_OUTCOMES = ['APPROVE', 'REJECT', 'MANUAL_REVIEW'] as const;
export type VerdictOutcome = (typeof VERDICT_OUTCOMES)[number];

export const policySchema = z.strictObject({
  version: z.string().check(z.minLength(1)),
  /** ISO 4217 code of every minor-unit threshold written inline below (amount bands, tier limits, bonus caps). */
  currency: currencyCode,
  /**
   * The other currencies the policy covers, each with all its thresholds in its own minor units (./currency.ts).
   * An order in a currency that is neither `currency` nor listed here is refused (PUT /v1/orders, 422
   * CURRENCY_NOT_SUPPORTED): an amount is never compared with another currency's thresholds.
   */
  otherCurrencies: z.optional(z.record(currencyCode, currencyThresholds)),
  reasonClasses: z.record(z.enum(REASONS), z.enum(REASON_CLASSES)),
  /** Reasons a buyer may pick, per scenario. */
  reasonsByScenario: z.record(z.enum(SCENARIOS), z.array(z.enum(REASONS))),
  /** Strictest first: the dominant category of a mixed order is the first one present. */
  categoryStrictness: z.array(z.enum(CATEGORIES)),
  windows: z.strictObject({
    noReasonReturnHours: z.number().check(z.gt(0)),
    qualityClaimHours: z.record(z.enum(CATEGORIES), z.number().check(z.gt(0))),
  }),
  /** Upper bounds in minor units, ascending; the last band has no `max`. */
  amountBands: z.array(z.strictObject({ id: z.string(), max: z.optional(z.int()) })),
  /** Ascending by minScore; the first tier must start at 0. Buyers without a score get the first tier. */
  creditTiers: z.array(
    z.strictObject({
      id: z.string(),
      minScore: z.int().check(z.gte(0), z.lte(1000)),
      instantLimit: z.int().check(z.gte(0)),
      noReturnLimit: z.int().check(z.gte(0)),
      refundOnWaybill: z.boolean(),
    }),
  ),
  risk: z.strictObject({
    levels: z.strictObject({ mediumFrom: z.number(), highFrom: z.number() }),
    weights: z.strictObject({
      refundCount90d: ramp,
      refundRate90d: ramp,
      refundsLast24h: ramp,
      accountAgeDays: ramp,
      amountVsUsual: ramp,
      waybill: z.record(z.enum(WAYBILL_CHECKS), z.number().check(z.gte(0))),
      notReceivedButDelivered: z.number().check(z.gte(0)),
    }),
  }),
  ocr: z.strictObject({ minConfidence: z.number().check(z.gte(0), z.lte(1)) }),
  rules: z.strictObject({
    /** First enabled match decides the outcome. The list must end with a catch-all. */
    decide: z.array(rule),
    /** Every enabled match then adjusts the decision, in order. */
    adjust: z.array(rule),
  }),
  timeouts: z.strictObject({
    merchantResponseSeconds: seconds,
    merchantTimeoutAction: z.enum(['APPROVE', 'ESCALATE']),
    buyerEvidenceSeconds: seconds,
    buyerReturnSeconds: seconds,
    reviewTaskSlaSeconds: seconds,
  }),
  destinations: z.strictObject({ BALANCE: bonus, COUPON: bonus }),
  /**
   * Returns: `defaultAddress` is the platform's return address (its returns warehouse), copied onto a refund that
   * waits for the goods while its merchant has set none (../return-address.ts).
   */
  returns: z.strictObject({ defaultAddress: returnAddressFields }),
  /**
   * A merchant's partial offer (../partial-offer.ts): how long the buyer has to answer, where a decline goes
   * (MANUAL_REVIEW: the platform arbitrates, as after a dispute; MERCHANT_REVIEW: back to the merchant's decision),
   * what silence counts as, and how many offers a merchant may make on one refund.
   */
  offer: z.strictObject({
    answerSeconds: seconds,
    onDecline: z.enum(['MANUAL_REVIEW', 'MERCHANT_REVIEW']),
    onSilence: z.enum(['DECLINE', 'ACCEPT']),
    maxOffers: z.int().check(z.gte(1), z.lte(10)),
  }),
  /**
   * The merchant scorecard's tiers and what each changes (../scorecard/tiers.ts): a merchant is judged on its last
   * `periods` complete months (China time) once it was asked at least `minRequests` times in them; the first enabled
   * tier whose conditions hold applies (`above`: any metric over its limit; `within`: every metric at or under its
   * limit). A tier may set the merchant's response deadline (`merchantResponseSeconds`) or let the platform decide
   * instead of the merchant (`platformDecides`). Rates are fractions, response times seconds.
   */
  scorecard: z.strictObject({
    periods: z.int().check(z.gte(1), z.lte(12)),
    minRequests: z.int().check(z.gte(1)),
    tiers: z.array(
      z.strictObject({
        id: z.string().check(z.regex(/^[A-Z][A-Z_]*$/)),
        enabled: z.optional(z.boolean()),
        above: z.optional(z.partialRecord(z.enum(METRICS), z.number().check(z.gte(0)))),
        within: z.optional(z.partialRecord(z.enum(METRICS), z.number().check(z.gte(0)))),
        merchantResponseSeconds: z.optional(seconds),
        platformDecides: z.optional(z.boolean()),
      }),
    ),
  }),
  /**
   * Third-party inspection of returned goods (../inspection.ts). When the merchant records the return received, the
   * goods go to an inspector if any trigger holds: the refund's amount is at least `minAmount` (minor units of
   * `currency`, restated per other currency), the merchant's condition claim is in `conditions`, or the buyer's risk
   * level at assessment is in `riskLevels`. The inspector has `slaSeconds`; a lapsed task goes to another inspector
   * up to `reassignments` times, then to a reviewer (MANUAL_REVIEW). `verdicts` is where each verdict leads.
   */
  inspection: z.strictObject({
    enabled: z.boolean(),
    minAmount: minor,
    conditions: z.array(z.enum(['INTACT', 'DAMAGED', 'NOT_MATCHING'])),
    riskLevels: z.array(z.enum(RISK_LEVELS)),
    slaSeconds: seconds,
    reassignments: z.int().check(z.gte(0), z.lte(5)),
    verdicts: z.strictObject({
      AS_CLAIMED: z.enum(VERDICT_OUTCOMES),
      NOT_AS_CLAIMED: z.enum(VERDICT_OUTCOMES),
      INCONCLUSIVE: z.enum(VERDICT_OUTCOMES),
    }),
  }),
});

/** A validated policy document. */
export type Policy = z.infer<typeof policySchema>;
/** What a document looks like before validation (the default and stage overrides are written against this). */
export type PolicyDocument = z.input<typeof policySchema>;
