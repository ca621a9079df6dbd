/** Human labels for statuses, in zh-CN (default) and en, chosen by Accept-Language. */
import type { ActorKind, RefundStatus } from './vocabulary.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STATUS_LABELS: Record<RefundStatus, Record<Locale, string>> = {
  SUBMITTED: { 'zh-CN': '已提交', en: 'Submitted' },
  AWAITING_MERCHANT: { 'zh-CN': '等待商家处理', en: 'Waiting for the merchant' },
  AWAITING_EVIDENCE: { 'zh-CN': '等待上传凭证', en: 'Waiting for your evidence' },
  AWAITING_RETURN: { 'zh-CN': '等待退货', en: 'Waiting for your return' },
  RETURN_IN_TRANSIT: { 'zh-CN': '退货运输中', en: 'Return on its way' },
  MANUAL_REVIEW: { 'zh-CN': '平台审核中', en: 'Under review' },
  AWAITING_INSPECTION: { 'zh-CN': '第三方质检中', en: 'Returned goods being inspected' },
  AWAITING_BUYER: { 'zh-CN': '待确认部分退款方案', en: 'Partial refund offered' },
  APPROVED: { 'zh-CN': '退款已同意', en: 'Approved' },
  PAYOUT_PENDING: { 'zh-CN': '退款处理中', en: 'Refund on its way' },
  REFUNDED: { 'zh-CN': '退款成功', en: 'Refunded' },
  REJECTED: { 'zh-CN': '退款被拒绝', en: 'Rejected' },
  CANCELLED: { 'zh-CN': '已撤销', en: 'Cancelled' },
  PAYOUT_FAILED: { 'zh-CN': '退款失败，处理中', en: 'Payout failed, being handled' },
};

/** CANCELLED by the system: the buyer's deadline (return, evidence) passed; the buyer did not withdraw. */
const CLOSED_LABEL: Record<Locale, string> = { 'zh-CN': '已关闭(超时未处理)', en: 'Closed (deadline passed)' };

/**
 * The label of a status; `by` is who brought the refund there (the timeline event's actor), so that a refund the
 * system closed for a missed deadline does not read as one the buyer withdrew.
 */
export function statusLabel(status: RefundStatus, locale: Locale, by?: ActorKind): string {
  if (status === 'CANCELLED' && by === 'SYSTEM') return CLOSED_LABEL[locale];
  return STATUS_LABELS[status][locale];
}

/** Picks zh-CN or en from an Accept-Language header; zh-CN when absent or unknown. */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0 };
    })
    .sort((a, b) => b.weight - a.weight);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
