/**
 * The default rule lists, encoding the source document (seed/refund-process-optimization.zh.txt, sections 二.1 and 四)
 * and PRC consumer practice (7-day no-reason return; fresh, custom and virtual goods excluded from it).
 * Order matters: `decide` is first-match-wins (hard refusals, then the risk guard, then approvals, then a catch-all);
 * `adjust` rules all apply afterwards and may test the outcome chosen.
 */
import type { PolicyDocument } from './schema.ts';

type Rules = PolicyDocument['rules'];

export const DEFAULT_DECIDE_RULES: Rules['decide'] = [
  {
    id: 'REASON.NOT_OFFERED',
    when: { reasonOffered: false },
    effect: { outcome: 'REJECT', instant: false, refusal: 'REASON_NOT_OFFERED' },
    explain: 'This reason cannot be chosen for an order in this state.',
  },
  {
    id: 'VIRTUAL.NO_PARCEL_CLAIMS',
    when: { category: 'VIRTUAL', reason: ['DAMAGED', 'WRONG_ITEM', 'MISSING_PARTS'] },
    effect: { outcome: 'REJECT', instant: false, refusal: 'REASON_NOT_OFFERED' },
    explain: 'Virtual goods arrive as a code: they cannot be damaged in transit, mixed up or incomplete.',
  },
  {
    id: 'VIRTUAL.REDEEMED',
    when: { category: 'VIRTUAL', redeemed: true },
    effect: { outcome: 'REJECT', instant: false, refusal: 'ALREADY_REDEEMED' },
    explain: 'Virtual goods are refundable only while unredeemed.',
  },
  {
    id: 'FRESH.QUALITY_ONLY',
    when: { category: 'FRESH', scenario: 'DELIVERED', reasonClass: { not: ['QUALITY', 'LOGISTICS'] } },
    effect: { outcome: 'REJECT', instant: false, refusal: 'REASON_NOT_OFFERED' },
    explain: 'Fresh goods have no no-reason return; only quality claims are accepted.',
  },
  {
    id: 'CUSTOM.QUALITY_ONLY',
    when: { category: 'CUSTOM', scenario: ['IN_TRANSIT', 'DELIVERED'], reasonClass: ['NO_REASON', 'OTHER'] },
    effect: { outcome: 'REJECT', instant: false, refusal: 'REASON_NOT_OFFERED' },
    explain: 'Customized goods have no no-reason return once shipped; only quality claims are accepted.',
  },
  {
    id: 'DELIVERED.NO_REASON.WINDOW_EXPIRED',
    when: { scenario: 'DELIVERED', reasonClass: 'NO_REASON', withinReturnWindow: false },
    effect: { outcome: 'REJECT', instant: false, refusal: 'WINDOW_EXPIRED' },
    explain: 'The no-reason return window after delivery has passed.',
  },
  {
    id: 'DELIVERED.QUALITY.WINDOW_EXPIRED',
    when: { scenario: 'DELIVERED', reasonClass: 'QUALITY', withinQualityWindow: false },
    effect: { outcome: 'REJECT', instant: false, refusal: 'WINDOW_EXPIRED' },
    explain: 'The window for quality claims on this category has passed.',
  },
  {
    id: 'RISK.HIGH',
    when: { riskLevel: 'HIGH' },
    effect: { outcome: 'MANUAL_REVIEW', instant: false },
    explain: 'High risk: a reviewer decides.',
  },
  {
    id: 'WAYBILL.UNREADABLE',
    when: { waybill: 'UNREADABLE' },
    effect: { outcome: 'MANUAL_REVIEW', instant: false },
    explain: 'The waybill could not be read with confidence: a reviewer checks it (never rejected by machine).',
  },
  {
    id: 'NOT_SHIPPED.INSTANT',
    when: { scenario: 'NOT_SHIPPED' },
    effect: { outcome: 'APPROVE', instant: true, returnRequired: false },
    explain: 'Not shipped yet: refunded in full at once (秒批).',
  },
  {
    id: 'VIRTUAL.UNREDEEMED.INSTANT',
    when: { category: 'VIRTUAL', redeemed: [false, null] },
    effect: { outcome: 'APPROVE', instant: true, returnRequired: false },
    explain: 'Unredeemed virtual goods: refunded at once.',
  },
  {
    id: 'QUALITY.PHOTO_REQUIRED',
    when: { reasonClass: 'QUALITY', photoProvided: false },
    effect: { outcome: 'AWAIT_EVIDENCE', instant: false, evidence: ['PHOTO'] },
    explain: 'A quality claim needs a photo of the problem.',
  },
  // Small-amount instant approval (the tier's `instantLimit`): no person decides. It is not refund without return:
  // goods the buyer holds still come back first (APPROVE.RETURN_FIRST below), only paid sooner.
  {
    id: 'SMALL_AMOUNT.INSTANT',
    when: { withinInstantLimit: true, riskLevel: ['LOW', 'MEDIUM'] },
    effect: { outcome: 'APPROVE', instant: true },
    explain: "Within the buyer's instant limit: approved at once.",
  },
  {
    id: 'QUALITY.MERCHANT_REVIEW',
    when: { reasonClass: 'QUALITY', photoProvided: true },
    effect: { outcome: 'MERCHANT_REVIEW', instant: false },
    explain: 'Quality claim with photos: the merchant reviews it.',
  },
  {
    id: 'DELIVERED.NO_REASON.RETURN',
    when: { scenario: 'DELIVERED', reasonClass: 'NO_REASON', withinReturnWindow: true },
    effect: { outcome: 'AWAIT_RETURN', instant: false, returnRequired: true },
    explain: '7-day no-reason return: approved once the goods are sent back intact.',
  },
  {
    id: 'DELIVERED.NOT_RECEIVED',
    when: { scenario: 'DELIVERED', reason: 'NOT_RECEIVED' },
    effect: { outcome: 'MANUAL_REVIEW', instant: false },
    explain: 'The carrier reports delivery but the buyer has nothing: a reviewer checks the proof of delivery.',
  },
  {
    id: 'IN_TRANSIT.INTERCEPT',
    when: { scenario: 'IN_TRANSIT' },
    effect: { outcome: 'MERCHANT_REVIEW', instant: false, returnRequired: false },
    explain: 'In transit: the merchant intercepts the parcel, then the refund is approved.',
  },
  {
    id: 'FALLBACK.MERCHANT_REVIEW',
    when: {},
    effect: { outcome: 'MERCHANT_REVIEW', instant: false },
    explain: 'No automatic rule applies: the merchant reviews it.',
  },
];

