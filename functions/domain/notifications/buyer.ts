/**
 * Buyer notifications at a refund's key nodes (approved, rejected, return or evidence requested, closed for a missed
 * deadline or an unused dispute window, payout sent, money arrived, payout failed, a new thread message), as plain data the Notifier port publishes to SNS (SMS/push). Pure: the
 * refund record in, the message out.
 */
import type { Refund } from '../refund.ts';
import type { BuyerEvent, Locale } from './buyer-texts.ts';
import { noticeFacts, renderNotice } from './catalogue.ts';

export { BUYER_EVENTS, type BuyerEvent, LOCALES, type Locale } from './buyer-texts.ts';

/** How a notification reaches the buyer; SNS message attributes let subscriptions filter on it. */
export type BuyerChannel = 'SMS' | 'PUSH';

/**
 * Money arriving or failing matters enough to pay for an SMS; the other steps are visible in the app, so push is
 * enough.
 */
export const BUYER_EVENT_CHANNELS: Readonly<Record<BuyerEvent, BuyerChannel>> = {
  APPROVED: 'PUSH',
  REJECTED: 'PUSH',
  RETURN_REQUESTED: 'PUSH',
  // A refund closed without money is a money matter too.
  CLOSED_NO_RETURN: 'SMS',
  CLOSED_NO_EVIDENCE: 'SMS',
  PAYOUT_SENT: 'PUSH',
  REFUNDED: 'SMS',
  PAYOUT_FAILED: 'SMS',
  // A message in the refund's thread: visible in the app, like the other steps.
  NEW_MESSAGE: 'PUSH',
  // A partial offer has a deadline and money at stake: worth an SMS.
  OFFER_MADE: 'SMS',
  // Asks the buyer to act before a deadline, in the app.
  EVIDENCE_REQUESTED: 'PUSH',
  // The last word on a refund without money.
  DISPUTE_CLOSED: 'SMS',
};

/** One message for one buyer; `attributes` become SNS message attributes. */
export interface BuyerNotification {
  subject: string;
  text: string;
  attributes: { channel: BuyerChannel; locale: Locale; event: BuyerEvent };
}

/** The notification for `event` on `refund` in `locale` (./catalogue.ts says which facts and renders them). */
export function buyerNotification(
  event: BuyerEvent,
  refund: Refund,
  locale: Locale,
  context: { sender?: 'MERCHANT' | 'REVIEWER' } = {},
): BuyerNotification {
  const facts = noticeFacts({ audience: 'buyer', event }, refund, context);
  return {
    ...renderNotice({ audience: 'buyer', event, facts }, locale),
    attributes: { channel: BUYER_EVENT_CHANNELS[event], locale, event },
  };
}
