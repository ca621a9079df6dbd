/** Buyer-facing refund contracts: the apply body and the Refund resource. */
import * as z from 'zod/mini';
import { INSPECTION_VERDICTS } from '../domain/policy/schema.ts';
import { ACTORS, DESTINATIONS, EVIDENCE_KINDS, REASONS, SCENARIOS, STATUSES } from '../domain/vocabulary.ts';
import { currency, id, isoTime, minorUnits, pageLimit, positiveMinorUnits, text } from './common.ts';
import { refundReturnAddressSchema } from './return-address.ts';

export const createRefundSchema = z.strictObject({
  orderId: id(),
  reason: z.enum(REASONS),
  note: z.optional(text(200)),
  /**
   * Default: what the items are worth (all that is still refundable without items). At most what the named units are
   * worth (422 AMOUNT_EXCEEDS_ITEMS).
   */
  amount: z.optional(positiveMinorUnits()),
  /** The lines and units refunded (422 ITEMS_EXCEED_REFUNDABLE beyond what is left). Default: every unit left. */
  items: z.optional(
    z
      .array(z.strictObject({ sku: id(), quantity: z.int().check(z.minimum(1), z.maximum(10_000)) }))
      .check(z.minLength(1), z.maxLength(200)),
  ),
  destination: z.optional(z.enum(DESTINATIONS)),
});
export type CreateRefundBody = z.infer<typeof createRefundSchema>;

export const idempotencyKeySchema = z.string().check(z.minLength(1), z.maxLength(255), z.regex(/^[\x21-\x7e]+$/));

export const timelineEventSchema = z.object({
  at: isoTime(),
  status: z.enum(STATUSES),
  label: z.string(),
  actor: z.enum(ACTORS),
  /** What happened, in the reader's language (built from a code at read time; never a rule id for buyers). */
  detail: z.optional(z.string()),
  /** The rule behind the entry: reviewers only (GET /v1/review/tasks). */
  rule: z.optional(z.string()),
  /** MESSAGE: a message of the negotiation thread (GET …/messages has its text); absent for a status change. */
  kind: z.optional(z.enum(['MESSAGE'])),
  messageId: z.optional(z.string()),
});

/** What the refund keeps of its inspection (functions/domain/refund.ts `RefundInspection`). */
export const inspectionSchema = z.object({
  /** The inspection rules that sent the goods (INSPECTION.HIGH_VALUE, INSPECTION.CONDITION_CLAIM, INSPECTION.RISKY_BUYER). */
  rules: z.array(z.string()),
  /** The merchant's condition claim when it recorded the return received. */
  condition: z.enum(['INTACT', 'DAMAGED', 'NOT_MATCHING']),
  requestedAt: z.string(),
  taskId: z.optional(z.string()),
  inspectorId: z.optional(z.string()),
  /** SLA reassignments so far. */
  reassigned: z.optional(z.number()),
  verdict: z.optional(
    z.object({
      verdict: z.enum(INSPECTION_VERDICTS),
      note: z.string(),
      evidenceIds: z.array(z.string()),
      inspectorId: z.string(),
      at: z.string(),
    }),
  ),
});

