/**
 * Console strings in zh-CN and en, plus money, date and countdown formatting in the chosen language. Dates are
 * always China time with its label, whatever the browser's zone.
 */
import { CHINA_TIME, chinaDateTime } from '../../functions/domain/payout/promise-text.ts';
import { lang } from './session.ts';
import type { Label } from './types.ts';

const STRINGS = {
  title: ['退款控制台', 'Refund console'],
  role: ['角色', 'Role'],
  switchRole: ['切换角色', 'Switch role'],
  buyer: ['买家', 'Buyer'],
  merchant: ['商家', 'Merchant'],
  reviewer: ['审核员', 'Reviewer'],
  finance: ['财务', 'Finance'],
  inspector: ['质检员', 'Inspector'],
  userId: ['用户 ID', 'User id'],
  merchantId: ['商家 ID', 'Merchant id'],
  signIn: ['登录', 'Sign in'],
  signedInAs: ['当前身份', 'Signed in as'],
  language: ['English', '中文'],
  orderId: ['订单号', 'Order id'],
  open: ['打开', 'Open'],
  myRefunds: ['我的退款', 'My refunds'],
  none: ['暂无', 'Nothing here'],
  applyFor: ['申请退款', 'Apply for a refund'],
  scenario: ['订单状态', 'Order state'],
  reason: ['退款原因', 'Reason'],
  note: ['补充说明(选填，最多 200 字)', 'Note (optional, up to 200 characters)'],
  amount: ['退款金额(元)', 'Amount'],
  upTo: ['最多', 'Up to'],
  destination: ['退款去向', 'Refund to'],
  bonus: ['额外赠送', 'bonus'],
  arrives: ['预计到账', 'arrives'],
  instant: ['符合秒批条件：提交后立即退款', 'Eligible for instant refund: approved as soon as you submit'],
  fallback: ['退款选项暂不可用，显示通用原因', 'Refund options unavailable; showing the general reasons'],
  submit: ['提交申请', 'Submit'],
  progress: ['退款进度', 'Refund progress'],
  decision: ['审核', 'Decision'],
  waitingFor: ['等待', 'Waiting for'],
  dueIn: ['剩余', 'left'],
  overdue: ['已超时', 'overdue'],
  promisedBy: ['承诺到账', 'Promised by'],
  timeline: ['时间线', 'Timeline'],
  cancel: ['撤销申请', 'Cancel the refund'],
  returnShipment: ['填写退货物流', 'Return shipment'],
  carrier: ['快递公司', 'Carrier'],
  tracking: ['运单号', 'Tracking number'],
  send: ['提交', 'Send'],
  dispute: ['申请平台介入', 'Dispute'],
  evidence: ['上传凭证', 'Upload evidence'],
  kind: ['类型', 'Kind'],
  file: ['文件', 'File'],
  upload: ['上传', 'Upload'],
  ocr: ['识别结果', 'OCR result'],
  thread: ['协商记录', 'Messages'],
  inbox: ['消息中心', 'Notifications'],
  threadEmpty: ['还没有留言', 'No messages yet'],
  threadWrite: ['留言(最多 500 字)', 'Message (up to 500 characters)'],
  threadSend: ['发送', 'Send'],
  threadClosed: ['退款已结束，不能再留言', 'This refund has ended; no more messages'],
  viewEvidence: ['查看凭证', 'View'],
  evidenceImage: ['凭证图片', 'Evidence image'],
  unavailable: ['此功能尚未开放', 'Not available in this build yet'],
  queue: ['待处理退款', 'Refunds waiting'],
  status: ['状态', 'Status'],
  refresh: ['刷新', 'Refresh'],
  approve: ['同意', 'Approve'],
  reject: ['拒绝', 'Reject'],
  offer: ['提出部分退款', 'Offer part'],
  offerAmount: ['部分退款金额(元)', 'Partial amount (yuan)'],
  offerFromMerchant: ['商家提出部分退款', 'The merchant offers a partial refund'],
  acceptOffer: ['同意部分退款', 'Accept the offer'],
  declineOffer: ['拒绝，继续申请全额', 'Decline, keep asking for all'],
  requestEvidence: ['要求补充凭证', 'Request evidence'],
  condition: ['退货状况', 'Condition'],
  confirmReturn: ['确认收到退货', 'Confirm return received'],
  available: ['接单中', 'Available for tasks'],
  away: ['暂停接单', 'Away'],
  myTasks: ['我的审核任务', 'My review tasks'],
  order: ['订单', 'Order'],
  history: ['买家近期退款', 'Buyer’s recent refunds'],
  rules: ['触发规则', 'Rules fired'],
  risk: ['风险分', 'Risk score'],
  decisions: ['决策记录', 'Decisions so far'],
  guidance: ['审核指引', 'Guidance'],
  decisionNote: ['审核意见(必填)', 'Decision note (required)'],
  done: ['已完成', 'Done'],
  signInFirst: ['请先选择角色并登录', 'Choose a role and sign in'],
  amountDefault: ['留空即退还全部可退金额', 'Leave empty for all that is still refundable'],
  BUYER: ['您', 'you'],
  MERCHANT: ['商家', 'the merchant'],
  REVIEWER: ['平台审核', 'a reviewer'],
  INSPECTOR: ['第三方质检', 'an independent inspector'],
  SYSTEM: ['系统', 'the system'],
} satisfies Record<string, [string, string]>;

