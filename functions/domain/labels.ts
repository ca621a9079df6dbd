/**
 * The one label catalogue: every code the API returns (statuses, reasons, order states, payout methods, next steps,
 * evidence kinds, OCR results, carriers, decisions, alerts, risk factors, ledger kinds...) as people read it, in zh-CN and en.
 * The console shows only these labels, never a code, and the notification texts take their names of things from here
 * too, so a buyer reads the same word for the same thing on every screen and in every message.
 *
 * Pure data: no I/O, no AWS SDK; the console bundles it (web/src/labels.ts).
 */
import type { AnalyticsDimension } from './analytics/tally.ts';
import type { Carrier } from './evidence/carriers.ts';
import type { EvidenceFileErrorCode } from './evidence/limits.ts';
import type { ReceiptReasonCode, VerificationResult, WaybillReasonCode } from './evidence/verify.ts';
import type { LedgerKind } from './ledger/entry.ts';
import type { ReconciliationIssueKind } from './ledger/reconcile.ts';
import type { AlertHistoryAction, AlertKind, AlertStatus } from './monitoring/alert.ts';
import type { ChannelName } from './payout/channels.ts';
import type { InspectionVerdict, Outcome, RiskLevel } from './policy/schema.ts';
import type { TimeoutKind } from './policy/timeouts.ts';
import type { DecisionKind } from './refund.ts';
import type { RiskFactor } from './risk/score.ts';
import { REASON_LABELS } from './rules/reason-labels.ts';
import type { Metric } from './scorecard/metrics.ts';
import { type Locale, statusLabel } from './status-labels.ts';
import type { ReturnCondition } from './transitions.ts';
import {
  type ActorKind,
  type Category,
  type Destination,
  type EvidenceKind,
  type PaymentMethod,
  type RefundStatus,
  type Scenario,
  STATUSES,
} from './vocabulary.ts';

export type { Locale } from './status-labels.ts';

/** A label in each language. */
export type Text = Readonly<Record<Locale, string>>;

const l = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });

/** What `nextStep.action` can say (lifecycle WAIT_NEXT, application, payout). */
export type NextAction =
  | 'ASSESS'
  | 'DECIDE'
  | 'UPLOAD_EVIDENCE'
  | 'SHIP_RETURN'
  | 'CONFIRM_RETURN_RECEIVED'
  | 'DISPUTE_OR_ACCEPT'
  | 'ANSWER_OFFER'
  | 'INSPECT'
  | 'PAYOUT';

/** The answer to a verification of a waybill or receipt; REJECTED when the file itself was refused. */
export type Verification = VerificationResult | 'REJECTED';

/** Why OCR answered what it did (evidence/verify.ts reasons and evidence/limits.ts file errors). */
export type OcrReason = WaybillReasonCode | ReceiptReasonCode | EvidenceFileErrorCode;

