/**
 * The refund domain's shared words. Plain constants and types: no AWS SDK, no I/O.
 * Schemas (functions/schemas) build their enums from these lists so there is one definition of each.
 */

export const CATEGORIES = ['GENERAL', 'FRESH', 'CUSTOM', 'VIRTUAL'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SCENARIOS = ['NOT_SHIPPED', 'IN_TRANSIT', 'DELIVERED'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const PAYMENT_METHODS = ['ALIPAY', 'WECHAT_PAY', 'BANK_CARD', 'BALANCE'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const DESTINATIONS = ['ORIGINAL', 'BALANCE', 'COUPON'] as const;
export type Destination = (typeof DESTINATIONS)[number];

export const ROLES = ['buyer', 'merchant', 'reviewer', 'finance', 'inspector', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Reason catalogue: a buyer picks one code; labels live in ./labels.ts. */
export const REASONS = [
  'NO_LONGER_NEEDED',
  'ORDERED_BY_MISTAKE',
  'NOT_RECEIVED',
  'LATE_DELIVERY',
  'QUALITY_ISSUE',
  'NOT_AS_DESCRIBED',
  'DAMAGED',
  'WRONG_ITEM',
  'MISSING_PARTS',
  'OTHER',
] as const;
export type Reason = (typeof REASONS)[number];

export const STATUSES = [
  'SUBMITTED',
  'AWAITING_MERCHANT',
  'AWAITING_EVIDENCE',
  'AWAITING_RETURN',
  'RETURN_IN_TRANSIT',
  'MANUAL_REVIEW',
  /** The returned goods are with a third-party inspector, who checks them against the buyer's claim. */
  'AWAITING_INSPECTION',
  /** The merchant offered part of the amount (a partial offer); the buyer accepts or declines. */
  'AWAITING_BUYER',
  'APPROVED',
  'PAYOUT_PENDING',
  'REFUNDED',
  'REJECTED',
  'CANCELLED',
  'PAYOUT_FAILED',
] as const;
export type RefundStatus = (typeof STATUSES)[number];

/** Statuses after which nothing more happens to a refund. */
export const TERMINAL_STATUSES: ReadonlySet<RefundStatus> = new Set(['REFUNDED', 'REJECTED', 'CANCELLED']);

/** Statuses in which the money has not left yet, so the buyer may still cancel. */
export const CANCELLABLE_STATUSES: ReadonlySet<RefundStatus> = new Set([
  'SUBMITTED',
  'AWAITING_MERCHANT',
  'AWAITING_EVIDENCE',
  'AWAITING_RETURN',
  'RETURN_IN_TRANSIT',
  'MANUAL_REVIEW',
  'AWAITING_INSPECTION',
  'AWAITING_BUYER',
]);

export const ACTORS = ['BUYER', 'MERCHANT', 'REVIEWER', 'INSPECTOR', 'SYSTEM'] as const;
export type ActorKind = (typeof ACTORS)[number];

export const EVIDENCE_KINDS = ['PHOTO', 'WAYBILL', 'RECEIPT'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** ISO-8601 UTC timestamp string, e.g. 2026-11-26T11:14:00.000Z. */
export type IsoTime = string;

/** Money is an integer number of minor units (fen, cents) with an ISO-4217 currency. Never a float. */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * What a timeline event says, as a code (its text is built at read time in each language: ./timeline-text.ts).
 */
export const DETAIL_CODES = [
  /** The rules engine decided (facts: rule = the deciding rule, outcome). */
  'RULES_DECIDED',
  'MERCHANT_TIMEOUT_APPROVED',
  'MERCHANT_TIMEOUT_ESCALATED',
  'CLOSED_NO_EVIDENCE',
  'CLOSED_NO_RETURN',
  'REVIEW_REASSIGNED',
  'DISPUTE_WINDOW_CLOSED',
  'BUYER_DISPUTED',
  /** facts: carrier?, trackingNumber? */
  'RETURN_SHIPPED',
  /** The buyer sent a photo of the waybill, no number typed. */
  'RETURN_SHIPPED_PHOTO',
  /** facts: condition (INTACT, DAMAGED, NOT_MATCHING) */
  'RETURN_RECEIVED',
  /** facts: kind (PHOTO, WAYBILL, RECEIPT) */
  'EVIDENCE_RECEIVED',
  /** facts: kind, verification (MATCH, MISMATCH, UNREADABLE, REJECTED…), found? */
  'EVIDENCE_READ',
  /** facts: reason?, note? (the merchant's own words) */
  'MERCHANT_ANSWERED',
  /** facts: note (the reviewer's own words) */
  'REVIEWER_NOTE',
  /** facts: reason? (the provider's code, for staff) */
  'PAYOUT_FAILED',
  /** facts: providerRef? (the failed attempt, for staff) */
  'PAYOUT_RETRIED',
  'PAYOUT_SWITCHED_TO_BALANCE',
  /** facts: by (the role that asked) */
  'PAYOUT_FOUND_SETTLED',
  /** facts: by, providerRef */
  'PAYOUT_STILL_PENDING',
  'PAYOUT_STATUS_CHECKED',
  /** facts: flags?, note? (settlement oddities, for finance) */
  'PAYOUT_SETTLED',
  /** The buyer accepted the merchant's rejection before the dispute window ended. */
  'BUYER_ACCEPTED',
  /** facts: verdict (AS_CLAIMED, NOT_AS_CLAIMED, INCONCLUSIVE), note (the inspector's own words) */
  'INSPECTION_VERDICT',
  /** The inspector did not answer in time: another inspector gets the goods. */
  'INSPECTION_REASSIGNED',
  /** No inspector answered in time, reassignments used up: a reviewer decides. */
  'INSPECTION_TIMED_OUT',
] as const;
export type DetailCode = (typeof DETAIL_CODES)[number];
