/**
 * The one catalogue of notification texts, keyed by audience (buyer, merchant) and event, rendered in the reader's
 * language. A notice is stored as codes and facts (amounts in minor units, times in ISO, destinations and outcomes as
 * codes), never as sentences, so the in-app message centre renders it at read time in whatever language the reader
 * asks for, and the push/SMS/topic message is the same rendering at send time. Pure.
 */
import { payoutPromiseText } from '../payout/promise-text.ts';
import type { Refund } from '../refund.ts';
import { formatReturnAddress } from '../return-address.ts';
import type { Locale } from '../status-labels.ts';
import type { Destination, IsoTime, PaymentMethod } from '../vocabulary.ts';
import { BUYER_EVENTS, BUYER_TEXTS, type BuyerEvent, DESTINATION_LABELS } from './buyer-texts.ts';
import { formatChinaTime, formatMoney } from './format.ts';
import {
  MERCHANT_EVENTS,
  MERCHANT_TEXTS,
  type MerchantEvent,
  type NoticeOutcome,
  OUTCOME_LABELS,
} from './merchant-texts.ts';

export type Audience = 'buyer' | 'merchant';
export const AUDIENCES = ['buyer', 'merchant'] as const satisfies readonly Audience[];

/** Every event of every audience. */
export const NOTICE_EVENTS = { buyer: BUYER_EVENTS, merchant: MERCHANT_EVENTS } as const;

/** Who wrote a thread message someone is told about. */
export type Sender = 'BUYER' | 'MERCHANT' | 'REVIEWER';

export const SENDER_NAMES: Readonly<Record<Locale, Record<Sender, string>>> = {
  'zh-CN': { BUYER: '买家', MERCHANT: '商家', REVIEWER: '平台客服' },
  en: { BUYER: 'The buyer', MERCHANT: 'The merchant', REVIEWER: 'The platform' },
};

/** What a notice says, as data: no words, no formatting (both are the reader's locale's, at render time). */
export interface NoticeFacts {
  refundId: string;
  orderId: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** Where the money goes: the payout method when a payout exists, else the chosen destination. */
  place: PaymentMethod | Destination;
  promisedBy?: IsoTime;
  /** When the provider confirmed the money arrived (REFUNDED): the text then says when, not the promise. */
  settledAt?: IsoTime;
  /** The deadline of the person told (the buyer's return or evidence, the merchant's decision). */
  dueBy?: IsoTime;
  /** The merchant (not the platform) rejected: the buyer may still ask the platform to step in. */
  disputable?: boolean;
  sender?: Sender;
  /** Where to send the goods back, one line (addresses are not translated). */
  returnAddress?: string;
  outcome?: NoticeOutcome;
  /** OFFER_MADE: the merchant's partial offer, minor units of `currency` (`amount` is what the buyer asked for). */
  offer?: number;
}

export type Notice =
  | { audience: 'buyer'; event: BuyerEvent; facts: NoticeFacts }
  | { audience: 'merchant'; event: MerchantEvent; facts: NoticeFacts };

/** What a notice may add to the refund's own facts. */
export interface NoticeContext {
  sender?: Sender;
  outcome?: NoticeOutcome;
}

/**
 * The facts of `event` on `refund`. The buyer's amount is what arrived when the provider said so (REFUNDED:
 * `payout.settledAmount`), else the payout amount, else the refund amount; the merchant's is the refund amount. The
 * deadline is the refund's next step's, for the events that ask someone to act.
 */