/** A console string in the current language. */
export function t(key: keyof typeof STRINGS): string {
  return STRINGS[key][lang() === 'en' ? 1 : 0];
}

/**
 * A string written in both languages where it is used (`tr('提交', 'Submit')`): screens add their own words this way
 * without all editing one table. Codes never go through here: they go through the label catalogue (./labels.ts).
 */
export const tr = (zh: string, en: string): string => (lang() === 'en' ? en : zh);

/** Who acts next (`nextStep.who`), in words. */
export const who = (actor: string): string => (actor in STRINGS ? t(actor as keyof typeof STRINGS) : actor);

/** A label that may carry both languages. */
export const pick = (label: Label): string => (typeof label === 'string' ? label : label[lang()]);

/** Minor units as money, e.g. 12900 CNY → ¥129.00. */
/** Minor units in the currency's own decimals (CNY 2, JPY 0), never assumed to be hundredths. */
export function money(minor: number, currency = 'CNY'): string {
  const format = new Intl.NumberFormat(lang(), { style: 'currency', currency });
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/**
 * A date-time as people in China read it, whatever the browser's zone: "12月7日 23:59（北京时间）" / "23:59 on 7 Dec
 * (China time)", with the year when it is not this year. The same words as the buyer's messages
 * (functions/domain/payout/promise-text.ts).
 */
export const when = (iso: string, now = Date.now()): string => `${whenBare(iso, now)}${CHINA_TIME[lang()]}`;

/** `when` without the China-time label, for a line that already carries it once (a list's heading). */
export const whenBare = (iso: string, now = Date.now()): string =>
  chinaDateTime(iso, lang(), new Date(now).toISOString());

/** A day in China time: "12月7日" / "7 Dec" (with the year when not this year). */
export function day(iso: string, now = Date.now()): string {
  const full = whenBare(iso, now);
  return lang() === 'en' ? full.replace(/^\d\d:\d\d on /, '') : full.replace(/ \d\d:\d\d$/, '');
}

/**
 * Time left until `iso` in words, coarse enough to read at a glance: "剩余 1天2小时" / "1 d 2 h left", "剩余 3小时5分"
 * / "3 h 5 min left", "剩余 4分12秒" / "4 min 12 s left", or "已超时" / "overdue". What happens at zero is said next
 * to it by the screen (it knows the wait).
 */
export function countdown(iso: string, now = Date.now()): string {
  const left = Math.round((new Date(iso).getTime() - now) / 1000);
  if (!(left > 0)) return t('overdue');
  const d = Math.floor(left / 86_400);
  const h = Math.floor((left % 86_400) / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  const zh = lang() !== 'en';
  const parts =
    d > 0
      ? zh
        ? `${d}天${h}小时`
        : `${d} d ${h} h`
      : h > 0
        ? zh
          ? `${h}小时${m}分`
          : `${h} h ${m} min`
        : zh
          ? `${m}分${s}秒`
          : `${m} min ${s} s`;
  return zh ? `${t('dueIn')} ${parts}` : `${parts} left`;
}
