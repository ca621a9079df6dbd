/**
 * What a timeline entry says, in the reader's language: its label and its detail, built at read time from a code and
 * a few facts the event stores (`detailCode`, `facts`), never from a sentence stored for display. A wording change or
 * a new language then needs no data migration, and a buyer under zh-CN never reads English or a rule id.
 *
 * Events stored before codes carry an English `detail` (a rule id, an engine explanation, "photo received", a
 * merchant's or reviewer's own words): `codeOfEvent` maps the ones it recognises to a code; the rest (say, the
 * explanation of a custom policy's rule) are not shown to buyers and merchants (reviewers keep the stored text).
 * Pure: no I/O.
 */

import { carrierFromName } from './evidence/carriers.ts';
import { DEFAULT_ADJUST_RULES, DEFAULT_DECIDE_RULES } from './policy/default-rules.ts';
import type { TimelineEvent } from './refund.ts';
import { type Locale, statusLabel } from './status-labels.ts';
import type { DetailCode, EvidenceKind } from './vocabulary.ts';

export { DETAIL_CODES, type DetailCode } from './vocabulary.ts';

export type DetailFacts = Readonly<Record<string, string | number>>;

type Text = (facts: DetailFacts) => string;

/** What the buyer and the merchant read of each rule of the default policy that can set an outcome. */
const RULE_TEXTS: Readonly<Record<string, Record<Locale, string>>> = {
  'REASON.NOT_OFFERED': {
    'zh-CN': '当前订单状态不支持该退款原因',
    en: 'This reason cannot be chosen for the order now',
  },
  'VIRTUAL.NO_PARCEL_CLAIMS': {
    'zh-CN': '虚拟商品以卡密形式发放，不存在破损、错发或少件',
    en: 'Virtual goods arrive as a code: they cannot be damaged, mixed up or incomplete',
  },
  'VIRTUAL.REDEEMED': { 'zh-CN': '虚拟商品已使用，不支持退款', en: 'Virtual goods can be refunded only while unused' },
  'FRESH.QUALITY_ONLY': {
    'zh-CN': '生鲜商品不支持无理由退货，仅受理质量问题',
    en: 'Fresh goods have no no-reason return; only quality claims are accepted',
  },
  'CUSTOM.QUALITY_ONLY': {
    'zh-CN': '定制商品发货后不支持无理由退货，仅受理质量问题',
    en: 'Customized goods have no no-reason return once shipped; only quality claims are accepted',
  },
  'DELIVERED.NO_REASON.WINDOW_EXPIRED': {
    'zh-CN': '已超过签收后的无理由退货期限',
    en: 'The no-reason return period after delivery has passed',
  },
  'DELIVERED.QUALITY.WINDOW_EXPIRED': {
    'zh-CN': '已超过该类商品的质量问题申请期限',
    en: 'The period for quality claims on this kind of goods has passed',
  },
  'RISK.HIGH': { 'zh-CN': '需平台人工审核', en: 'The platform reviews this request' },
  'WAYBILL.UNREADABLE': {
    'zh-CN': '运单无法识别，由平台人工核对',
    en: 'The waybill could not be read: the platform checks it',
  },
  'NOT_SHIPPED.INSTANT': { 'zh-CN': '商品未发货，已全额秒退', en: 'Not shipped yet: refunded in full at once' },
  'VIRTUAL.UNREDEEMED.INSTANT': { 'zh-CN': '虚拟商品未使用，已立即退款', en: 'Unused virtual goods: refunded at once' },
  'QUALITY.PHOTO_REQUIRED': {
    'zh-CN': '质量问题需上传问题照片',
    en: 'A quality claim needs a photo of the problem',
  },
  'SMALL_AMOUNT.INSTANT': {
    'zh-CN': '金额在极速退款额度内，已立即同意',
    en: "Within the buyer's instant limit: approved at once",
  },
  'QUALITY.MERCHANT_REVIEW': {
    'zh-CN': '质量问题(附照片)，由商家审核',
    en: 'Quality claim with photos: the merchant reviews it',
  },
  'DELIVERED.NO_REASON.RETURN': {
    'zh-CN': '七天无理由退货：商品完好寄回后退款',
    en: '7-day no-reason return: refunded once the goods are back intact',
  },
  'DELIVERED.NOT_RECEIVED': {
    'zh-CN': '物流显示已签收但买家未收到，由平台核实签收凭证',
    en: 'The carrier reports delivery but the buyer has nothing: the platform checks the proof of delivery',
  },
  'IN_TRANSIT.INTERCEPT': {
    'zh-CN': '商品运输中：商家拦截包裹后退款',
    en: 'In transit: refunded once the merchant intercepts the parcel',
  },
  'FALLBACK.MERCHANT_REVIEW': { 'zh-CN': '由商家审核', en: 'The merchant reviews it' },
  'RETURN.DELIVERED_GOODS': { 'zh-CN': '已签收的商品需退回', en: 'Delivered goods are sent back' },
  'FRESH.NO_RETURN': { 'zh-CN': '生鲜商品无需退货，直接退款', en: 'Perishable goods: refunded without return' },
  'TIER.NO_RETURN_LOW_VALUE': { 'zh-CN': '低价商品无需退货，直接退款', en: 'Low-value goods: refunded without return' },
  'APPROVE.RETURN_FIRST': {
    'zh-CN': '已同意，商品寄回后退款',
    en: 'Approved: refunded once the goods are on their way back',
  },
  'INSTANT.PAY_ON_RETURN_WAYBILL': {
    'zh-CN': '已同意，填写有效退货运单后立即退款',
    en: 'Approved: refunded as soon as a valid return waybill is recorded',
  },
  'TIER.REFUND_ON_WAYBILL': {
    'zh-CN': '信用良好，填写有效退货运单后立即退款',
    en: 'Trusted buyer: refunded as soon as a valid return waybill is recorded',
  },
  'WAYBILL.MISMATCH.NO_EARLY_RELEASE': {
    'zh-CN': '退货运单与订单不符，待商家确认收货后退款',
    en: 'The return waybill does not match: refunded once the merchant confirms receipt',
  },
  'WAYBILL.MATCH.RELEASE': {
    'zh-CN': '退货运单有效，已退款',
    en: 'A valid return waybill is recorded: refund released',
  },
  'RETURN.WAYBILL_EVIDENCE': { 'zh-CN': '退货需上传退货运单', en: 'A return needs the waybill of the parcel' },
};

