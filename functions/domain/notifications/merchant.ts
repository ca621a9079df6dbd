/**
 * Merchant notifications, as plain data the Notifier port publishes on its `merchant` channel. For now one event: a
 * new message from the buyer or the platform in a refund's negotiation thread. Texts in zh-CN and en, like the
 * buyer's (./buyer-texts.ts). Pure: the refund in, the message out.
 */
import type { Refund } from '../refund.ts';
import type { Locale } from '../status-labels.ts';
import { formatMoney } from './format.ts';

export const MERCHANT_EVENTS = ['NEW_MESSAGE'] as const;
export type MerchantEvent = (typeof MERCHANT_EVENTS)[number];

/** Who wrote the message a merchant is told about. */
export type MerchantSender = 'BUYER' | 'REVIEWER';

interface MerchantTextFacts {
  refundId: string;
  orderId: string;
  amount: string;
  sender: string;
}

type Template = { subject: string; text: (f: MerchantTextFacts) => string };

const SENDERS: Readonly<Record<Locale, Record<MerchantSender, string>>> = {
  'zh-CN': { BUYER: '买家', REVIEWER: '平台客服' },
  en: { BUYER: 'The buyer', REVIEWER: 'The platform' },
};

/** Every event in every locale; a Record so a missing translation is a type error. */
export const MERCHANT_TEXTS: Readonly<Record<Locale, Record<MerchantEvent, Template>>> = {
  'zh-CN': {
    NEW_MESSAGE: {
      subject: '退款协商有新留言',
      text: (f) =>
        `${f.sender}就退款 ${f.refundId}（订单 ${f.orderId}，${f.amount}）给您留言，请在商家后台查看并回复。`,
    },
  },
  en: {
    NEW_MESSAGE: {
      subject: 'New message about a refund',
      text: (f) =>
        `${f.sender} sent you a message about refund ${f.refundId} (order ${f.orderId}, ${f.amount}); ` +
        'read and reply in the merchant console.',
    },
  },
};

export interface MerchantNotification {
  subject: string;
  text: string;
  attributes: { locale: Locale; event: MerchantEvent };
}

export function merchantNotification(
  event: MerchantEvent,
  refund: Refund,
  locale: Locale,
  context: { sender: MerchantSender },
): MerchantNotification {
  const template = MERCHANT_TEXTS[locale][event];
  const facts: MerchantTextFacts = {
    refundId: refund.refundId,
    orderId: refund.orderId,
    amount: formatMoney(refund.amount, refund.currency, 'symbol'),
    sender: SENDERS[locale][context.sender],
  };
  return { subject: template.subject, text: template.text(facts), attributes: { locale, event } };
}
