/**
 * Compares what OCR read from evidence with what the refund claims. Pure.
 *
 * Three outcomes: MATCH (automation may proceed), MISMATCH (a confident read that contradicts the claim) and
 * UNREADABLE (not sure enough: a person looks). A doubtful read is never a MISMATCH, so OCR alone never rejects
 * a buyer on a bad photo.
 */
import type { Money } from '../vocabulary.ts';
import { type Carrier, carrierFromName, carriersNamedIn } from './carriers.ts';
import type { ReceiptSummary } from './receipt.ts';
import { findTrackingNumbers, normalizeTrackingNumber, type TrackingCandidate } from './tracking.ts';
import type { OcrField, OcrLine } from './types.ts';

export const VERIFICATION_RESULTS = ['MATCH', 'MISMATCH', 'UNREADABLE'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

/** Below this confidence (0..1) a read is UNREADABLE. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.8;

export type WaybillReasonCode =
  | 'NO_TRACKING_NUMBER'
  | 'LOW_CONFIDENCE'
  | 'NOTHING_TO_COMPARE'
  | 'TRACKING_NUMBER_MATCHES'
  | 'TRACKING_NUMBER_DIFFERS'
  | 'TRACKING_NUMBER_NEAR_MATCH'
  | 'CARRIER_MATCHES'
  | 'CARRIER_DIFFERS'
  | 'CARRIER_NOT_CHECKED';

/** Where an expected value came from: what the buyer typed for the return, or the order's logistics record. */
export type ExpectationSource = 'RETURN_SHIPMENT' | 'ORDER_LOGISTICS';

/** A shipment the waybill should show. Carrier is free text (names, codes, Chinese names all work). */
export interface ShipmentExpectation {
  source: ExpectationSource;
  trackingNumber?: string;
  carrier?: string;
}

export interface VerificationReason<C extends string> {
  code: C;
  source?: ExpectationSource;
  detail?: string;
}

/** Outcome plus the fields to store on the evidence (`Evidence.ocr.fields`). */
export interface WaybillVerification {
  result: VerificationResult;
  reasons: VerificationReason<WaybillReasonCode>[];
  /** The candidate the decision used. */
  read?: TrackingCandidate;
  /** Every number found, best first, for the reviewer. */
  candidates: TrackingCandidate[];
  fields: Record<string, OcrField<string>>;
}

/** Edit distance at most one (one character misread, dropped or added). */
function nearlyEqual(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const tail = (x: string, y: string) =>
    x.slice(i + 1) === y.slice(i + 1) || x.slice(i + 1) === y.slice(i) || x.slice(i) === y.slice(i + 1);
  return tail(a, b);
}

/**
 * Checks a waybill photo against the expected shipments. The read number must equal every expected number; the
 * carrier must be one the number's format allows and, when the label names carriers, one of them.
 */
export function verifyWaybill(
  lines: OcrLine[],
  expected: ShipmentExpectation[],
  options: { threshold?: number } = {},
): WaybillVerification {
  const threshold = options.threshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
  const carrierHint = expected.map((e) => carrierFromName(e.carrier)).find((c) => c !== undefined);
  const candidates = findTrackingNumbers(lines, carrierHint ? { carrierHint } : {});
  const wanted = expected.flatMap((e) => (e.trackingNumber ? [normalizeTrackingNumber(e.trackingNumber)] : []));
  const read = candidates.find((c) => wanted.includes(c.trackingNumber)) ?? candidates[0];
  if (!read) return { result: 'UNREADABLE', reasons: [{ code: 'NO_TRACKING_NUMBER' }], candidates, fields: {} };
  const fields = {
    trackingNumber: { value: read.trackingNumber, confidence: read.confidence },
    carrier: {
      value: read.carrier,
      confidence: read.ambiguous && !read.namedOnLabel ? read.confidence / 2 : read.confidence,
    },
  };
  const base = { read, candidates, fields };
  if (read.confidence < threshold) {
    return {
      ...base,
      result: 'UNREADABLE',
      reasons: [{ code: 'LOW_CONFIDENCE', detail: `${read.confidence.toFixed(2)} < ${threshold}` }],
    };
  }
  const possible = new Set<Carrier>(
    candidates.filter((c) => c.trackingNumber === read.trackingNumber).map((c) => c.carrier),
  );
  const named = new Set(lines.flatMap((l) => carriersNamedIn(l.text)));
  const reasons: VerificationReason<WaybillReasonCode>[] = [];
  for (const e of expected) {
    if (e.trackingNumber) {
      const want = normalizeTrackingNumber(e.trackingNumber);
      const code =
        want === read.trackingNumber
          ? 'TRACKING_NUMBER_MATCHES'
          : nearlyEqual(want, read.trackingNumber)
            ? 'TRACKING_NUMBER_NEAR_MATCH'
            : 'TRACKING_NUMBER_DIFFERS';
      reasons.push({ code, source: e.source, detail: `read ${read.trackingNumber}, expected ${want}` });
    }
    if (e.carrier) {
      const carrier = carrierFromName(e.carrier);
      if (!carrier)
        reasons.push({ code: 'CARRIER_NOT_CHECKED', source: e.source, detail: `unknown carrier ${e.carrier}` });
      else {
        const ok = possible.has(carrier) && (named.size === 0 || named.has(carrier));
        const detail = `expected ${carrier}, label fits ${[...possible].join('/')}${named.size ? `, names ${[...named].join('/')}` : ''}`;
        reasons.push({ code: ok ? 'CARRIER_MATCHES' : 'CARRIER_DIFFERS', source: e.source, detail });
      }
    }
  }
  const codes = new Set(reasons.map((r) => r.code));
  if (reasons.every((r) => r.code === 'CARRIER_NOT_CHECKED')) {
    return { ...base, result: 'UNREADABLE', reasons: [...reasons, { code: 'NOTHING_TO_COMPARE' }] };
  }
  const result =
    codes.has('TRACKING_NUMBER_DIFFERS') || codes.has('CARRIER_DIFFERS')
      ? 'MISMATCH'
      : codes.has('TRACKING_NUMBER_NEAR_MATCH')
        ? 'UNREADABLE'
        : 'MATCH';
  return { ...base, result, reasons };
}

export type ReceiptReasonCode =
  | 'NO_TOTAL'
  | 'LOW_CONFIDENCE'
  | 'AMOUNT_MATCHES'
  | 'AMOUNT_DIFFERS'
  | 'CURRENCY_DIFFERS';

export interface ReceiptVerification {
  result: VerificationResult;
  reasons: VerificationReason<ReceiptReasonCode>[];
  fields: Record<string, OcrField<string>>;
}

/**
 * Checks a receipt's total against the order's paid amount. A total without a stated currency is compared by
 * amount alone ('$' is not enough to know which dollar).
 */
export function verifyReceipt(
  summary: ReceiptSummary,
  paid: Money,
  options: { threshold?: number } = {},
): ReceiptVerification {
  const threshold = options.threshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
  const fields: Record<string, OcrField<string>> = {};
  const total = summary.total;
  if (total) {
    fields.total = { value: String(total.value.amount), confidence: total.confidence };
    if (total.value.currency) fields.currency = { value: total.value.currency, confidence: total.confidence };
  }
  for (const key of ['date', 'vendor', 'receiptId'] as const) {
    const field = summary[key];
    if (field) fields[key] = field;
  }
  if (!total) return { result: 'UNREADABLE', reasons: [{ code: 'NO_TOTAL' }], fields };
  if (total.confidence < threshold) {
    return {
      result: 'UNREADABLE',
      reasons: [{ code: 'LOW_CONFIDENCE', detail: `${total.confidence.toFixed(2)} < ${threshold}` }],
      fields,
    };
  }
  const detail =
    `read ${total.value.amount} ${total.value.currency ?? ''}, paid ${paid.amount} ${paid.currency}`.replace(
      /\s+/g,
      ' ',
    );
  if (total.value.currency && total.value.currency !== paid.currency) {
    return { result: 'MISMATCH', reasons: [{ code: 'CURRENCY_DIFFERS', detail }], fields };
  }
  const matches = total.value.amount === paid.amount;
  return {
    result: matches ? 'MATCH' : 'MISMATCH',
    reasons: [{ code: matches ? 'AMOUNT_MATCHES' : 'AMOUNT_DIFFERS', detail }],
    fields,
  };
}