/** Outcomes of the rules, for a rule of a custom policy the catalogue does not know. */
const OUTCOME_TEXTS: Readonly<Record<string, Record<Locale, string>>> = {
  APPROVE: { 'zh-CN': '符合退款条件，已同意', en: 'Eligible: approved' },
  REJECT: { 'zh-CN': '不符合退款条件', en: 'Not eligible' },
  MERCHANT_REVIEW: { 'zh-CN': '由商家审核', en: 'The merchant reviews it' },
  MANUAL_REVIEW: { 'zh-CN': '需平台人工审核', en: 'The platform reviews this request' },
  AWAIT_EVIDENCE: { 'zh-CN': '请上传凭证', en: 'Evidence needed' },
  AWAIT_RETURN: { 'zh-CN': '请退回商品', en: 'Please return the goods' },
};

const KIND_TEXTS: Readonly<Record<EvidenceKind, Record<Locale, string>>> = {
  PHOTO: { 'zh-CN': '照片', en: 'photo' },
  WAYBILL: { 'zh-CN': '运单', en: 'waybill' },
  RECEIPT: { 'zh-CN': '付款凭证', en: 'receipt' },
};

const CONDITION_TEXTS: Readonly<Record<string, Record<Locale, string>>> = {
  INTACT: { 'zh-CN': '商品完好', en: 'goods intact' },
  DAMAGED: { 'zh-CN': '商品有损坏', en: 'goods damaged' },
  NOT_MATCHING: { 'zh-CN': '与订单商品不符', en: 'goods do not match the order' },
};

const VERIFICATION_TEXTS: Readonly<Record<string, Record<Locale, string>>> = {
  MATCH: { 'zh-CN': '信息与订单一致', en: 'matches the order' },
  MISMATCH: { 'zh-CN': '信息与订单不一致', en: 'does not match the order' },
  UNREADABLE: { 'zh-CN': '无法识别，待人工核对', en: 'could not be read; a person checks it' },
  REJECTED: { 'zh-CN': '文件无法处理，请重新上传', en: 'the file could not be used; please upload it again' },
};
const VERIFICATION_OTHER: Record<Locale, string> = { 'zh-CN': '待人工核对', en: 'a person checks it' };
/** A number was read but nothing on record could be compared with it (UNREADABLE with `found`). */
const NOTHING_TO_COMPARE: Record<Locale, string> = {
  'zh-CN': '暂无可核对的物流信息，待人工核对',
  en: 'nothing on record to compare it with; a person checks it',
};