export function noticeFacts(notice: Pick<Notice, 'audience' | 'event'>, refund: Refund, context: NoticeContext = {}) {
  const payout = refund.payout;
  const buyer = notice.audience === 'buyer';
  const amount = buyer
    ? ((notice.event === 'REFUNDED' ? payout?.settledAmount : undefined) ?? payout?.amount ?? refund.amount)
    : refund.amount;
  const place = payout ? (payout.destination === 'ORIGINAL' ? payout.method : payout.destination) : refund.destination;
  const asksToAct = ['RETURN_REQUESTED', 'EVIDENCE_REQUESTED', 'NEW_REFUND', 'OFFER_MADE', 'DEADLINE_SOON'].includes(
    notice.event,
  );
  const facts: NoticeFacts = {
    refundId: refund.refundId,
    orderId: refund.orderId,
    amount,
    currency: refund.currency,
    place,
    ...(buyer && payout?.promisedBy ? { promisedBy: payout.promisedBy } : {}),
    ...(buyer && notice.event === 'REFUNDED' && payout?.settledAt ? { settledAt: payout.settledAt } : {}),
    ...(asksToAct && refund.nextStep?.dueBy ? { dueBy: refund.nextStep.dueBy } : {}),
    ...(buyer && refund.decision?.by === 'MERCHANT' ? { disputable: true } : {}),
    ...(context.sender ? { sender: context.sender } : {}),
    ...(notice.event === 'RETURN_REQUESTED' && refund.returnAddress
      ? { returnAddress: formatReturnAddress(refund.returnAddress) }
      : {}),
    ...(context.outcome ? { outcome: context.outcome } : {}),
    ...(notice.event === 'OFFER_MADE' && refund.offer ? { offer: refund.offer.amount } : {}),
  };
  return facts;
}

/**
 * The payout sentence the console's progress view shows too (payout/promise-text.ts), for the events about the money
 * on its way or arrived; the place is the payout's method, or balance / coupon.
 */
function promise(f: NoticeFacts, event: string, locale: Locale): { promise: string } | undefined {
  if (event !== 'PAYOUT_SENT' && event !== 'REFUNDED') return undefined;
  if (event === 'REFUNDED' && !f.settledAt) return undefined;
  if (f.place === 'ORIGINAL') return undefined;
  const destination = f.place === 'BALANCE' || f.place === 'COUPON' ? f.place : 'ORIGINAL';
  const text = payoutPromiseText(
    {
      destination,
      method: f.place,
      ...(f.promisedBy ? { promisedBy: f.promisedBy } : {}),
      ...(event === 'REFUNDED' && f.settledAt ? { settledAt: f.settledAt } : {}),
    },
    locale,
  );
  return { promise: text };
}

/** The notice's subject and text in `locale`. */
export function renderNotice(notice: Notice, locale: Locale): { subject: string; text: string } {
  const f = notice.facts;
  const amount = formatMoney(f.amount, f.currency, 'symbol');
  const dueBy = f.dueBy ? formatChinaTime(f.dueBy) : undefined;
  const sender = f.sender ? SENDER_NAMES[locale][f.sender] : undefined;
  if (notice.audience === 'buyer') {
    const template = BUYER_TEXTS[locale][notice.event];
    const text = template.text({
      orderId: f.orderId,
      amount,
      where: DESTINATION_LABELS[locale][f.place],
      ...(f.promisedBy ? { promisedBy: formatChinaTime(f.promisedBy) } : {}),
      ...(promise(f, notice.event, locale) ?? {}),
      disputable: f.disputable === true,
      ...(dueBy ? { dueBy } : {}),
      ...(sender ? { sender } : {}),
      ...(f.returnAddress ? { returnAddress: f.returnAddress } : {}),
      ...(f.offer !== undefined ? { offer: formatMoney(f.offer, f.currency, 'symbol') } : {}),
    });
    return { subject: template.subject, text };
  }
  const template = MERCHANT_TEXTS[locale][notice.event];
  const text = template.text({
    refundId: f.refundId,
    orderId: f.orderId,
    amount,
    ...(sender ? { sender } : {}),
    ...(dueBy ? { dueBy } : {}),
    ...(f.outcome ? { outcome: OUTCOME_LABELS[locale][f.outcome] } : {}),
  });
  return { subject: template.subject, text };
}
