/**
 * Response shapes that have no request twin: the stored order and the refund options. Handlers build these from
 * domain functions; the OpenAPI document and the contract tests read them from here.
 */
import * as z from 'zod/mini';
import { type Outcome, PAY_WHEN } from '../domain/policy/schema.ts';
import { CATEGORIES, DESTINATIONS, EVIDENCE_KINDS, PAYMENT_METHODS, REASONS, SCENARIOS } from '../domain/vocabulary.ts';
import { currency, id, isoTime, minorUnits } from './common.ts';
import { putOrderSchema } from './order.ts';

/** What refunds hold of one order line: reserved by refunds in progress, refunded by paid ones. */
export const lineRefundsSchema = z.object({
  reservedUnits: z.int(),
  reservedAmount: minorUnits(),
  refundedUnits: z.int(),
  refundedAmount: minorUnits(),
});

export const orderSchema = z.extend(z.object(putOrderSchema.shape), {
  orderId: id(),
  /** Reserved or refunded by refunds that are not cancelled or rejected; never above paidAmount. */
  refundedAmount: minorUnits(),
  /** Per line (by sku), what refunds hold of it; a line without an entry holds nothing. */
  lines: z.optional(z.record(z.string(), lineRefundsSchema)),
  createdAt: isoTime(),
  updatedAt: isoTime(),
});

const promisedWithin = z.union([
  z.literal('IMMEDIATE'),
  z.object({ minBusinessDays: z.int(), maxBusinessDays: z.int() }),
]);

/** The outcomes an offered reason can lead to: every assessment outcome but REJECT (a refused reason is not offered). */
const OFFERED_OUTCOMES = [
  'APPROVE',
  'AWAIT_RETURN',
  'MERCHANT_REVIEW',
  'AWAIT_EVIDENCE',
  'MANUAL_REVIEW',
] as const satisfies readonly Exclude<Outcome, 'REJECT'>[];

/** An order line with what is still refundable of it (domain/order.ts OrderLineView): refund-options and the orders list. */
export const orderLineViewSchema = z.object({
  sku: id(),
  name: z.string(),
  category: z.enum(CATEGORIES),
  unitPrice: minorUnits(),
  quantity: z.int(),
  /** Units not yet refunded or reserved: the most `items[].quantity` may ask for this line. */
  refundableQuantity: z.int(),
  /** What those units are worth: the line's share of what was paid, minus what refunds hold of it. */
  refundableAmount: minorUnits(),
});

export const refundOptionsSchema = z.object({
  orderId: id(),
  scenario: z.enum(SCENARIOS),
  category: z.enum(CATEGORIES),
  currency: currency(),
  reasons: z.array(
    z.object({
      code: z.enum(REASONS),
      label: z.string(),
      /** What applying for maxAmount with this reason leads to first (the assessment's outcome; never REJECT). */
      outcome: z.enum(OFFERED_OUTCOMES),
      /** Approved by the rules at once, no person decides; `payWhen` says when the money follows. */
      instant: z.boolean(),
      /** The goods go back before the money. */
      returnRequired: z.boolean(),
      /** NOW, RETURN_SHIPPED (valid return waybill), RETURN_RECEIVED (merchant confirms) or AFTER_DECISION. */
      payWhen: z.enum(PAY_WHEN),
      evidenceRequired: z.array(z.enum(EVIDENCE_KINDS)),
    }),
  ),
  maxAmount: minorUnits(),
  instantEligible: z.boolean(),
  destinations: z.array(
    z.object({
      type: z.enum(DESTINATIONS),
      method: z.enum([...PAYMENT_METHODS, 'COUPON']),
      bonusAmount: minorUnits(),
      promisedWithin,
      promisedBy: isoTime(),
    }),
  ),
  evidenceRequired: z.partialRecord(z.enum(REASONS), z.array(z.enum(EVIDENCE_KINDS))),
  items: z.array(orderLineViewSchema),
  noteMaxLength: z.int(),
  policyVersion: z.string(),
});

export const healthSchema = z.object({ ok: z.boolean() });