// Returns: asked for only where the buyer holds goods to send (RETURN.DELIVERED_GOODS), never for perishables or the
// tier's refund without return; an approval of goods that must come back waits for them (APPROVE.RETURN_FIRST).
export const DEFAULT_ADJUST_RULES: Rules['adjust'] = [
  {
    id: 'RETURN.DELIVERED_GOODS',
    when: {
      scenario: 'DELIVERED',
      category: ['GENERAL', 'CUSTOM'],
      // Nothing to send back: the parcel never arrived, or the missing parts are what is refunded.
      reason: { not: ['NOT_RECEIVED', 'MISSING_PARTS'] },
      outcome: { not: ['REJECT'] },
    },
    effect: { returnRequired: true },
    explain: 'Delivered goods are sent back unless a rule waives it.',
  },
  {
    id: 'FRESH.NO_RETURN',
    when: { category: 'FRESH', outcome: { not: ['REJECT'] } },
    effect: { returnRequired: false },
    explain: 'Perishable goods are refunded without return.',
  },
  // Refund without return (the tier's `noReturnLimit`, TRUSTED only by default): the one waiver for held goods.
  {
    id: 'TIER.NO_RETURN_LOW_VALUE',
    when: { withinNoReturnLimit: true, returnRequired: true, riskLevel: 'LOW', outcome: ['AWAIT_RETURN', 'APPROVE'] },
    effect: { outcome: 'APPROVE', instant: true, returnRequired: false },
    explain: 'Trusted buyer, low-value goods: refunded without return.',
  },
  {
    id: 'APPROVE.RETURN_FIRST',
    when: { outcome: 'APPROVE', returnRequired: true },
    effect: { outcome: 'AWAIT_RETURN' },
    explain: 'Approved, but the goods come back first: paid once the return is on its way.',
  },
  {
    id: 'INSTANT.PAY_ON_RETURN_WAYBILL',
    when: { instant: true, outcome: 'AWAIT_RETURN' },
    effect: { refundOnWaybill: true },
    explain: 'Approved at once: paid as soon as a valid return waybill is recorded.',
  },
  {
    id: 'TIER.REFUND_ON_WAYBILL',
    when: {
      tierRefundOnWaybill: true,
      returnRequired: true,
      instant: false,
      riskLevel: 'LOW',
      amountBand: { not: ['LARGE'] },
    },
    effect: { refundOnWaybill: true },
    explain: 'Trusted buyer: paid as soon as a valid return waybill is recorded.',
  },
  {
    id: 'WAYBILL.MISMATCH.NO_EARLY_RELEASE',
    when: { waybill: 'MISMATCH', refundOnWaybill: true },
    effect: { refundOnWaybill: false },
    explain: 'The return waybill does not match: wait for the merchant to confirm receipt.',
  },
  {
    id: 'WAYBILL.MATCH.RELEASE',
    when: { waybill: 'MATCH', refundOnWaybill: true, outcome: 'AWAIT_RETURN' },
    effect: { outcome: 'APPROVE', instant: true },
    explain: 'A valid return waybill is recorded and the policy pays on it: refund released.',
  },
  {
    id: 'RETURN.WAYBILL_EVIDENCE',
    when: { returnRequired: true, outcome: ['AWAIT_RETURN', 'APPROVE'], waybill: 'NONE' },
    effect: { addEvidence: ['WAYBILL'] },
    explain: 'A return needs the waybill of the return parcel.',
  },
  // The only high-risk guard (the engine has none): keep it enabled and after every rule that sets `instant: true`;
  // parsePolicy (./load.ts) refuses a policy that does not.
  {
    id: 'RISK.HIGH.NEVER_INSTANT',
    when: { riskLevel: 'HIGH' },
    effect: { instant: false },
    explain: 'High risk is never paid instantly.',
  },
];
