/**
 * The words of buyer notifications, per locale. Short on purpose: they go out as SMS (70 Chinese characters per
 * segment) or push, so each says what happened, how much and what comes next, and nothing else.
 */
import { label } from '../labels.ts';
import type { Locale } from '../status-labels.ts';
import type { Destination, PaymentMethod } from '../vocabulary.ts';

/** Buyers receive notifications in the same languages as the API's labels. */
export { LOCALES, type Locale } from '../status-labels.ts';

export const BUYER_EVENTS = [
  'APPROVED',
  'REJECTED',
  'RETURN_REQUESTED',
  'CLOSED_NO_RETURN',
  'CLOSED_NO_EVIDENCE',
  'PAYOUT_SENT',
  'REFUNDED',
  'PAYOUT_FAILED',
  'NEW_MESSAGE',
  'OFFER_MADE',
  'EVIDENCE_REQUESTED',
  'DISPUTE_CLOSED',
] as const;
/**
 * The key nodes of a refund the buyer is told about (DESIGN 3.1 "Progress"), including every approval that waits
 * for the goods (RETURN_REQUESTED, with the deadline) and every close for a missed deadline: a refund never ends
 * without the buyer hearing why.
 */
export type BuyerEvent = (typeof BUYER_EVENTS)[number];

/** Facts a text may use, already formatted for the locale. */
export interface BuyerTextFacts {
  orderId: string;
  /** e.g. "¥129.00". */
  amount: string;
  /** Where the money goes, e.g. "支付宝" / "your Alipay account". */
  where: string;
  /** Promised arrival, China time, e.g. "2026-11-28 18:00"; absent when no promise is known. */
  promisedBy?: string;
  /**
   * The payout promise, or once settled the arrival, as the console's progress view says it (payout/promise-text.ts):
   * "退回支付宝，1–3 个工作日，预计 12月7日 23:59（北京时间）前到账"; absent when no payout is known.
   */
  promise?: string;
  /** Whether the merchant (not the platform) rejected, so the buyer may ask the platform to arbitrate. */
  disputable: boolean;
  /** The buyer's deadline (return to ship), China time; absent when none is set. */
  dueBy?: string;
  /** Who wrote a new message in the refund's thread (NEW_MESSAGE), e.g. "商家" / "The merchant". */
  sender?: string;
  /** Where to send the goods back (recipient, phone, address, postcode), when the refund carries it. */
  returnAddress?: string;
  /** OFFER_MADE: the merchant's partial offer, e.g. "¥80.00" (`amount` is what the buyer asked for). */
  offer?: string;
}

type Template = { subject: string; text: (f: BuyerTextFacts) => string };

