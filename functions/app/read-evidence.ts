/**
 * An evidence file arrived in storage (S3 ObjectCreated in AWS; the local upload route delivers the same event).
 * The evidence is marked uploaded (idempotent: a repeated event keeps the first time), then read: waybills with
 * Textract DetectDocumentText in AWS, tesseract locally, and compared with the return shipment or the order's
 * logistics; receipts with AnalyzeExpense, their total compared with what was paid; photos are kept for people. The
 * result is stored on the evidence and in the timeline, and a refund waiting for this evidence moves on: re-assessed
 * by the rules, or, for a return waybill, treated as the return shipment. An unreadable file never rejects anything:
 * it goes to a person. An object that is not requested evidence is logged and ignored.
 */
import {
  EVIDENCE_CONTENT_TYPES,
  EvidenceFileRejected,
  type ShipmentExpectation,
  verifyReceipt,
  verifyWaybill,
} from '../domain/evidence/index.ts';
import { enterStep, type StepOutcome, transition } from '../domain/lifecycle.ts';
import { policyInCurrency } from '../domain/policy/currency.ts';
import type { Policy } from '../domain/policy/schema.ts';
import type { Decision, Evidence, Order, Refund } from '../domain/refund.ts';
import { assess, toDecision } from '../domain/rules/index.ts';
import { afterReturnShipped } from '../domain/transitions.ts';
import { logger } from '../observability/logger.ts';
import { parseEvidenceKey } from '../ports/evidence-store.ts';
import type { Ports } from '../ports/index.ts';
import type { EvidenceImage } from '../ports/ocr.ts';
import { assessmentInput } from './assessment-input.ts';
import { notifyTransition } from './notify-transition.ts';
import { resumeWaiting } from './resume-waiting.ts';
import { withReturnAddress } from './return-address.ts';
import { underMerchantTerms } from './scorecard.ts';

export type ReadEvidenceDeps = Pick<
  Ports,
  | 'store'
  | 'evidenceRecords'
  | 'ocr'
  | 'workflow'
  | 'notifier'
  | 'inbox'
  | 'clock'
  | 'policy'
  | 'returnAddresses'
  | 'scorecards'
>;

/** The stored object, as the storage event names it (the key already URL-decoded). */
export interface StoredObject {
  bucket: string;
  key: string;
  version?: string | undefined;
  size: number;
}

export async function readEvidence(deps: ReadEvidenceDeps, object: StoredObject): Promise<void> {
  const { bucket, key } = object;
  const ids = parseEvidenceKey(key);
  const evidence =
    ids && (await deps.store.getRefund(ids.refundId))?.evidence?.find((e) => e.evidenceId === ids.evidenceId);
  const contentType = EVIDENCE_CONTENT_TYPES.find((t) => t === evidence?.contentType);
  if (!ids || !evidence || !contentType) {
    logger.warn('object is not requested evidence; ignored', { bucket, key });
    return;
  }
  const marked = await deps.evidenceRecords.markUploaded(
    ids.refundId,
    ids.evidenceId,
    deps.clock.now().toISOString(),
    object.version,
  );
  // The version recorded first is the evidence. Upload URLs write once (If-None-Match: *), so another version can
  // only come from outside the upload flow; it is not read and never replaces what the refund was judged on.
  const version = marked?.versionId ?? object.version;
  if (object.version && version !== object.version) {
    logger.warn('a later version of recorded evidence; ignored', { bucket, key, version: object.version });
    return;
  }
  await processUploadedEvidence(deps, ids.refundId, ids.evidenceId, {
    s3: { bucket, key, ...(version ? { version } : {}) },
    contentType,
    size: object.size,
  });
}

type Reading = NonNullable<Evidence['ocr']>;