/** How the reading compared, in words; "could not be read" only when nothing was read. */
function verificationText(facts: DetailFacts, locale: Locale): string {
  const verification = str(facts, 'verification');
  if (verification === 'UNREADABLE' && str(facts, 'found')) return NOTHING_TO_COMPARE[locale];
  return pick(VERIFICATION_TEXTS, verification, locale) ?? VERIFICATION_OTHER[locale];
}

/** Carriers' names as buyers know them; a brand with a Latin name keeps it. */
const CARRIER_NAMES: Readonly<Record<string, Record<Locale, string>>> = {
  SF: { 'zh-CN': '顺丰速运', en: 'SF Express' },
  JD: { 'zh-CN': '京东物流', en: 'JD Logistics' },
  YTO: { 'zh-CN': '圆通速递', en: 'YTO Express' },
  ZTO: { 'zh-CN': '中通快递', en: 'ZTO Express' },
  STO: { 'zh-CN': '申通快递', en: 'STO Express' },
  YUNDA: { 'zh-CN': '韵达快递', en: 'Yunda Express' },
  EMS: { 'zh-CN': '中国邮政EMS', en: 'EMS' },
  JT: { 'zh-CN': '极兔速递', en: 'J&T Express' },
  DEPPON: { 'zh-CN': '德邦快递', en: 'Deppon Express' },
  UPS: { 'zh-CN': 'UPS', en: 'UPS' },
  FEDEX: { 'zh-CN': 'FedEx', en: 'FedEx' },
  DHL: { 'zh-CN': 'DHL', en: 'DHL' },
  USPS: { 'zh-CN': '美国邮政USPS', en: 'USPS' },
};

const str = (facts: DetailFacts, key: string): string | undefined => {
  const value = facts[key];
  return value === undefined || value === '' ? undefined : String(value);
};
const pick = (table: Readonly<Record<string, Record<Locale, string>>>, key: string | undefined, locale: Locale) =>
  key === undefined ? undefined : table[key]?.[locale];

function carrierName(facts: DetailFacts, locale: Locale): string | undefined {
  const given = str(facts, 'carrier');
  if (!given) return undefined;
  const code = carrierFromName(given);
  return code ? CARRIER_NAMES[code]?.[locale] : given;
}

/** The buyer's or merchant's own words after a lead-in; nothing when there are none. */
function words(facts: DetailFacts, keys: string[], sep: string): string | undefined {
  const parts = keys.map((k) => str(facts, k)).filter((v): v is string => v !== undefined);
  return parts.length ? parts.join(sep) : undefined;
}

