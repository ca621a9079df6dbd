/**
 * Bodies of the lifecycle routes: merchant and reviewer decisions, an inspector's verdict, the buyer's answer to an offer, return shipment,
 * dispute, availability.
 */
import * as z from 'zod/mini';
import { INSPECTION_VERDICTS } from '../domain/policy/schema.ts';
import { DECISION_KINDS } from '../domain/refund.ts';
import { MAX_MESSAGE_EVIDENCE } from '../domain/thread.ts';
import { ACTORS, STATUSES } from '../domain/vocabulary.ts';
import { id, isoTime, line, minorUnits, pageLimit, positiveMinorUnits, text } from './common.ts';

/**
 * OFFER (a partial refund the buyer may accept or decline) needs `amount`, and only OFFER takes one; whether the
 * amount is partial (0 < amount < the refund's) is the use case's 422 (domain/partial-offer.ts).
 */
export const merchantDecisionSchema = z
  .strictObject({
    decision: z.enum(['APPROVE', 'REJECT', 'OFFER']),
    reason: z.optional(text(100)),
    note: z.optional(text(500)),
    /** OFFER only: the amount offered, minor units (0 is the use case's 422 OFFER_NOT_PARTIAL, as documented). */
    amount: z.optional(minorUnits()),
  })
  .check(
    z.refine(
      (b) => (b.decision === 'OFFER') === (b.amount !== undefined),
      'amount is required with OFFER, and only with it',
    ),
  );

/**
 * `POST /v1/refunds/{refundId}/offer`: the buyer accepts or declines the merchant's partial offer. `amount`, the offer
 * the buyer saw, makes the answer about that offer: a merchant who made another since gets the answer refused (409
 * OFFER_CHANGED), so a stale page never accepts a lower offer than the one shown.
 */
export const offerAnswerSchema = z.strictObject({ accept: z.boolean(), amount: z.optional(positiveMinorUnits()) });

export const returnReceivedSchema = z.strictObject({ condition: z.enum(['INTACT', 'DAMAGED', 'NOT_MATCHING']) });

export const reviewDecisionSchema = z.strictObject({
  decision: z.enum(['APPROVE', 'REJECT', 'REQUEST_EVIDENCE']),
  note: text(1000).check(z.minLength(1)),
});

/** An inspector's verdict on returned goods (POST /v1/inspection/tasks/{taskId}/result). */
export const inspectionResultSchema = z.strictObject({
  verdict: z.enum(INSPECTION_VERDICTS),
  note: text(1000).check(z.minLength(1)),
  evidenceIds: z.optional(z.array(id()).check(z.maxLength(MAX_MESSAGE_EVIDENCE))),
});

export const returnShipmentSchema = z
  .strictObject({
    carrier: z.optional(line(40).check(z.minLength(1))),
    trackingNumber: z.optional(z.string().check(z.regex(/^[A-Za-z0-9 -]{6,40}$/))),
    evidenceId: z.optional(id()),
  })
  .check(
    z.refine(
      (b) => b.trackingNumber !== undefined || b.evidenceId !== undefined,
      'trackingNumber or evidenceId is required',
    ),
  );

export const disputeSchema = z.strictObject({ note: text(1000).check(z.minLength(1)) });

/** Routes that take no query parameters refuse unknown ones, like the others (400, not silently ignored). */
export const noQuerySchema = z.strictObject({});

export const availabilitySchema = z.strictObject({ available: z.boolean() });

export const merchantListQuerySchema = z.strictObject({
  status: z.optional(z.enum(STATUSES)),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(pageLimit(100)),
});

/** One decision in a refund's history, as a reviewer's task shows it (functions/domain/refund.ts `Decision`). */
export const decisionSchema = z.object({
  /**
   * ASSESSMENT (rules engine), MERCHANT, RETURN_CHECK (merchant's check of returned goods), REVIEW, ARBITRATION, TIMEOUT,
   * PAYOUT_RECOVERY (a finance retry or the buyer's switch to the balance after a failed payout).
   */
  kind: z.optional(z.enum(DECISION_KINDS)),
  outcome: z.string(),
  by: z.enum(ACTORS),
  /** The merchant's or reviewer's id. */
  actorId: z.optional(z.string()),
  /** Rules that fired, in order; for a timeout, the timeout rule. */
  rules: z.array(z.string()),
  riskScore: z.optional(z.number()),
  riskLevel: z.optional(z.string()),
  /** The factors behind the risk score, each with the value it saw and the points it added. */
  riskFactors: z.optional(
    z.array(
      z.object({ factor: z.string(), value: z.union([z.number(), z.string(), z.boolean()]), points: z.number() }),
    ),
  ),
  policyVersion: z.optional(z.string()),
  /** The facts the rules saw; a person's note and reason. */
  inputs: z.optional(z.record(z.string(), z.unknown())),
  at: isoTime(),
});
