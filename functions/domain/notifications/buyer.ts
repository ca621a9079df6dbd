/**
 * Buyer notifications at a refund's key nodes (approved, rejected, return requested, closed for a missed deadline,
 * payout sent, money arrived, payout failed), as plain data the Notifier port publishes to SNS (SMS/push). Pure: the
 * refund record in, the message out.
 */
import type { Refund } from '../refund.ts';
import { formatReturnAddress } from '../return-address.ts';
import {
  BUYER_TEXTS,
  type BuyerEvent,
  type BuyerTextFacts,
  DESTINATION_LABELS,
  type Locale,
  SENDER_LABELS,
} from './buyer-texts.ts';
import { formatChinaTime, formatMoney } from './format.ts';

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
};

/** One message for one buyer; `attributes` become SNS message attributes. */
export interface BuyerNotification {
  subject: string;
  text: string;
  attributes: { channel: BuyerChannel; locale: Locale; event: BuyerEvent };
}

/**
 * The notification for `event` on `refund` in `locale`. The amount is what arrived when the provider said so
 * (`payout.settledAmount`), else the payout amount, else the refund amount; the place is the payout method when
 * a payout exists (e.g. Alipay), else the chosen destination. Promised arrival is shown in China time.
 */
export function buyerNotification(
  event: BuyerEvent,
  refund: Refund,
  locale: Locale,
  context: { sender?: 'MERCHANT' | 'REVIEWER' } = {},
): BuyerNotification {
  const payout = refund.payout;
  const amount = (event === 'REFUNDED' ? payout?.settledAmount : undefined) ?? payout?.amount ?? refund.amount;
  const place = payout ? (payout.destination === 'ORIGINAL' ? payout.method : payout.destination) : refund.destination;
  const facts: BuyerTextFacts = {
    orderId: refund.orderId,
    amount: formatMoney(amount, refund.currency, 'symbol'),
    where: DESTINATION_LABELS[locale][place],
    ...(payout?.promisedBy ? { promisedBy: formatChinaTime(payout.promisedBy) } : {}),
    disputable: refund.decision?.by === 'MERCHANT',
    ...((event === 'RETURN_REQUESTED' || event === 'OFFER_MADE') && refund.nextStep?.dueBy
      ? { dueBy: formatChinaTime(refund.nextStep.dueBy) }
      : {}),
    ...(event === 'OFFER_MADE' && refund.offer
      ? { offer: formatMoney(refund.offer.amount, refund.currency, 'symbol') }
      : {}),
    ...(context.sender ? { sender: SENDER_LABELS[locale][context.sender] } : {}),
    ...(event === 'RETURN_REQUESTED' && refund.returnAddress
      ? { returnAddress: formatReturnAddress(refund.returnAddress) }
      : {}),
  };
  const template = BUYER_TEXTS[locale][event];
  return {
    subject: template.subject,
    text: template.text(facts),
    attributes: { channel: BUYER_EVENT_CHANNELS[event], locale, event },
  };
}
