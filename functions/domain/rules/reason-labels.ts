/**
 * Display labels for reason codes and outcomes, zh-CN and en. Clients show these; the API and the rules only
 * ever carry the codes, so a wording change never changes a decision.
 */
import type { Outcome } from '../policy/schema.ts';
import type { Category, Reason, Scenario } from '../vocabulary.ts';

/** A label in each supported language. */
export interface Label {
  'zh-CN': string;
  en: string;
}

/** The catalogue's labels, true in every state of an order. */
export const REASON_LABELS: Readonly<Record<Reason, Label>> = {
  NO_LONGER_NEEDED: { 'zh-CN': '不想要了', en: 'No longer needed' },
  ORDERED_BY_MISTAKE: { 'zh-CN': '拍错/多拍', en: 'Ordered by mistake' },
  NOT_RECEIVED: { 'zh-CN': '未收到货', en: 'Not received' },
  LATE_DELIVERY: { 'zh-CN': '未按约定时间发货', en: 'Not shipped or delivered on time' },
  QUALITY_ISSUE: { 'zh-CN': '质量问题', en: 'Quality issue' },
  NOT_AS_DESCRIBED: { 'zh-CN': '与商品描述不符', en: 'Not as described' },
  DAMAGED: { 'zh-CN': '商品破损', en: 'Arrived damaged' },
  WRONG_ITEM: { 'zh-CN': '商家发错货', en: 'Wrong item sent' },
  MISSING_PARTS: { 'zh-CN': '少件/漏发', en: 'Missing parts or items' },
  OTHER: { 'zh-CN': '其他', en: 'Other' },
};

/** The 7-day no-reason return is a right on delivered physical goods, and only there is it called so. */
const SEVEN_DAY_RETURN: Label = { 'zh-CN': '不想要了(七天无理由)', en: 'No longer needed (7-day no-reason return)' };

/**
 * The label of a reason on a given order: "七天无理由" only where it is one (delivered, not virtual); an unshipped
 * or travelling order is simply no longer wanted.
 */
export function reasonLabel(code: Reason, scenario: Scenario, category: Category): Label {
  if (code === 'NO_LONGER_NEEDED' && scenario === 'DELIVERED' && category !== 'VIRTUAL') return SEVEN_DAY_RETURN;
  return REASON_LABELS[code];
}

export const OUTCOME_LABELS: Readonly<Record<Outcome, Label>> = {
  APPROVE: { 'zh-CN': '同意退款', en: 'Approved' },
  REJECT: { 'zh-CN': '不符合退款条件', en: 'Not eligible' },
  MERCHANT_REVIEW: { 'zh-CN': '等待商家处理', en: 'Waiting for the merchant' },
  MANUAL_REVIEW: { 'zh-CN': '平台审核中', en: 'Under platform review' },
  AWAIT_EVIDENCE: { 'zh-CN': '请上传凭证', en: 'Evidence needed' },
  AWAIT_RETURN: { 'zh-CN': '请退回商品', en: 'Please return the goods' },
};
