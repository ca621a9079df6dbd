/**
 * Gathers what the rules engine needs about a refund: the order facts, the buyer's recent refund history and the
 * evidence supplied so far, put together by the same builder the refund options and the application use
 * (domain/offer.ts). Shared by the Assess task and by re-assessment after evidence arrives.
 */
import { NotFound } from '../domain/errors.ts';
import { assessmentInputFor, type BuyerHistory } from '../domain/offer.ts';
import type { Order, Refund } from '../domain/refund.ts';
import type { AssessmentInput, SuppliedEvidence } from '../domain/rules/index.ts';
import type { Ports } from '../ports/index.ts';
import { buyerHistory } from './buyer-history.ts';

/** Evidence that has actually been uploaded, with the waybill check OCR made of it, if any. */
export function suppliedEvidence(refund: Refund): SuppliedEvidence {
  const uploaded = (refund.evidence ?? []).filter((e) => e.uploadedAt);
  const waybill = uploaded.find((e) => e.kind === 'WAYBILL' && e.ocr?.verification);
  const verification = waybill?.ocr?.verification;
  return {
    kinds: [...new Set(uploaded.map((e) => e.kind))],
    ...(verification === 'MATCH' || verification === 'MISMATCH' || verification === 'UNREADABLE'
      ? { waybill: { verification } }
      : {}),
  };
}

/** What the application read a moment ago in the same request: the order and the buyer's history, not read again. */
export interface AlreadyRead {
  order: Order;
  history: BuyerHistory;
}

/** The rules' input, and the order it was read from. */
export async function assessmentInput(
  deps: Pick<Ports, 'store'>,
  refund: Refund,
  now: string,
  read?: AlreadyRead,
): Promise<{ input: AssessmentInput; order: Order }> {
  const order = read?.order ?? (await deps.store.getOrder(refund.orderId));
  if (!order) throw new NotFound('order');
  const history = read?.history ?? (await buyerHistory(deps, refund.userId, now, refund.refundId));
  return { input: assessmentInputFor(order, refund, history, now, suppliedEvidence(refund)), order };
}