function expectationsFor(refund: Refund, order: Order | undefined): ShipmentExpectation[] {
  const returning = refund.returnShipment || refund.step === 'AWAIT_RETURN' || refund.step === 'RETURN_IN_TRANSIT';
  if (returning) {
    const typed = refund.returnShipment;
    return typed?.trackingNumber
      ? [
          {
            source: 'RETURN_SHIPMENT',
            trackingNumber: typed.trackingNumber,
            ...(typed.carrier ? { carrier: typed.carrier } : {}),
          },
        ]
      : [];
  }
  const f = order?.fulfillment;
  return f?.trackingNumber
    ? [{ source: 'ORDER_LOGISTICS', trackingNumber: f.trackingNumber, ...(f.carrier ? { carrier: f.carrier } : {}) }]
    : [];
}

async function read(
  deps: Pick<Ports, 'ocr'>,
  evidence: Evidence,
  refund: Refund,
  order: Order | undefined,
  image: EvidenceImage,
  at: string,
): Promise<Reading> {
  const { ocr } = deps;
  if (evidence.kind === 'WAYBILL') {
    const { lines } = await ocr.readWaybill(image);
    const v = verifyWaybill(lines, expectationsFor(refund, order));
    const fields = { ...v.fields };
    if (v.read && !fields.trackingNumber)
      fields.trackingNumber = { value: v.read.trackingNumber, confidence: v.read.confidence };
    if (v.read && !fields.carrier) fields.carrier = { value: v.read.carrier, confidence: v.read.confidence };
    return { fields, verification: v.result, reasons: v.reasons.map((r) => r.code), at };
  }
  const { summary } = await ocr.readReceipt(image);
  const v = verifyReceipt(summary, { amount: order?.paidAmount ?? refund.amount, currency: refund.currency });
  return { fields: v.fields, verification: v.result, reasons: v.reasons.map((r) => r.code), at };
}

/**
 * Where a refund waiting for this evidence goes next, or undefined if it is not waiting for it; with the
 * re-assessment that decided it and what the buyer must still do, when the rules ran again.
 */
async function nextStepFor(
  deps: Pick<Ports, 'store' | 'policy' | 'scorecards' | 'clock'>,
  refund: Refund,
  evidence: Evidence,
  reading: Reading | undefined,
  now: string,
): Promise<
  { next: StepOutcome; decision?: Decision; requirements?: Refund['requirements']; policy?: Policy } | undefined
> {
  if (refund.step === 'AWAIT_EVIDENCE') {
    const supplied = new Set((refund.evidence ?? []).filter((e) => e.uploadedAt).map((e) => e.kind));
    const missing = (refund.requirements?.evidenceRequired ?? []).filter((k) => !supplied.has(k));
    if (missing.length) return undefined;
    // A reviewer asked for it (a review or an arbitration): the case goes back to a reviewer with the new evidence.
    // Running the rules again instead would let them decide what a person had taken on: send a disputed rejection back
    // to the merchant being arbitrated, or reject a return whose window closed while the buyer took the photo.
    const asked = refund.decisions?.at(-1);
    if (asked?.by === 'REVIEWER' && asked.outcome === 'REQUEST_EVIDENCE') return { next: 'MANUAL_REVIEW' };
    const assessed = assess(
      (await assessmentInput(deps, refund, now)).input,
      policyInCurrency(deps.policy, refund.currency),
    );
    // The merchant's scorecard tier applies as at the first assessment (app/assess-refund.ts).
    const applied = await underMerchantTerms(deps, refund.merchantId, assessed);
    const { assessment } = applied;
    const outcome = assessment.outcome;
    const decision = toDecision(assessment, now);
    decision.inputs = { ...decision.inputs, ...applied.inputs };
    return {
      next: outcome === 'REJECT' ? 'END' : outcome === 'AWAIT_EVIDENCE' ? 'MANUAL_REVIEW' : outcome,
      decision,
      policy: applied.policy,
      // What the buyer must still do follows the new assessment (a return after a photo, paid on its waybill or not).
      requirements: {
        returnRequired: assessment.returnRequired,
        refundOnWaybill: assessment.refundOnWaybill,
        evidenceRequired: assessment.evidenceRequired,
      },
    };
  }
  if (refund.step === 'AWAIT_RETURN' && evidence.kind === 'WAYBILL' && reading?.fields.trackingNumber) {
    const valid = reading.verification !== 'MISMATCH' && reading.fields.trackingNumber.confidence >= 0.8;
    return { next: afterReturnShipped(refund, valid) };
  }
  return undefined;
}