const TEXTS: Readonly<Record<DetailCode, Record<Locale, Text>>> = {
  RULES_DECIDED: {
    'zh-CN': (f) =>
      pick(RULE_TEXTS, str(f, 'rule'), 'zh-CN') ?? pick(OUTCOME_TEXTS, str(f, 'outcome'), 'zh-CN') ?? '系统已审核',
    en: (f) => pick(RULE_TEXTS, str(f, 'rule'), 'en') ?? pick(OUTCOME_TEXTS, str(f, 'outcome'), 'en') ?? 'Assessed',
  },
  MERCHANT_TIMEOUT_APPROVED: {
    'zh-CN': () => '商家未在期限内处理，系统自动同意',
    en: () => 'The merchant did not answer in time: approved automatically',
  },
  MERCHANT_TIMEOUT_ESCALATED: {
    'zh-CN': () => '商家未在期限内处理，转平台审核',
    en: () => 'The merchant did not answer in time: the platform reviews it',
  },
  CLOSED_NO_EVIDENCE: {
    'zh-CN': () => '未在期限内上传凭证，退款已关闭',
    en: () => 'No evidence arrived in time: the refund is closed',
  },
  CLOSED_NO_RETURN: {
    'zh-CN': () => '未在期限内寄回商品，退款已关闭',
    en: () => 'The goods were not sent back in time: the refund is closed',
  },
  REVIEW_REASSIGNED: { 'zh-CN': () => '已转交其他审核员处理', en: () => 'Passed to another reviewer' },
  DISPUTE_WINDOW_CLOSED: {
    'zh-CN': () => '申诉期已过，拒绝结果生效',
    en: () => 'The period to dispute has passed: the rejection stands',
  },
  BUYER_DISPUTED: { 'zh-CN': () => '买家对拒绝结果提出申诉', en: () => 'The buyer disputes the rejection' },
  RETURN_SHIPPED: {
    'zh-CN': (f) => {
      const parcel = [carrierName(f, 'zh-CN'), str(f, 'trackingNumber')].filter(Boolean).join(' ');
      return parcel ? `退货已寄出：${parcel}` : '退货已寄出';
    },
    en: (f) => {
      const parcel = [carrierName(f, 'en'), str(f, 'trackingNumber')].filter(Boolean).join(' ');
      return parcel ? `Return sent: ${parcel}` : 'Return sent';
    },
  },
  RETURN_SHIPPED_PHOTO: {
    'zh-CN': () => '退货已寄出(已上传运单照片)',
    en: () => 'Return sent (photo of the waybill)',
  },
  RETURN_RECEIVED: {
    'zh-CN': (f) => `商家已收到退货：${pick(CONDITION_TEXTS, str(f, 'condition'), 'zh-CN') ?? '待核对'}`,
    en: (f) =>
      `The merchant received the return: ${pick(CONDITION_TEXTS, str(f, 'condition'), 'en') ?? 'being checked'}`,
  },
  EVIDENCE_RECEIVED: {
    'zh-CN': (f) => `已收到${pick(KIND_TEXTS, str(f, 'kind'), 'zh-CN') ?? '凭证'}`,
    en: (f) => `${capital(pick(KIND_TEXTS, str(f, 'kind'), 'en') ?? 'evidence')} received`,
  },
  EVIDENCE_READ: {
    'zh-CN': (f) =>
      `${pick(KIND_TEXTS, str(f, 'kind'), 'zh-CN') ?? '凭证'}已识别：${verificationText(f, 'zh-CN')}${found(f, '（', '）')}`,
    en: (f) =>
      `${capital(pick(KIND_TEXTS, str(f, 'kind'), 'en') ?? 'evidence')} read: ${verificationText(f, 'en')}${found(f, ' (', ')')}`,
  },
  MERCHANT_ANSWERED: {
    'zh-CN': (f) => {
      const said = words(f, ['reason', 'note'], '；');
      return said ? `商家说明：${said}` : '商家已处理';
    },
    en: (f) => {
      const said = words(f, ['reason', 'note'], '; ');
      return said ? `The merchant says: ${said}` : 'The merchant answered';
    },
  },
  REVIEWER_NOTE: {
    'zh-CN': (f) => {
      const said = str(f, 'note');
      return said ? `平台审核意见：${said}` : '平台已审核';
    },
    en: (f) => {
      const said = str(f, 'note');
      return said ? `The platform's review: ${said}` : 'The platform reviewed it';
    },
  },
  PAYOUT_FAILED: {
    'zh-CN': () => '退款打款未成功，平台正在处理',
    en: () => 'The payout did not go through; the platform is handling it',
  },
  PAYOUT_RETRIED: { 'zh-CN': () => '平台已重新发起退款', en: () => 'The platform sent the refund again' },
  PAYOUT_SWITCHED_TO_BALANCE: {
    'zh-CN': () => '原路退款失败，已改为退到平台余额',
    en: () => 'The original payout failed: the refund goes to the platform balance instead',
  },
  PAYOUT_FOUND_SETTLED: {
    'zh-CN': () => '经核实，退款已到账',
    en: () => 'Checked with the payment provider: the refund has arrived',
  },
  PAYOUT_STILL_PENDING: {
    'zh-CN': () => '支付机构仍在处理退款，请耐心等待',
    en: () => 'The payment provider is still processing the refund',
  },
  PAYOUT_STATUS_CHECKED: {
    'zh-CN': () => '平台已向支付机构查询退款进度',
    en: () => 'The platform asked the payment provider about the refund',
  },
  PAYOUT_SETTLED: { 'zh-CN': () => '退款已到账', en: () => 'The refund has arrived' },
  BUYER_ACCEPTED: {
    'zh-CN': () => '买家接受处理结果，退款申请结束',
    en: () => 'The buyer accepted the decision: the request is closed',
  },
  INSPECTION_VERDICT: {
    'zh-CN': (f) => {
      const verdict = pick(VERDICT_TEXTS, str(f, 'verdict'), 'zh-CN') ?? '已出结果';
      const said = str(f, 'note');
      return said ? `质检结果：${verdict}；${said}` : `质检结果：${verdict}`;
    },
    en: (f) => {
      const verdict = pick(VERDICT_TEXTS, str(f, 'verdict'), 'en') ?? 'done';
      const said = str(f, 'note');
      return said ? `Inspection: ${verdict}; ${said}` : `Inspection: ${verdict}`;
    },
  },
  INSPECTION_REASSIGNED: { 'zh-CN': () => '已转交其他质检员检验', en: () => 'Passed to another inspector' },
  INSPECTION_TIMED_OUT: {
    'zh-CN': () => '质检未在期限内完成，转平台审核',
    en: () => 'The inspection was not done in time: the platform reviews it',
  },
};