const CATALOGUE = {
  status: Object.fromEntries(
    STATUSES.map((s) => [s, { 'zh-CN': statusLabel(s, 'zh-CN'), en: statusLabel(s, 'en') }]),
  ) as Record<RefundStatus, Text>,
  reason: REASON_LABELS,
  scenario: {
    NOT_SHIPPED: l('未发货', 'Not shipped'),
    IN_TRANSIT: l('运输中', 'In transit'),
    DELIVERED: l('已签收', 'Delivered'),
  } satisfies Record<Scenario, Text>,
  category: {
    GENERAL: l('普通商品', 'General goods'),
    FRESH: l('生鲜', 'Fresh food'),
    CUSTOM: l('定制商品', 'Made to order'),
    VIRTUAL: l('虚拟商品', 'Virtual goods'),
  } satisfies Record<Category, Text>,
  /** Where the money goes: the order's payment method or the destination the buyer chose. */
  destination: {
    ORIGINAL: l('原路退回', 'Back to how you paid'),
    ALIPAY: l('支付宝', 'Alipay'),
    WECHAT_PAY: l('微信支付', 'WeChat Pay'),
    BANK_CARD: l('银行卡', 'Bank card'),
    BALANCE: l('平台余额', 'Platform balance'),
    COUPON: l('优惠券', 'Coupon'),
  } satisfies Record<PaymentMethod | Destination, Text>,
  channel: {
    sandbox: l('测试通道', 'Test channel'),
    alipay: l('支付宝', 'Alipay'),
    wechat: l('微信支付', 'WeChat Pay'),
    wallet: l('平台钱包', 'Platform wallet'),
  } satisfies Record<ChannelName, Text>,
  actor: {
    BUYER: l('买家', 'Buyer'),
    MERCHANT: l('商家', 'Merchant'),
    REVIEWER: l('平台审核员', 'Platform reviewer'),
    INSPECTOR: l('第三方质检员', 'Independent inspector'),
    SYSTEM: l('系统', 'System'),
  } satisfies Record<ActorKind, Text>,
  action: {
    ASSESS: l('系统自动审核', 'Automatic review'),
    DECIDE: l('处理退款申请', 'Decide on the request'),
    UPLOAD_EVIDENCE: l('上传凭证', 'Upload evidence'),
    SHIP_RETURN: l('寄回商品并填写物流', 'Send the goods back'),
    CONFIRM_RETURN_RECEIVED: l('确认收到退货', 'Confirm the return arrived'),
    DISPUTE_OR_ACCEPT: l('接受结果或申请平台介入', 'Accept, or ask the platform to step in'),
    ANSWER_OFFER: l('回复部分退款方案', 'Answer the partial refund offer'),
    INSPECT: l('检验退回的商品', 'Inspect the returned goods'),
    PAYOUT: l('退款打款', 'Send the money'),
  } satisfies Record<NextAction, Text>,
  evidenceKind: {
    PHOTO: l('照片', 'Photo'),
    WAYBILL: l('快递运单', 'Waybill'),
    RECEIPT: l('发票/收据', 'Receipt'),
  } satisfies Record<EvidenceKind, Text>,
  returnCondition: {
    INTACT: l('完好', 'Intact'),
    DAMAGED: l('有损坏', 'Damaged'),
    NOT_MATCHING: l('与申请不符', 'Not what was claimed'),
  } satisfies Record<ReturnCondition, Text>,
  verification: {
    MATCH: l('与订单一致', 'Matches the order'),
    MISMATCH: l('与订单不一致', 'Does not match the order'),
    UNREADABLE: l('未能核对', 'Could not be checked'),
    REJECTED: l('文件不符合要求', 'File not accepted'),
  } satisfies Record<Verification, Text>,
  ocrReason: {
    NO_TRACKING_NUMBER: l('未识别到运单号', 'No tracking number found'),
    LOW_CONFIDENCE: l('识别不够清晰', 'Not read clearly enough'),
    NOTHING_TO_COMPARE: l('没有可核对的物流信息', 'No shipment on record to compare with'),
    TRACKING_NUMBER_MATCHES: l('运单号一致', 'Tracking number matches'),
    TRACKING_NUMBER_DIFFERS: l('运单号不一致', 'Tracking number differs'),
    TRACKING_NUMBER_NEAR_MATCH: l('运单号接近，需人工核对', 'Tracking number nearly matches; a person checks it'),
    CARRIER_MATCHES: l('快递公司一致', 'Carrier matches'),
    CARRIER_DIFFERS: l('快递公司不一致', 'Carrier differs'),
    CARRIER_NOT_CHECKED: l('快递公司未核对', 'Carrier not checked'),
    NO_TOTAL: l('未识别到金额', 'No total found'),
    AMOUNT_MATCHES: l('金额一致', 'Amount matches'),
    AMOUNT_DIFFERS: l('金额不一致', 'Amount differs'),
    CURRENCY_DIFFERS: l('币种不一致', 'Currency differs'),
    UNSUPPORTED_CONTENT_TYPE: l('文件类型不支持', 'File type not supported'),
    FILE_TOO_LARGE: l('文件过大', 'File too large'),
    EMPTY_FILE: l('文件为空', 'Empty file'),
    TOO_MANY_PAGES: l('页数过多', 'Too many pages'),
    BAD_DOCUMENT: l('文件无法打开', 'File cannot be opened'),
  } satisfies Record<OcrReason, Text>,
  decisionKind: {
    ASSESSMENT: l('规则自动审核', 'Automatic review'),
    MERCHANT: l('商家处理', 'Merchant’s decision'),
    RETURN_CHECK: l('退货验收', 'Return check'),
    REVIEW: l('平台人工审核', 'Platform review'),
    ARBITRATION: l('平台仲裁', 'Platform ruling'),
    TIMEOUT: l('超时自动处理', 'Decided when time ran out'),
    PAYOUT_RECOVERY: l('退款失败后重新打款', 'Payout retried'),
    OFFER_ANSWER: l('买家回复部分退款', 'Buyer’s answer to the offer'),
    INSPECTION: l('第三方质检', 'Independent inspection'),
  } satisfies Record<DecisionKind, Text>,
  /** What an inspector found of the buyer's claim, checked against the returned goods. */
  verdict: {
    AS_CLAIMED: l('与买家描述一致', 'As the buyer claimed'),
    NOT_AS_CLAIMED: l('与买家描述不符', 'Not as the buyer claimed'),
    INCONCLUSIVE: l('无法判定', 'Cannot tell'),
  } satisfies Record<InspectionVerdict, Text>,
  outcome: {
    APPROVE: l('同意退款', 'Approve'),
    REJECT: l('拒绝退款', 'Reject'),
    MERCHANT_REVIEW: l('交由商家处理', 'Merchant decides'),
    MANUAL_REVIEW: l('转平台人工审核', 'Platform review'),
    AWAIT_EVIDENCE: l('需补充凭证', 'Evidence needed'),
    AWAIT_RETURN: l('需先退货', 'Return needed first'),
  } satisfies Record<Outcome, Text>,
  riskLevel: {
    LOW: l('低', 'Low'),
    MEDIUM: l('中', 'Medium'),
    HIGH: l('高', 'High'),
  } satisfies Record<RiskLevel, Text>,
  riskFactor: {
    refundCount90d: l('近 90 天退款次数', 'Refunds in the last 90 days'),
    refundRate90d: l('近 90 天退款率', 'Refund rate, last 90 days'),
    refundsLast24h: l('近 24 小时退款次数', 'Refunds in the last 24 hours'),
    accountAgeDays: l('账号注册天数', 'Account age in days'),
    amountVsUsual: l('金额是平时的倍数', 'Amount against the usual'),
    waybill: l('运单核对', 'Waybill check'),
    notReceivedButDelivered: l('称未收到但物流显示已签收', 'Says not received; carrier says delivered'),
  } satisfies Record<RiskFactor, Text>,
  timeoutKind: {
    MERCHANT_RESPONSE: l('商家处理时限', 'Merchant’s time to answer'),
    BUYER_EVIDENCE: l('买家补充凭证时限', 'Buyer’s time to send evidence'),
    BUYER_RETURN: l('买家退货时限', 'Buyer’s time to return'),
    REVIEW_TASK_SLA: l('审核时限', 'Review time'),
  } satisfies Record<TimeoutKind, Text>,
  alertKind: {
    LATE_PAYOUT: l('退款超时未到账', 'Payout late'),
    AMOUNT_MISMATCH: l('到账金额不符', 'Amount mismatch'),
    DUPLICATE_PAYOUT: l('重复打款', 'Paid twice'),
    PAYOUT_FAILED: l('打款失败', 'Payout failed'),
    OVER_REFUND: l('超额退款', 'Refunded more than paid'),
    STUCK_REFUND: l('退款长时间未推进', 'Refund stuck'),
    RATE_SPIKE: l('退款量异常升高', 'Refund rate spike'),
  } satisfies Record<AlertKind, Text>,
  alertStatus: {
    OPEN: l('待处理', 'Open'),
    ACKNOWLEDGED: l('处理中', 'Acknowledged'),
    RESOLVED: l('已解决', 'Resolved'),
  } satisfies Record<AlertStatus, Text>,
  alertAction: {
    OPENED: l('发现问题', 'Opened'),
    ACKNOWLEDGED: l('已认领', 'Acknowledged'),
    ASSIGNED: l('已指派', 'Assigned'),
    RESOLVED: l('已解决', 'Resolved'),
    AUTO_RESOLVED: l('已自动恢复', 'Resolved by itself'),
    REOPENED: l('重新打开', 'Reopened'),
    RENOTIFIED: l('再次提醒', 'Reminded again'),
    ESCALATED: l('已升级', 'Escalated'),
    UPDATED: l('已更新', 'Updated'),
  } satisfies Record<AlertHistoryAction, Text>,
  ledgerKind: {
    RESERVED: l('预留', 'Reserved'),
    SENT: l('已发出', 'Sent'),
    SETTLED: l('已到账', 'Settled'),
    FAILED: l('失败', 'Failed'),
    REVERSED: l('已冲正', 'Reversed'),
    BONUS: l('额外赠送', 'Bonus'),
    RELEASED: l('已释放', 'Released'),
  } satisfies Record<LedgerKind, Text>,
  /**
   * The rules of the default policy and the lifecycle's timeouts, explained for staff (a reviewer reads why the
   * engine decided what it did); a custom policy's own rule reads as "other" and its id stays a secondary detail.
   */
  rule: {
    'REASON.NOT_OFFERED': l(
      '该订单状态下不能选择这个退款原因',
      'This reason cannot be chosen for an order in this state',
    ),
    'VIRTUAL.NO_PARCEL_CLAIMS': l(
      '虚拟商品以卡密交付，不存在运输损坏、错发或漏发',
      'Virtual goods arrive as a code: they cannot be damaged in transit, mixed up or incomplete',
    ),
    'VIRTUAL.REDEEMED': l('虚拟商品仅在未核销时可退', 'Virtual goods are refundable only while unredeemed'),
    'FRESH.QUALITY_ONLY': l(
      '生鲜不支持无理由退货，仅受理质量问题',
      'Fresh goods: quality claims only, no no-reason return',
    ),
    'CUSTOM.QUALITY_ONLY': l(
      '定制商品发货后不支持无理由退货，仅受理质量问题',
      'Made-to-order goods: once shipped, quality claims only',
    ),
    'DELIVERED.NO_REASON.WINDOW_EXPIRED': l('已超过签收后的无理由退货期限', 'The no-reason return window has passed'),
    'DELIVERED.QUALITY.WINDOW_EXPIRED': l(
      '已超过该类商品的质量问题受理期限',
      'The window for quality claims has passed',
    ),
    'RISK.HIGH': l('风险高：转平台人工审核', 'High risk: a reviewer decides'),
    'WAYBILL.UNREADABLE': l(
      '运单未能可靠识别：由审核员核对(机器不会直接拒绝)',
      'Waybill not read reliably: a reviewer checks it',
    ),
    'NOT_SHIPPED.INSTANT': l('未发货：立即全额退款(秒批)', 'Not shipped: refunded in full at once'),
    'VIRTUAL.UNREDEEMED.INSTANT': l('虚拟商品未核销：立即退款', 'Unredeemed virtual goods: refunded at once'),
    'QUALITY.PHOTO_REQUIRED': l('质量问题需上传问题照片', 'A quality claim needs a photo of the problem'),
    'SMALL_AMOUNT.INSTANT': l('金额在买家秒退额度内：立即同意', "Within the buyer's instant limit: approved at once"),
    'QUALITY.MERCHANT_REVIEW': l('质量问题已附照片：交由商家处理', 'Quality claim with photos: the merchant decides'),
    'DELIVERED.NO_REASON.RETURN': l(
      '7 天无理由退货：寄回完好商品后退款',
      '7-day no-reason return: refunded once the goods come back',
    ),
    'DELIVERED.NOT_RECEIVED': l(
      '物流显示已签收但买家称未收到：由审核员核对签收凭证',
      'Carrier says delivered, buyer has nothing: a reviewer checks the proof of delivery',
    ),
    'IN_TRANSIT.INTERCEPT': l('运输中：商家拦截包裹后退款', 'In transit: refunded once the merchant stops the parcel'),
    'FALLBACK.MERCHANT_REVIEW': l(
      '没有适用的自动规则：交由商家处理',
      'No automatic rule applies: the merchant decides',
    ),
    'RETURN.DELIVERED_GOODS': l(
      '已签收的商品需寄回(除非有规则免退)',
      'Delivered goods are sent back unless a rule waives it',
    ),
    'FRESH.NO_RETURN': l('生鲜商品退款无需寄回', 'Perishable goods are refunded without a return'),
    'TIER.NO_RETURN_LOW_VALUE': l(
      '信用良好的买家、低价商品：无需寄回',
      'Trusted buyer, low-value goods: no return needed',
    ),
    'APPROVE.RETURN_FIRST': l(
      '同意退款，但需先寄回商品，寄出后打款',
      'Approved; paid once the goods are on their way back',
    ),
    'INSTANT.PAY_ON_RETURN_WAYBILL': l(
      '秒批：登记有效退货运单后立即打款',
      'Approved at once: paid when a valid return waybill is recorded',
    ),
    'TIER.REFUND_ON_WAYBILL': l(
      '信用良好的买家：登记有效退货运单后立即打款',
      'Trusted buyer: paid when a valid return waybill is recorded',
    ),
    'WAYBILL.MISMATCH.NO_EARLY_RELEASE': l(
      '退货运单不一致：等商家确认收货后再打款',
      'Return waybill differs: wait for the merchant to confirm receipt',
    ),
    'WAYBILL.MATCH.RELEASE': l('退货运单有效，按政策提前打款', 'Valid return waybill recorded: the refund is released'),
    'RETURN.WAYBILL_EVIDENCE': l('退货需提供退货包裹的运单', 'A return needs the waybill of the return parcel'),
    'RISK.HIGH.NEVER_INSTANT': l('高风险申请不秒批', 'High risk is never paid instantly'),
    'MERCHANT.TIMEOUT.APPROVE': l('商家逾期未处理：自动同意退款', 'The merchant did not answer in time: approved'),
    'MERCHANT.TIMEOUT.ESCALATE': l(
      '商家逾期未处理：转平台审核',
      'The merchant did not answer in time: a reviewer decides',
    ),
    'BUYER.EVIDENCE.TIMEOUT.CLOSE': l('买家逾期未补充凭证：申请关闭', 'No evidence in time: the request was closed'),
    'BUYER.RETURN.TIMEOUT.CLOSE': l('买家逾期未退货：申请关闭', 'Goods not sent back in time: the request was closed'),
    'BUYER.OFFER.TIMEOUT.ACCEPT': l(
      '买家逾期未回复部分退款：视为同意',
      'Offer not answered in time: taken as accepted',
    ),
    'BUYER.OFFER.TIMEOUT.DECLINE': l(
      '买家逾期未回复部分退款：视为拒绝',
      'Offer not answered in time: taken as declined',
    ),
    'REVIEW.SLA.REASSIGN': l('审核超时：转给其他审核员', 'Review took too long: given to another reviewer'),
    'INSPECTION.HIGH_VALUE': l(
      '退回商品金额较高：交第三方质检',
      'High-value goods came back: an independent inspector checks them',
    ),
    'INSPECTION.CONDITION_CLAIM': l(
      '商家称退回商品有损坏或与申请不符：交第三方质检',
      'The merchant says the returned goods are damaged or not what was claimed: an independent inspector checks them',
    ),
    'INSPECTION.RISKY_BUYER': l(
      '买家风险等级较高：退回商品交第三方质检',
      "The buyer's risk is high: an independent inspector checks the returned goods",
    ),
    'INSPECTION.VERDICT.AS_CLAIMED': l(
      '质检结果与买家描述一致：按完好退货处理',
      'Inspected as the buyer claimed: handled as an intact return',
    ),
    'INSPECTION.VERDICT.NOT_AS_CLAIMED': l(
      '质检结果与买家描述不符：按政策处理',
      'Inspected, not as the buyer claimed: the policy decides',
    ),
    'INSPECTION.VERDICT.INCONCLUSIVE': l(
      '质检无法判定：转平台人工审核，附质检结果',
      'Inspection could not tell: a reviewer decides, with the inspection attached',
    ),
    'INSPECTION.SLA.REASSIGN': l('质检超时：转给其他质检员', 'Inspection took too long: given to another inspector'),
    'INSPECTION.SLA.MANUAL_REVIEW': l('质检多次超时：转平台人工审核', 'Inspection late again: a reviewer decides'),
    'SCORECARD.SHORTER_DEADLINE': l(
      '商家近期表现较差：处理时限缩短',
      "The merchant's recent record is poor: a shorter time to answer",
    ),
    'SCORECARD.LONGER_DEADLINE': l(
      '商家近期表现良好：处理时限延长',
      "The merchant's recent record is good: a longer time to answer",
    ),
    'SCORECARD.PLATFORM_DECIDES': l(
      '商家近期纠纷多判买家胜：由平台直接处理，不经商家',
      'The merchant lost most recent disputes: the platform decides instead of the merchant',
    ),
  } satisfies Record<string, Text>,
  /** What reconciliation finds wrong with one refund's payout (GET /v1/finance/reconciliation `issues`). */
  reconIssue: {
    SENT_NOT_SETTLED: l('已发出但未到账', 'Sent, not settled yet'),
    AMOUNT_MISMATCH: l('到账金额与发出金额不符', 'Settled a different amount from the one sent'),
    SETTLED_TWICE: l('重复到账', 'Settled twice'),
    SETTLED_WITHOUT_SEND: l('没有发出记录却已到账', 'Settled without a recorded send'),
  } satisfies Record<ReconciliationIssueKind, Text>,
  /** Carriers OCR reads on a waybill (evidence/carriers.ts), as buyers know them. */
  carrier: {
    SF: l('顺丰速运', 'SF Express'),
    JD: l('京东物流', 'JD Logistics'),
    YTO: l('圆通速递', 'YTO Express'),
    ZTO: l('中通快递', 'ZTO Express'),
    STO: l('申通快递', 'STO Express'),
    YUNDA: l('韵达快递', 'Yunda Express'),
    EMS: l('中国邮政 EMS', 'China Post EMS'),
    JT: l('极兔速递', 'J&T Express'),
    DEPPON: l('德邦快递', 'Deppon Express'),
    UPS: l('UPS 快递', 'UPS parcel service'),
    FEDEX: l('联邦快递', 'FedEx'),
    DHL: l('DHL 快递', 'DHL Express'),
    USPS: l('美国邮政', 'US Postal Service'),
  } satisfies Record<Carrier, Text>,
  /** The merchant scorecard's tiers (policy `scorecard.tiers`, and NEW/STANDARD outside them). */
  scorecardTier: {
    NEW: l('数据不足，暂不评级', 'Not enough requests yet to be rated'),
    STANDARD: l('标准', 'Standard'),
    GOOD: l('优秀', 'Good'),
    POOR: l('较差', 'Poor'),
    FAILING: l('很差', 'Failing'),
  } satisfies Record<string, Text>,
  /** The merchant scorecard's measures (domain/scorecard/metrics.ts). */
  scorecardMetric: {
    refundRate: l('退款率', 'Refund rate'),
    medianResponseSeconds: l('响应时间中位数', 'Median response time'),
    timeoutRate: l('超时率', 'Timeout rate'),
    disputeRate: l('纠纷率', 'Dispute rate'),
    disputeLossRate: l('纠纷败诉率', 'Dispute-loss rate'),
  } satisfies Record<Metric, Text>,
  /** What refund analytics groups by (domain/analytics/tally.ts). */
  analyticsDimension: {
    reason: l('退款原因', 'Reason'),
    category: l('商品类目', 'Category'),
    sku: l('商品', 'Product (sku)'),
    merchant: l('商家', 'Merchant'),
    scenario: l('订单状态', 'Order state'),
  } satisfies Record<AnalyticsDimension, Text>,
  /** Group keys of refund analytics that are not another kind's code: the total, and a refund's lines past the cap. */
  analyticsGroup: {
    ALL: l('合计', 'All refunds'),
    OTHER_SKUS: l('其他商品', 'Other products'),
  } satisfies Record<string, Text>,
} as const;

/** The kinds of code the catalogue names. */
export type LabelKind = keyof typeof CATALOGUE;

/** Every code of a kind, as the catalogue knows them (for tests and for building choice lists). */
export function codesOf(kind: LabelKind): string[] {
  return Object.keys(CATALOGUE[kind]);
}

/** True when the catalogue has a label for `code` of `kind`. */
export function hasLabel(kind: LabelKind, code: string): boolean {
  return Object.hasOwn(CATALOGUE[kind], code);
}

/**
 * The label of `code` in `locale`. A code the catalogue does not know (a newer server, a custom policy's value)
 * reads as the generic "other" word of the language rather than as the raw code.
 */
export function label(kind: LabelKind, code: string, locale: Locale): string {
  const entry = (CATALOGUE[kind] as Readonly<Record<string, Text>>)[code];
  return entry ? entry[locale] : UNKNOWN[locale];
}

const UNKNOWN: Text = l('其他', 'Other');
