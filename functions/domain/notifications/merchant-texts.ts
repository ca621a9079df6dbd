/**
 * The words of merchant notifications, per locale: what happened to which refund and what the merchant should do.
 * Merchants read them in the merchant console and on the merchant topic's subscriptions (./catalogue.ts renders).
 */
import type { Locale } from '../status-labels.ts';

export const MERCHANT_EVENTS = ['NEW_MESSAGE', 'NEW_REFUND', 'TIMEOUT_DECIDED', 'RULING', 'DEADLINE_SOON'] as const;
/**
 * What merchants are told: a message in a refund's thread, a new refund waiting for their decision (with the
 * deadline), a wait of theirs that ran out and what the policy decided for them, the platform's ruling after a
 * manual review or arbitration, and a deadline of theirs about to lapse (two hours before, once: what happens then).
 */
export type MerchantEvent = (typeof MERCHANT_EVENTS)[number];

/** What was decided, as a merchant reads it (TIMEOUT_DECIDED, RULING). */
export const NOTICE_OUTCOMES = ['APPROVED', 'RETURN_REQUIRED', 'REJECTED', 'REVIEW'] as const;
export type NoticeOutcome = (typeof NOTICE_OUTCOMES)[number];

/** Facts a merchant text may use, already formatted for the locale. */
export interface MerchantTextFacts {
  refundId: string;
  orderId: string;
  amount: string;
  /** Who wrote the message (NEW_MESSAGE). */
  sender?: string;
  /** The merchant's deadline, China time (NEW_REFUND, DEADLINE_SOON). */
  dueBy?: string;
  /** What was decided (TIMEOUT_DECIDED, RULING), or what the policy decides at the deadline (DEADLINE_SOON). */
  outcome?: string;
}

type Template = { subject: string; text: (f: MerchantTextFacts) => string };

export const OUTCOME_LABELS: Readonly<Record<Locale, Record<NoticeOutcome, string>>> = {
  'zh-CN': { APPROVED: '同意退款', RETURN_REQUIRED: '买家寄回商品后退款', REJECTED: '拒绝退款', REVIEW: '转平台审核' },
  en: {
    APPROVED: 'refund approved',
    RETURN_REQUIRED: 'refund once the buyer returns the goods',
    REJECTED: 'refund rejected',
    REVIEW: "sent to the platform's review",
  },
};

/** Every event in every locale; a Record so a missing translation is a type error. */
export const MERCHANT_TEXTS: Readonly<Record<Locale, Record<MerchantEvent, Template>>> = {
  'zh-CN': {
    NEW_MESSAGE: {
      subject: '退款协商有新留言',
      text: (f) =>
        `${f.sender ?? '买家'}就退款 ${f.refundId}（订单 ${f.orderId}，${f.amount}）给您留言，请在商家后台查看并回复。`,
    },
    NEW_REFUND: {
      subject: '新的退款申请待处理',
      text: (f) =>
        `退款 ${f.refundId}（订单 ${f.orderId}，${f.amount}）等待您处理，` +
        (f.dueBy ? `请于 ${f.dueBy}（北京时间）前处理，逾期将按平台规则自动处理。` : '请尽快处理。'),
    },
    TIMEOUT_DECIDED: {
      subject: '退款已超时自动处理',
      text: (f) =>
        `您未在期限内处理退款 ${f.refundId}（订单 ${f.orderId}，${f.amount}），平台已按规则处理：${f.outcome ?? ''}。`,
    },
    RULING: {
      subject: '平台已对退款作出裁决',
      text: (f) => `平台对退款 ${f.refundId}（订单 ${f.orderId}，${f.amount}）的裁决：${f.outcome ?? ''}。`,
    },
    DEADLINE_SOON: {
      subject: '退款处理即将超时',
      text: (f) =>
        `退款 ${f.refundId}（订单 ${f.orderId}，${f.amount}）的处理期限为 ${f.dueBy ?? ''}（北京时间），即将到期，请尽快处理。` +
        (f.outcome ? `逾期未处理，平台将按规则自动处理：${f.outcome}。` : '逾期未处理，平台将按规则自动处理。'),
    },
  },
  en: {
    NEW_MESSAGE: {
      subject: 'New message about a refund',
      text: (f) =>
        `${f.sender ?? 'The buyer'} sent you a message about refund ${f.refundId} (order ${f.orderId}, ${f.amount}); ` +
        'read and reply in the merchant console.',
    },
    NEW_REFUND: {
      subject: 'New refund to decide',
      text: (f) =>
        `Refund ${f.refundId} (order ${f.orderId}, ${f.amount}) is waiting for your decision` +
        (f.dueBy ? ` until ${f.dueBy} (China time); after that the platform's rules decide.` : '.'),
    },
    TIMEOUT_DECIDED: {
      subject: 'Refund decided on timeout',
      text: (f) =>
        `You did not answer refund ${f.refundId} (order ${f.orderId}, ${f.amount}) in time; the platform's rules decided: ${f.outcome ?? ''}.`,
    },
    RULING: {
      subject: "The platform's ruling on a refund",
      text: (f) => `The platform ruled on refund ${f.refundId} (order ${f.orderId}, ${f.amount}): ${f.outcome ?? ''}.`,
    },
    DEADLINE_SOON: {
      subject: 'Refund deadline soon',
      text: (f) =>
        `Your deadline for refund ${f.refundId} (order ${f.orderId}, ${f.amount}) is ${f.dueBy ?? ''} (China time), ` +
        'less than two hours from now; please act before then. ' +
        (f.outcome
          ? `If you do not, the platform's rules decide: ${f.outcome}.`
          : "If you do not, the platform's rules decide."),
    },
  },
};
