/**
 * Port to the platform's own wallet and coupon service: where a refund paid to the platform balance (BALANCE) or as
 * a coupon (COUPON) goes, instead of through a card-payment channel. A credit is immediate: when `credit` returns,
 * the buyer has the money, so the payout is settled at once (app/pay-out.ts via adapters/payments/wallet-channel.ts).
 *
 * What every adapter must guarantee:
 * - **Idempotency on refundId.** A second `credit` for the same refund returns the first credit (`duplicate: true`)
 *   and never credits twice; the same refundId with another amount, bonus, currency or kind is `ProviderRejected`.
 * - **Errors by name**, the payment port's (ports/payment-provider.ts): `ProviderTimeout` (no answer; the credit may
 *   have happened: retry with the same refundId), `ProviderUnavailable` (5xx/throttled: nothing credited),
 *   `ProviderRejected` (unknown account, bad amount, conflicting retry: do not retry).
 */
import type { IsoTime } from '../domain/vocabulary.ts';

export const WALLET_KINDS = ['BALANCE', 'COUPON'] as const;
export type WalletKind = (typeof WALLET_KINDS)[number];

export interface WalletCredit {
  /** The idempotency key at the wallet. */
  refundId: string;
  /** The buyer's platform account. */
  buyerId: string;
  /** Minor units, > 0. */
  amount: number;
  /**
   * The platform's bonus credited with the refund (minor units, > 0; absent when none): the buyer can spend
   * amount + bonus. Part of the credit's terms for idempotency.
   */
  bonus?: number;
  currency: string;
  kind: WalletKind;
}

export interface WalletCreditResult {
  /** The wallet's id of the credit. */
  creditRef: string;
  creditedAt: IsoTime;
  /** Minor units of the refund credited (the buyer can spend this plus the credit's bonus). */
  amount: number;
  /** True when this refund had already been credited (a retry): nothing new was credited. */
  duplicate: boolean;
}

export interface Wallet {
  /** As written in the ledger ('wallet'). */
  readonly name: string;
  credit(request: WalletCredit): Promise<WalletCreditResult>;
  /** The credit made for this refund, or undefined when there is none. */
  lookup(refundId: string): Promise<Omit<WalletCreditResult, 'duplicate'> | undefined>;
}
