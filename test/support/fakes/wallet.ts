/**
 * The Wallet port in memory, for use-case tests of balance and coupon payouts: the same contract as the HTTP adapter
 * (functions/adapters/wallet/http-wallet.ts) without a socket: idempotent on refundId (same terms again → the first
 * credit with `duplicate: true`; other terms → ProviderRejected), unknown accounts refused when `accounts` is given,
 * and failures a test queues with `failNext` (optionally after crediting, as a timeout whose answer was lost).
 */
import { type ProviderError, ProviderRejected } from '../../../functions/ports/payment-provider.ts';
import type { Wallet, WalletCredit, WalletCreditResult } from '../../../functions/ports/wallet.ts';

export interface InMemoryWalletCredit extends WalletCredit {
  creditRef: string;
  creditedAt: string;
}

export class InMemoryWallet implements Wallet {
  readonly name = 'wallet';
  /** Every call, in order (`lookup` calls too): what a test asserts "was (not) retried" with. */
  readonly calls: { op: 'credit' | 'lookup'; refundId: string }[] = [];
  private readonly byRefund = new Map<string, InMemoryWalletCredit>();
  private readonly failures: { error: ProviderError; afterCredit: boolean }[] = [];
  private readonly accounts: Set<string> | undefined;
  private readonly now: () => number;

  constructor(options: { accounts?: Iterable<string>; now?: () => number } = {}) {
    this.accounts = options.accounts ? new Set(options.accounts) : undefined;
    this.now = options.now ?? (() => Date.parse('2026-11-20T10:00:00.000Z'));
  }

  /**
   * The next `credit` (or `lookup`) throws `error`. With `afterCredit`, a credit is made first (the answer was lost:
   * pass a ProviderTimeout).
   */
  failNext(error: ProviderError, options: { afterCredit?: boolean } = {}): this {
    this.failures.push({ error, afterCredit: options.afterCredit ?? false });
    return this;
  }

  async credit(request: WalletCredit): Promise<WalletCreditResult> {
    this.calls.push({ op: 'credit', refundId: request.refundId });
    const failure = this.failures.shift();
    if (failure && !failure.afterCredit) throw failure.error;
    const result = this.apply(request);
    if (failure) throw failure.error;
    return result;
  }

  async lookup(refundId: string): Promise<Omit<WalletCreditResult, 'duplicate'> | undefined> {
    this.calls.push({ op: 'lookup', refundId });
    const failure = this.failures.shift();
    if (failure) throw failure.error;
    const found = this.byRefund.get(refundId);
    return found && { creditRef: found.creditRef, creditedAt: found.creditedAt, amount: found.amount };
  }

  /** Credits made (of one refund, or all), oldest first. */
  credits(refundId?: string): readonly InMemoryWalletCredit[] {
    const all = [...this.byRefund.values()];
    return refundId === undefined ? all : all.filter((c) => c.refundId === refundId);
  }

  /** The buyer's platform balance (BALANCE credits with their bonus), minor units. */
  balance(buyerId: string, currency = 'CNY'): number {
    return this.credits()
      .filter((c) => c.kind === 'BALANCE' && c.buyerId === buyerId && c.currency === currency)
      .reduce((sum, c) => sum + c.amount + (c.bonus ?? 0), 0);
  }

  private apply(request: WalletCredit): WalletCreditResult {
    const existing = this.byRefund.get(request.refundId);
    if (existing) {
      const same =
        existing.buyerId === request.buyerId &&
        existing.amount === request.amount &&
        existing.bonus === request.bonus &&
        existing.currency === request.currency &&
        existing.kind === request.kind;
      if (!same) throw new ProviderRejected(`wallet: refund ${request.refundId} was credited on other terms`);
      return {
        creditRef: existing.creditRef,
        creditedAt: existing.creditedAt,
        amount: existing.amount,
        duplicate: true,
      };
    }
    if (!Number.isSafeInteger(request.amount) || request.amount <= 0) {
      throw new ProviderRejected(`wallet: bad amount ${request.amount}`);
    }
    if (this.accounts && !this.accounts.has(request.buyerId)) {
      throw new ProviderRejected(`wallet: no account for ${request.buyerId}`);
    }
    const made: InMemoryWalletCredit = {
      ...request,
      creditRef: `WC${String(this.byRefund.size + 1).padStart(8, '0')}`,
      creditedAt: new Date(this.now()).toISOString(),
    };
    this.byRefund.set(request.refundId, made);
    return { creditRef: made.creditRef, creditedAt: made.creditedAt, amount: made.amount, duplicate: false };
  }
}
