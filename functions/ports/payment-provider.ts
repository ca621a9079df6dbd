/**
 * Port to a payment provider that pays refunds out (Alipay, WeChat Pay, a bank, the platform wallet, the sandbox).
 *
 * What every adapter must guarantee:
 * - **Idempotency on refundId.** `refundId` is the provider's idempotency key (Alipay `out_request_no`, WeChat Pay
 *   `out_refund_no`). A second `send` for a refund whose attempt is pending or settled returns the same providerRef
 *   with `duplicate: true` and never moves money again. Only after the provider has reported the attempt FAILED may a
 *   new `send` start a new attempt (new providerRef). Same refundId with another amount/currency is a
 *   `ProviderRejected` error, never a second payout.
 * - **Settlement.** `send` only means "accepted"; money arrives later and the channel reports SETTLED or FAILED (with
 *   the amount it actually moved) by its own signed notification to its route (Alipay, WeChat Pay:
 *   functions/api/payments/channel-notify.ts; the sandbox: an HMAC-signed webhook to POST /v1/payments/webhook).
 *   Notifications are at-least-once and may arrive out of order, even before `send` returns. A channel whose money
 *   arrives at once (the platform wallet) says so in the answer (`settled`) and the payout settles there.
 * - **Errors by name**, so Step Functions can Retry transient ones and Catch the rest: `ProviderTimeout` (no answer in
 *   time; the payout may or may not have been accepted, so retry with the same refundId), `ProviderUnavailable`
 *   (5xx/throttled; not accepted), `ProviderRejected` (invalid request or account; do not retry).
 * - Amounts are integer minor units; a real adapter converts to the provider's format (Alipay wants yuan strings).
 * Which channel pays which method: domain/payout/channels.ts; the router over them: adapters/payments/router.ts.
 */
import type { PayoutMethod } from '../domain/payout/promise.ts';
import type { Destination, IsoTime } from '../domain/vocabulary.ts';

/** The order a refund pays back: what a channel needs to find the original payment. */
export interface PayoutOrder {
  /** The platform's order id; the channel's merchant trade number (Alipay/WeChat Pay `out_trade_no`). */
  orderId: string;
  /** What the buyer paid for the whole order, minor units (WeChat Pay's `amount.total`). */
  paidAmount: number;
  /** The channel's own id of the payment (Alipay `trade_no`, WeChat Pay `transaction_id`), when the order system sent it. */
  paymentRef?: string;
}

export interface SendPayoutRequest {
  /** The idempotency key at the provider. */
  refundId: string;
  /** Minor units, > 0. */
  amount: number;
  currency: string;
  method: PayoutMethod;
  destination: Destination;
  /** Whose money it is (the wallet credits this account). */
  buyerId: string;
  /**
   * The platform's bonus for choosing the balance or a coupon (minor units, > 0; the policy's `destinations`): platform
   * money credited together with the refund (the wallet channel), on the ledger as its own BONUS entry. Only BALANCE
   * and COUPON payouts carry one; a card channel never gets one.
   */
  bonus?: number;
  order: PayoutOrder;
}

/** What `status` is asked with: enough for any channel to find the refund (Alipay needs the trade too). */
export interface PayoutQuery {
  refundId: string;
  method: PayoutMethod;
  orderId: string;
}

export interface SendPayoutResult {
  /** The provider's id of this attempt; webhooks carry it. */
  providerRef: string;
  acceptedAt: IsoTime;
  /** True when the provider already had this refundId (a retry): nothing new was sent. */
  duplicate: boolean;
  /** Which channel accepted it, as the ledger writes it, when the provider routes to several (adapters/payments/router.ts). */
  provider?: string;
  /**
   * The money has already arrived (the platform wallet credits at once): the payout is settled with this amount and
   * time now, without waiting for a callback.
   */
  settled?: { amount: number; at: IsoTime };
}

/** What the provider currently knows about a refund's latest attempt, for polling when a webhook is overdue. */
export interface ProviderPayoutStatus {
  refundId: string;
  providerRef: string;
  state: 'PENDING' | 'SETTLED' | 'FAILED';
  /** Amount sent, minor units. */
  amount: number;
  /** Amount moved, once SETTLED. */
  settledAmount?: number;
  at?: IsoTime;
  /** Which channel answered, when the provider routes to several. */
  provider?: string;
}

export interface PaymentProvider {
  /** Provider name as written in the ledger (e.g. 'alipay', 'sandbox'). */
  readonly name: string;
  /** Asks the provider to pay; resolves when accepted. Throws the named errors below. */
  send(request: SendPayoutRequest): Promise<SendPayoutResult>;
  /** The name the ledger writes for payouts of this method, when it differs from `name` (a router of channels). */
  nameFor?(method: PayoutMethod): string;
  /** Optional lookup by refund; undefined when the provider never accepted this refund. */
  status?(query: PayoutQuery): Promise<ProviderPayoutStatus | undefined>;
}

/** Who pays payouts of this method, as the ledger writes it. */
export function providerName(provider: Pick<PaymentProvider, 'name' | 'nameFor'>, method: PayoutMethod): string {
  return provider.nameFor?.(method) ?? provider.name;
}

/** Base of the provider errors; `name` is what Step Functions matches in ErrorEquals. */
export abstract class ProviderError extends Error {
  /** Whether a retry with the same refundId may succeed. */
  abstract readonly retryable: boolean;
}

/** No answer in time. The request may have been accepted: retry with the same refundId (idempotent). */
export class ProviderTimeout extends ProviderError {
  override readonly name = 'ProviderTimeout';
  readonly retryable = true;
}

/** The provider answered 5xx or throttled; nothing was accepted. */
export class ProviderUnavailable extends ProviderError {
  override readonly name = 'ProviderUnavailable';
  readonly retryable = true;
}

/** The provider refused the request (bad account, amount, idempotency conflict). Retrying will not help. */
export class ProviderRejected extends ProviderError {
  override readonly name = 'ProviderRejected';
  readonly retryable = false;
}