export const refundSchema = z.object({
  refundId: id(),
  orderId: id(),
  userId: id(),
  merchantId: id(),
  amount: minorUnits(),
  currency: currency(),
  reason: z.enum(REASONS),
  note: z.optional(z.string()),
  scenario: z.enum(SCENARIOS),
  destination: z.enum(DESTINATIONS),
  status: z.enum(STATUSES),
  statusLabel: z.string(),
  timeline: z.array(timelineEventSchema),
  /** The order lines refunded, by SKU and quantity, with the part of `amount` on each (they add up to it). */
  items: z.optional(z.array(z.object({ sku: z.string(), quantity: z.int(), amount: z.optional(minorUnits()) }))),
  /** The buyer's dispute of a merchant rejection. */
  dispute: z.optional(z.object({ note: z.string(), at: isoTime() })),
  decision: z.optional(
    z.object({
      outcome: z.string(),
      by: z.enum(ACTORS),
      rules: z.array(z.string()),
      riskScore: z.optional(z.number()),
      policyVersion: z.optional(z.string()),
    }),
  ),
  payout: z.optional(
    z.object({
      method: z.string(),
      destination: z.enum(DESTINATIONS),
      amount: minorUnits(),
      bonusAmount: z.optional(minorUnits()),
      promisedBy: isoTime(),
      sentAt: z.optional(isoTime()),
      settledAt: z.optional(isoTime()),
      settledAmount: z.optional(minorUnits()),
      providerRef: z.optional(z.string()),
      failedAt: z.optional(isoTime()),
      failureReason: z.optional(z.string()),
      /** Problems finance must see (AMOUNT_MISMATCH, SETTLED_TWICE). */
      flags: z.optional(z.array(z.string())),
      /** Attempts started at the provider; more than 1 after a recovery sent the payout again. */
      attempts: z.optional(z.int()),
      /** Earlier attempts a recovery replaced (their late failures change nothing). */
      supersededRefs: z.optional(z.array(z.string())),
    }),
  ),
  nextStep: z.optional(z.object({ who: z.enum(ACTORS), action: z.string(), dueBy: z.optional(isoTime()) })),
  evidence: z.optional(
    z.array(
      z.object({
        evidenceId: z.string(),
        kind: z.enum(EVIDENCE_KINDS),
        contentType: z.string(),
        uploadedAt: z.optional(isoTime()),
        /** The storage version of the file that arrived and was read. */
        versionId: z.optional(z.string()),
        ocr: z.optional(
          z.object({
            fields: z.record(z.string(), z.object({ value: z.string(), confidence: z.number() })),
            verification: z.optional(z.string()),
            reasons: z.optional(z.array(z.string())),
            at: z.optional(isoTime()),
          }),
        ),
      }),
    ),
  ),
  returnShipment: z.optional(
    z.object({
      carrier: z.optional(z.string()),
      trackingNumber: z.optional(z.string()),
      evidenceId: z.optional(z.string()),
      at: isoTime(),
    }),
  ),
  /**
   * The merchant's latest partial offer: `amount` of the `requested` amount, answered by `dueBy` (status
   * AWAITING_BUYER until then); `answer` once the buyer (or, on silence, the policy) accepted or declined it.
   */
  offer: z.optional(
    z.object({
      amount: minorUnits(),
      note: z.optional(z.string()),
      merchantId: z.string(),
      at: isoTime(),
      dueBy: isoTime(),
      requested: minorUnits(),
      answer: z.optional(
        z.object({ outcome: z.enum(['ACCEPTED', 'DECLINED']), by: z.enum(['BUYER', 'SYSTEM']), at: isoTime() }),
      ),
    }),
  ),
  /** Where to send the goods: set when the refund entered AWAITING_RETURN, from the merchant or the platform default. */
  returnAddress: z.optional(refundReturnAddressSchema),
  /** Staff only (reviewers, inspectors): the third-party inspection of the returned goods, and its verdict. */
  inspection: z.optional(inspectionSchema),
  createdAt: isoTime(),
  updatedAt: isoTime(),
});

export const refundListSchema = z.object({ items: z.array(refundSchema), cursor: z.optional(z.string()) });

/** The merchant's list: a page, and `setup` naming what it still has to set up (absent when nothing is missing). */
export const merchantRefundListSchema = z.object({
  items: z.array(refundSchema),
  cursor: z.optional(z.string()),
  /** `returnAddress: MISSING`: no return address set; returns go to the platform default until one is. */
  setup: z.optional(z.object({ returnAddress: z.literal('MISSING') })),
  /** What the policy does when the merchant lets a deadline (`nextStep.dueBy`) pass: approve, or a reviewer decides. */
  timeoutAction: z.optional(z.enum(['APPROVE', 'MANUAL_REVIEW'])),
});

export const refundListQuerySchema = z.strictObject({
  orderId: z.optional(id()),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(pageLimit(100)),
});