/** An inspector's verdict, as buyers and merchants read it (the same words as ./labels.ts `verdict`). */
const VERDICT_TEXTS: Readonly<Record<string, Record<Locale, string>>> = {
  AS_CLAIMED: { 'zh-CN': '与买家描述一致', en: 'as the buyer claimed' },
  NOT_AS_CLAIMED: { 'zh-CN': '与买家描述不符', en: 'not as the buyer claimed' },
  INCONCLUSIVE: { 'zh-CN': '无法判定', en: 'cannot tell' },
};

/** What the reader found on the file (a tracking number, a total), in brackets. */
function found(facts: DetailFacts, open: string, close: string): string {
  const value = str(facts, 'found');
  return value ? `${open}${value}${close}` : '';
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The detail of a code in a language; the facts fill it in (none needed for most codes). */
export function detailText(code: DetailCode, facts: DetailFacts, locale: Locale): string {
  return TEXTS[code][locale](facts);
}

/** The code of each rule id an event of the timers stored as its detail or actorId (app/apply-timeout.ts). */
export const TIMEOUT_RULE_CODES: Readonly<Record<string, DetailCode>> = {
  'MERCHANT.TIMEOUT.APPROVE': 'MERCHANT_TIMEOUT_APPROVED',
  'MERCHANT.TIMEOUT.ESCALATE': 'MERCHANT_TIMEOUT_ESCALATED',
  'BUYER.EVIDENCE.TIMEOUT.CLOSE': 'CLOSED_NO_EVIDENCE',
  'BUYER.RETURN.TIMEOUT.CLOSE': 'CLOSED_NO_RETURN',
  'REVIEW.SLA.REASSIGN': 'REVIEW_REASSIGNED',
  'INSPECTION.SLA.REASSIGN': 'INSPECTION_REASSIGNED',
  'INSPECTION.SLA.MANUAL_REVIEW': 'INSPECTION_TIMED_OUT',
};

/** The default rules by their English explanation, which events stored before codes carry as `detail`. */
const RULE_BY_EXPLANATION: ReadonlyMap<string, string> = new Map(
  [...DEFAULT_DECIDE_RULES, ...DEFAULT_ADJUST_RULES].map((r) => [r.explain, r.id]),
);

/** English details of old events, with the code they meant. */
const LEGACY_PATTERNS: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => { code: DetailCode; facts?: DetailFacts }]> = [
  [/^review task reassigned$/, () => ({ code: 'REVIEW_REASSIGNED' })],
  [/^dispute window closed; rejection final$/, () => ({ code: 'DISPUTE_WINDOW_CLOSED' })],
  [/^buyer disputes the rejection$/, () => ({ code: 'BUYER_DISPUTED' })],
  [/^waybill photo$/, () => ({ code: 'RETURN_SHIPPED_PHOTO' })],
  [/^return received: ([A-Z_]+)$/, (m) => ({ code: 'RETURN_RECEIVED', facts: { condition: m[1] ?? '' } })],
  [
    /^(photo|waybill|receipt) received$/,
    (m) => ({ code: 'EVIDENCE_RECEIVED', facts: { kind: (m[1] ?? '').toUpperCase() } }),
  ],
  [
    /^(PHOTO|WAYBILL|RECEIPT) read: ([A-Z_]+)(?: \((.+)\))?$/,
    (m) => ({
      code: 'EVIDENCE_READ',
      facts: { kind: m[1] ?? '', verification: m[2] ?? '', ...(m[3] ? { found: m[3] } : {}) },
    }),
  ],
  [/^payout retried by finance/, () => ({ code: 'PAYOUT_RETRIED' })],
  [/^the buyer moved the refund to the platform balance/, () => ({ code: 'PAYOUT_SWITCHED_TO_BALANCE' })],
  [/^payout recovery by \w+: the provider reports it settled/, () => ({ code: 'PAYOUT_FOUND_SETTLED' })],
  [/^payout recovery by \w+: the provider still holds/, () => ({ code: 'PAYOUT_STILL_PENDING' })],
  [/^the monitor asked the provider/, () => ({ code: 'PAYOUT_STATUS_CHECKED' })],
];