/** Reads an uploaded evidence file and moves the refund on (see the file's comment). */
async function processUploadedEvidence(
  deps: ReadEvidenceDeps,
  refundId: string,
  evidenceId: string,
  image: EvidenceImage,
): Promise<void> {
  const { store } = deps;
  const refund = await store.getRefund(refundId, { consistent: true });
  const evidence = refund?.evidence?.find((e) => e.evidenceId === evidenceId);
  if (!refund || !evidence?.uploadedAt) return;
  const now = deps.clock.now().toISOString();
  const order = await store.getOrder(refund.orderId);

  let reading: Reading | undefined;
  if (evidence.kind !== 'PHOTO' && !evidence.ocr) {
    try {
      reading = await read(deps, evidence, refund, order, image, now);
    } catch (error) {
      // A file outside the limits is recorded as refused, not retried forever; engine errors are retried.
      if (!(error instanceof EvidenceFileRejected)) throw error;
      reading = { fields: {}, verification: 'REJECTED', reasons: [error.code], at: now };
    }
    if (await deps.evidenceRecords.recordOcr(refundId, evidenceId, reading)) {
      const found = reading.fields.trackingNumber?.value ?? reading.fields.total?.value;
      const facts = {
        kind: evidence.kind,
        ...(reading.verification ? { verification: reading.verification } : {}),
        ...(found ? { found } : {}),
      };
      await store.updateRefund(refundId, {
        event: { ...transition(refund.status, now, 'SYSTEM', { detailCode: 'EVIDENCE_READ', facts }).event },
      });
    }
  }

  const latest = (await store.getRefund(refundId, { consistent: true })) ?? refund;
  const decided = await nextStepFor(deps, latest, evidence, reading ?? evidence.ocr, now);
  if (!decided) return;
  const { next, decision } = decided;
  const said = { detailCode: 'EVIDENCE_RECEIVED' as const, facts: { kind: evidence.kind } };
  const tracking = reading?.fields.trackingNumber;
  const change =
    next === 'END'
      ? transition('REJECTED', now, 'SYSTEM', { ...said, ...(decision ? { decision } : {}) })
      : enterStep(next, now, 'SYSTEM', decided.policy ?? deps.policy, { ...said, ...(decision ? { decision } : {}) });
  const extra = {
    ...(latest.step === 'AWAIT_RETURN' && tracking
      ? {
          returnShipment: {
            trackingNumber: tracking.value,
            ...(reading?.fields.carrier ? { carrier: reading.fields.carrier.value } : {}),
            evidenceId,
            at: now,
          },
        }
      : {}),
    ...(decided.requirements ? { requirements: decided.requirements } : {}),
  };
  const waits = latest.step === 'AWAIT_EVIDENCE' ? (['AWAIT_EVIDENCE'] as const) : (['AWAIT_RETURN'] as const);
  const resumed = await withReturnAddress(deps, latest, next, { ...change, extra });
  try {
    // The wait that follows runs on the merchant's own deadline when its tier set one. Evidence is read after it was
    // uploaded (OCR takes seconds): a file that arrived in time counts, however late it is read, until the timeout.
    await resumeWaiting({ ...deps, policy: decided.policy ?? deps.policy }, latest, waits, next, resumed, {
      afterDeadline: true,
    });
  } catch (error) {
    logger.warn('evidence arrived but the refund had moved on', { refundId, error: String(error) });
    return;
  }
  const moved = await store.getRefund(refundId, { consistent: true });
  await notifyTransition(deps, { from: waits[0], to: next, cause: 'ACTION' }, moved);
}
