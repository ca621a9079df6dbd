/**
 * Gathers what the rules engine needs about a refund: the order facts, the buyer's recent refund history and the
 * evidence supplied so far. Shared by the Assess task and by re-assessment after evidence arrives.
 */
import { NotFound } from '../domain/errors.ts';
import type { Refund } from '../domain/refund.ts';
import type { AssessmentInput, SuppliedEvidence } from '../domain/rules/index.ts';
import type { Ports } from '../ports/index.ts';

const DAY_MS = 24 * 3600 * 1000;

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

export async function assessmentInput(
  deps: Pick<Ports, 'store'>,
  refund: Refund,
  now: string,
): Promise<AssessmentInput> {
  const { store } = deps;
  const order = await store.getOrder(refund.orderId);
  if (!order) throw new NotFound('order');
  const since = new Date(Date.parse(now) - 90 * DAY_MS).toISOString();
  const history = (await store.recentRefunds(refund.userId, since)).filter((r) => r.refundId !== refund.refundId);
  const dayAgo = new Date(Date.parse(now) - DAY_MS).toISOString();
  const usual = history.length ? Math.round(history.reduce((sum, r) => sum + r.amount, 0) / history.length) : undefined;
  return {
    scenario: refund.scenario,
    reason: refund.reason,
    category: refund.category,
    amount: refund.amount,
    now,
    ...(order.fulfillment.deliveredAt ? { deliveredAt: order.fulfillment.deliveredAt } : {}),
    ...(order.redeemed === undefined ? {} : { redeemed: order.redeemed }),
    buyer: {
      ...(order.buyer?.creditScore === undefined ? {} : { creditScore: order.buyer.creditScore }),
      ...(order.buyer?.accountCreatedAt ? { accountCreatedAt: order.buyer.accountCreatedAt } : {}),
      refundCount90d: history.length,
      refundsLast24h: history.filter((r) => r.createdAt >= dayAgo).length,
      ...(usual === undefined ? {} : { usualAmount: usual }),
    },
    evidence: suppliedEvidence(refund),
  };
}