/**
 * The code and facts of an event: its own, or those its English `detail` (stored before codes) stands for;
 * undefined when the event has no detail or one this catalogue cannot read (never shown to buyers and merchants).
 */
export function codeOfEvent(event: TimelineEvent): { code: DetailCode; facts: DetailFacts } | undefined {
  if (event.detailCode) return { code: event.detailCode, facts: event.facts ?? {} };
  const detail = event.detail;
  if (!detail) return undefined;
  const timeout = TIMEOUT_RULE_CODES[detail];
  if (timeout) return { code: timeout, facts: {} };
  const rule = RULE_BY_EXPLANATION.get(detail);
  if (rule) return { code: 'RULES_DECIDED', facts: { rule } };
  for (const [pattern, code] of LEGACY_PATTERNS) {
    const match = detail.match(pattern);
    if (match) {
      const found = code(match);
      return { code: found.code, facts: found.facts ?? {} };
    }
  }
  // A merchant's or reviewer's old detail was their own words (app/decide-as-merchant.ts, app/decide-review.ts).
  if (event.actor === 'MERCHANT') return { code: 'MERCHANT_ANSWERED', facts: { note: detail } };
  if (event.actor === 'REVIEWER') return { code: 'REVIEWER_NOTE', facts: { note: detail } };
  // The provider's failure code, or settlement notes for finance: the buyer reads what happened to the money.
  if (event.status === 'PAYOUT_FAILED' && event.actor === 'SYSTEM') return { code: 'PAYOUT_FAILED', facts: {} };
  if (event.status === 'REFUNDED' && event.actor === 'SYSTEM') return { code: 'PAYOUT_SETTLED', facts: {} };
  // A buyer's "carrier number" of the return (app/ship-return.ts wrote it so).
  const shipped = event.status === 'RETURN_IN_TRANSIT' && event.actor === 'BUYER' && detail.match(/^(\S+) (\S+)$/);
  if (shipped)
    return { code: 'RETURN_SHIPPED', facts: { carrier: shipped[1] ?? '', trackingNumber: shipped[2] ?? '' } };
  return undefined;
}

/** The rule behind an event, for reviewers (never shown to buyers and merchants). */
export function ruleOfEvent(event: TimelineEvent): string | undefined {
  const rule = event.facts?.rule;
  if (typeof rule === 'string') return rule;
  if (event.actor === 'SYSTEM' && event.actorId && /^[A-Z_]+(\.[A-Z_]+)+$/.test(event.actorId)) return event.actorId;
  if (event.detail && /^[A-Z_]+(\.[A-Z_]+)+$/.test(event.detail)) return event.detail;
  return undefined;
}

/** Withdrawn by the buyer, closed for want of a return or of evidence: the three ways a refund ends CANCELLED. */
const CANCELLED_LABELS: Readonly<Record<'BUYER' | 'NO_RETURN' | 'NO_EVIDENCE' | 'CLOSED', Record<Locale, string>>> = {
  BUYER: { 'zh-CN': '买家已撤销', en: 'Withdrawn by the buyer' },
  NO_RETURN: { 'zh-CN': '已关闭(未按时退货)', en: 'Closed: goods not returned in time' },
  NO_EVIDENCE: { 'zh-CN': '已关闭(未按时上传凭证)', en: 'Closed: no evidence in time' },
  CLOSED: { 'zh-CN': '已关闭(超时未处理)', en: 'Closed (deadline passed)' },
};

/** The label of the status an event entered, told apart by who and why where the status alone is ambiguous. */
export function eventLabel(event: TimelineEvent, locale: Locale): string {
  if (event.status === 'CANCELLED') {
    if (event.actor === 'BUYER') return CANCELLED_LABELS.BUYER[locale];
    if (event.actor === 'SYSTEM') {
      const code = codeOfEvent(event)?.code;
      if (code === 'CLOSED_NO_RETURN') return CANCELLED_LABELS.NO_RETURN[locale];
      if (code === 'CLOSED_NO_EVIDENCE') return CANCELLED_LABELS.NO_EVIDENCE[locale];
      return CANCELLED_LABELS.CLOSED[locale];
    }
  }
  return statusLabel(event.status, locale, event.actor);
}

/** The event's detail as the buyer or merchant reads it; undefined when there is none to show. */
export function eventDetail(event: TimelineEvent, locale: Locale): string | undefined {
  const found = codeOfEvent(event);
  return found ? detailText(found.code, found.facts, locale) : undefined;
}
