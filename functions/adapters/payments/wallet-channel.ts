/**
 * The platform wallet as a payment channel: balance (BALANCE) and coupon (COUPON) refunds go through the `Wallet` port
 * (ports/wallet.ts), not a card channel. A credit is immediate, so `send` answers with `settled` and the payout is
 * settled at once (app/pay-out.ts), with no callback to wait for; `status` is the wallet's record of the credit,
 * always SETTLED when there is one (a wallet credit never fails after it is made).
 *
 * Idempotency and errors are the wallet's own (the same contract and names as the payment port): a retried `send`
 * gets the first credit back with `duplicate: true`, and `ProviderTimeout`/`ProviderUnavailable`/`ProviderRejected`
 * pass through unchanged. Any other method is `ProviderRejected`: it is routed to the wrong channel.
 */
import {
  type PaymentProvider,
  type PayoutQuery,
  type ProviderPayoutStatus,
  ProviderRejected,
  type SendPayoutRequest,
  type SendPayoutResult,
} from '../../ports/payment-provider.ts';
import type { Wallet } from '../../ports/wallet.ts';

/** The payment port over a `Wallet`; see the module comment. */
export class WalletChannel implements PaymentProvider {
  readonly name: string;

  constructor(private readonly wallet: Wallet) {
    this.name = wallet.name;
  }

  async send(request: SendPayoutRequest): Promise<SendPayoutResult> {
    if (request.method !== 'BALANCE' && request.method !== 'COUPON') {
      throw new ProviderRejected(`${this.name}: pays BALANCE and COUPON refunds only, not ${request.method}`);
    }
    const credit = await this.wallet.credit({
      refundId: request.refundId,
      buyerId: request.buyerId,
      amount: request.amount,
      ...(request.bonus ? { bonus: request.bonus } : {}),
      currency: request.currency,
      kind: request.method === 'COUPON' ? 'COUPON' : 'BALANCE',
    });
    return {
      providerRef: credit.creditRef,
      acceptedAt: credit.creditedAt,
      duplicate: credit.duplicate,
      settled: { amount: credit.amount, at: credit.creditedAt },
    };
  }

  async status(query: PayoutQuery): Promise<ProviderPayoutStatus | undefined> {
    const credit = await this.wallet.lookup(query.refundId);
    if (!credit) return undefined;
    return {
      refundId: query.refundId,
      providerRef: credit.creditRef,
      state: 'SETTLED',
      amount: credit.amount,
      settledAmount: credit.amount,
      at: credit.creditedAt,
    };
  }
}