/** The shared promise sentence starts a line ("Back to…"); inside an English sentence it continues in lower case. */
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Every event in every locale; a Record so a missing translation is a type error. */
export const BUYER_TEXTS: Readonly<Record<Locale, Record<BuyerEvent, Template>>> = {
  'zh-CN': {
    EVIDENCE_REQUESTED: {
      subject: '请补充退款凭证',
      text: (f) =>
        `平台客服需要更多凭证来处理您的退款 ${f.amount}（订单 ${f.orderId}），` +
        (f.dueBy ? `请于 ${f.dueBy}（北京时间）前在订单页上传。` : '请尽快在订单页上传。'),
    },
    DISPUTE_CLOSED: {
      subject: '申诉期已结束',
      text: (f) => `退款 ${f.amount}（订单 ${f.orderId}）的平台介入申请期限已过，商家的拒绝已生效，款项未退。`,
    },
    APPROVED: {
      subject: '退款申请已通过',
      text: (f) => `您的退款申请（订单 ${f.orderId}）已通过，${f.amount} 将退回${f.where}。`,
    },
    REJECTED: {
      subject: '退款申请未通过',
      text: (f) =>
        `您的退款申请（订单 ${f.orderId}）未通过，原因可在订单页查看。` +
        (f.disputable ? '如有异议，可在订单页申请平台介入。' : ''),
    },
    RETURN_REQUESTED: {
      subject: '请寄回商品',
      text: (f) =>
        `退款 ${f.amount}（订单 ${f.orderId}）需先寄回商品，` +
        (f.dueBy ? `请于 ${f.dueBy}（北京时间）前寄出并填写退货单号。` : '请尽快寄出并填写退货单号。') +
        (f.returnAddress ? `退货地址：${f.returnAddress}。` : ''),
    },
    CLOSED_NO_RETURN: {
      subject: '退款申请已关闭',
      text: (f) => `商品未在期限内寄回，退款 ${f.amount}（订单 ${f.orderId}）申请已关闭，款项未退。`,
    },
    CLOSED_NO_EVIDENCE: {
      subject: '退款申请已关闭',
      text: (f) => `凭证未在期限内上传，退款 ${f.amount}（订单 ${f.orderId}）申请已关闭，款项未退。`,
    },
    PAYOUT_SENT: {
      subject: '退款已发出',
      text: (f) =>
        f.promise
          ? `退款 ${f.amount} 已${f.promise}。`
          : `退款 ${f.amount} 已退回${f.where}，` +
            (f.promisedBy ? `预计 ${f.promisedBy}（北京时间）前到账。` : '请留意到账。'),
    },
    REFUNDED: {
      subject: '退款已到账',
      text: (f) =>
        f.promise
          ? `退款 ${f.amount}（订单 ${f.orderId}）${f.promise}，请查收。`
          : `退款 ${f.amount} 已到账${f.where}（订单 ${f.orderId}），请查收。`,
    },
    PAYOUT_FAILED: {
      subject: '退款未能到账',
      text: (f) => `退款 ${f.amount} 退回${f.where}未成功，我们正在处理并会联系您；您也可在订单页改为退到平台余额。`,
    },
    NEW_MESSAGE: {
      subject: '退款协商有新留言',
      text: (f) => `${f.sender ?? '商家'}就您的退款 ${f.amount}（订单 ${f.orderId}）给您留言，请在订单页查看并回复。`,
    },
    OFFER_MADE: {
      subject: '商家提出部分退款方案',
      text: (f) =>
        `商家就您的退款 ${f.amount}（订单 ${f.orderId}）提出部分退款 ${f.offer ?? ''}，请` +
        (f.dueBy ? `于 ${f.dueBy}（北京时间）前` : '尽快') +
        '在订单页同意或拒绝；逾期未答复将按平台规则处理。',
    },
  },
  en: {
    EVIDENCE_REQUESTED: {
      subject: 'More evidence needed',
      text: (f) =>
        `The platform needs more evidence for your refund of ${f.amount} for order ${f.orderId}: upload it on the order page ` +
        (f.dueBy ? `by ${f.dueBy} (China time).` : 'soon.'),
    },
    DISPUTE_CLOSED: {
      subject: 'Dispute window closed',
      text: (f) =>
        `The time to ask the platform to step in on your refund of ${f.amount} for order ${f.orderId} has passed: the merchant's rejection stands and nothing was refunded.`,
    },
    APPROVED: {
      subject: 'Refund approved',
      text: (f) => `Your refund for order ${f.orderId} is approved: ${f.amount} will go back to ${f.where}.`,
    },
    REJECTED: {
      subject: 'Refund not approved',
      text: (f) =>
        `Your refund request for order ${f.orderId} was not approved; the order page shows why.` +
        (f.disputable ? ' If you disagree, you can ask the platform to step in from the order page.' : ''),
    },
    RETURN_REQUESTED: {
      subject: 'Please send the goods back',
      text: (f) =>
        `Your refund of ${f.amount} for order ${f.orderId} needs the goods back: ship them ` +
        (f.dueBy ? `by ${f.dueBy} (China time)` : 'soon') +
        ' and enter the return tracking number.' +
        (f.returnAddress ? ` Return address: ${f.returnAddress}.` : ''),
    },
    CLOSED_NO_RETURN: {
      subject: 'Refund request closed',
      text: (f) =>
        `Your refund request of ${f.amount} for order ${f.orderId} is closed: the goods were not sent back in time. Nothing was refunded.`,
    },
    CLOSED_NO_EVIDENCE: {
      subject: 'Refund request closed',
      text: (f) =>
        `Your refund request of ${f.amount} for order ${f.orderId} is closed: the evidence was not uploaded in time. Nothing was refunded.`,
    },
    PAYOUT_SENT: {
      subject: 'Refund sent',
      text: (f) =>
        f.promise
          ? `Your refund of ${f.amount} is on its way: ${lowerFirst(f.promise)}.`
          : `Your refund of ${f.amount} has been sent to ${f.where}` +
            (f.promisedBy ? ` and should arrive by ${f.promisedBy} (China time).` : ' and should arrive soon.'),
    },
    REFUNDED: {
      subject: 'Refund received',
      text: (f) =>
        f.promise
          ? `Your refund of ${f.amount} for order ${f.orderId}: ${lowerFirst(f.promise)}.`
          : `Your refund of ${f.amount} for order ${f.orderId} has arrived in ${f.where}.`,
    },
    PAYOUT_FAILED: {
      subject: 'Refund could not be paid',
      text: (f) =>
        `We could not pay your refund of ${f.amount} to ${f.where}. We are on it and will contact you; ` +
        'you can also take it as platform balance from the order page.',
    },
    NEW_MESSAGE: {
      subject: 'New message about your refund',
      text: (f) =>
        `${f.sender ?? 'The merchant'} sent you a message about your refund of ${f.amount} for order ${f.orderId}; ` +
        'read and reply on the order page.',
    },
    OFFER_MADE: {
      subject: 'The merchant offers a partial refund',
      text: (f) =>
        `For your refund of ${f.amount} (order ${f.orderId}) the merchant offers ${f.offer ?? 'part of it'}. ` +
        'Accept or decline on the order page' +
        (f.dueBy ? ` by ${f.dueBy} (China time)` : '') +
        '; without an answer, the platform rules decide.',
    },
  },
};

/**
 * Where the money goes, by payout method or destination, per locale, as a sentence names it ("已退回支付宝", "back
 * to your Alipay account"): the names of things come from the label catalogue, so a message and the console say
 * the same word; only the sentence forms (原支付账户, "your … account") are the message's own.
 */
export const DESTINATION_LABELS: Readonly<Record<Locale, Record<PaymentMethod | Destination, string>>> = {
  'zh-CN': {
    ALIPAY: label('destination', 'ALIPAY', 'zh-CN'),
    WECHAT_PAY: label('destination', 'WECHAT_PAY', 'zh-CN'),
    BANK_CARD: label('destination', 'BANK_CARD', 'zh-CN'),
    BALANCE: label('destination', 'BALANCE', 'zh-CN'),
    ORIGINAL: '原支付账户',
    COUPON: label('destination', 'COUPON', 'zh-CN'),
  },
  en: {
    ALIPAY: `your ${label('destination', 'ALIPAY', 'en')} account`,
    WECHAT_PAY: `your ${label('destination', 'WECHAT_PAY', 'en')} account`,
    BANK_CARD: 'your bank card',
    BALANCE: 'your platform balance',
    ORIGINAL: 'your original payment account',
    COUPON: 'a coupon',
  },
};
