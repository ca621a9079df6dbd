/**
 * Merchant notifications, as plain data the Notifier port publishes on its `merchant` channel (the merchant topic in
 * AWS): a new refund in the merchant's queue, a timeout decided for them, the platform's ruling, a new message in a
 * refund's thread. Texts in ./merchant-texts.ts, rendered by ./catalogue.ts. Pure: the refund in, the message out.
 */
import type { Refund } from '../refund.ts';
import type { Locale } from '../status-labels.ts';
import { type NoticeContext, noticeFacts, renderNotice } from './catalogue.ts';
import type { MerchantEvent } from './merchant-texts.ts';

export { MERCHANT_EVENTS, type MerchantEvent, NOTICE_OUTCOMES, type NoticeOutcome } from './merchant-texts.ts';

/** Who wrote the message a merchant is told about. */
export type MerchantSender = 'BUYER' | 'REVIEWER';

export interface MerchantNotification {
  subject: string;
  text: string;
  attributes: { locale: Locale; event: MerchantEvent };
}

export function merchantNotification(
  event: MerchantEvent,
  refund: Refund,
  locale: Locale,
  context: NoticeContext = {},
): MerchantNotification {
  const facts = noticeFacts({ audience: 'merchant', event }, refund, context);
  return { ...renderNotice({ audience: 'merchant', event, facts }, locale), attributes: { locale, event } };
}
