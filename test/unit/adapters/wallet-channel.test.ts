import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WalletChannel } from '../../../functions/adapters/payments/wallet-channel.ts';
import { HttpWallet } from '../../../functions/adapters/wallet/http-wallet.ts';
import type { PayoutMethod } from '../../../functions/domain/payout/promise.ts';
import {
  ProviderRejected,
  ProviderTimeout,
  ProviderUnavailable,
  type SendPayoutRequest,
} from '../../../functions/ports/payment-provider.ts';
import { startWalletStandIn, type WalletStandIn } from '../../../local/channels/wallet-stand-in.ts';
import { InMemoryWallet } from '../../support/fakes/wallet.ts';

let seq = 0;
function aPayout(method: PayoutMethod, overrides: Partial<SendPayoutRequest> = {}): SendPayoutRequest {
  seq++;
  return {
    refundId: `rf_c${seq}`,
    amount: 8_800,
    currency: 'CNY',
    method,
    destination: method === 'COUPON' ? 'COUPON' : 'BALANCE',
    buyerId: 'buyer-7',
    order: { orderId: `o-${seq}`, paidAmount: 20_000 },
    ...overrides,
  };
}
const query = (p: SendPayoutRequest) => ({ refundId: p.refundId, method: p.method, orderId: p.order.orderId });

describe('WalletChannel over an in-memory wallet', () => {
  it('is named after the wallet', () => {
    expect(new WalletChannel(new InMemoryWallet()).name).toBe('wallet');
  });

  it('credits BALANCE and COUPON refunds with their kind, settled at once', async () => {
    const wallet = new InMemoryWallet();
    const channel = new WalletChannel(wallet);
    const balance = aPayout('BALANCE');
    const coupon = aPayout('COUPON', { amount: 300 });

    const sent = await channel.send(balance);
    await channel.send(coupon);

    const [credit] = wallet.credits(balance.refundId);
    expect(sent).toEqual({
      providerRef: credit?.creditRef,
      acceptedAt: credit?.creditedAt,
      duplicate: false,
      settled: { amount: 8_800, at: credit?.creditedAt },
    });
    expect(wallet.credits().map((c) => [c.refundId, c.buyerId, c.amount, c.kind])).toEqual([
      [balance.refundId, 'buyer-7', 8_800, 'BALANCE'],
      [coupon.refundId, 'buyer-7', 300, 'COUPON'],
    ]);
    expect(wallet.balance('buyer-7')).toBe(8_800);
  });

  it.each<PayoutMethod>(['ALIPAY', 'WECHAT_PAY', 'BANK_CARD'])('rejects %s without calling the wallet', async (m) => {
    const wallet = new InMemoryWallet();
    await expect(new WalletChannel(wallet).send(aPayout(m))).rejects.toBeInstanceOf(ProviderRejected);
    expect(wallet.calls).toEqual([]);
  });

  it('passes the wallet errors through by name; a retry after a lost answer is a settled duplicate', async () => {
    const wallet = new InMemoryWallet();
    const channel = new WalletChannel(wallet);
    const payout = aPayout('BALANCE');
    wallet.failNext(new ProviderUnavailable('503')).failNext(new ProviderTimeout('lost'), { afterCredit: true });

    await expect(channel.send(payout)).rejects.toMatchObject({ name: 'ProviderUnavailable' });
    expect(wallet.credits()).toEqual([]);
    await expect(channel.send(payout)).rejects.toMatchObject({ name: 'ProviderTimeout' });
    const retry = await channel.send(payout);

    expect(retry.duplicate).toBe(true);
    expect(retry.settled).toEqual({ amount: 8_800, at: retry.acceptedAt });
    expect(wallet.credits()).toHaveLength(1);
    expect(wallet.balance('buyer-7')).toBe(8_800);
  });

  it('says SETTLED for a credited refund and undefined for one never credited', async () => {
    const wallet = new InMemoryWallet();
    const channel = new WalletChannel(wallet);
    const payout = aPayout('COUPON');
    expect(await channel.status(query(payout))).toBeUndefined();

    const sent = await channel.send(payout);
    expect(await channel.status(query(payout))).toEqual({
      refundId: payout.refundId,
      providerRef: sent.providerRef,
      state: 'SETTLED',
      amount: 8_800,
      settledAmount: 8_800,
      at: sent.acceptedAt,
    });
  });
});

describe('WalletChannel over HttpWallet and the wallet stand-in', () => {
  const secret = randomBytes(32).toString('base64url');
  let standIn: WalletStandIn;
  let channel: WalletChannel;

  beforeAll(async () => {
    standIn = await startWalletStandIn({ keyId: 'k1', secret, seed: 3 });
    channel = new WalletChannel(new HttpWallet({ baseUrl: standIn.url, keyId: 'k1', secret, timeoutMs: 2_000 }));
  });
  afterAll(async () => {
    await standIn.close();
  });

  it('pays a balance refund, replays it as a duplicate, and reports it SETTLED from the wallet', async () => {
    const payout = aPayout('BALANCE', { buyerId: 'buyer-http' });
    const sent = await channel.send(payout);
    const again = await channel.send(payout);

    expect(sent.duplicate).toBe(false);
    expect(again).toEqual({ ...sent, duplicate: true });
    expect(standIn.attempts(payout.refundId)).toEqual([
      {
        refundId: payout.refundId,
        providerRef: sent.providerRef,
        amount: 8_800,
        acceptedAt: sent.acceptedAt,
        outcome: 'SETTLED',
      },
    ]);
    expect(standIn.balance('buyer-http')).toBe(8_800);
    await expect(channel.status(query(payout))).resolves.toMatchObject({
      state: 'SETTLED',
      providerRef: sent.providerRef,
      settledAmount: 8_800,
      at: sent.acceptedAt,
    });
  });

  it("credits the platform's bonus with the refund, settles the refund's amount, and keeps the bonus in the terms", async () => {
    const payout = aPayout('BALANCE', { buyerId: 'buyer-bonus', bonus: 176 });
    const sent = await channel.send(payout);
    // The buyer can spend the refund and the bonus the options and the 201 promised.
    expect(standIn.balance('buyer-bonus')).toBe(8_976);
    expect(standIn.credits(payout.refundId)).toEqual([expect.objectContaining({ amount: 8_800, bonus: 176 })]);
    // What settles the refund is the refund's amount (the bonus has its own BONUS ledger entry).
    expect(sent.settled).toEqual({ amount: 8_800, at: sent.acceptedAt });
    // A retry on the same terms is the same credit; with another bonus too (the refund's amount names the credit), and
    // without one it is refused: nothing more is credited either way.
    expect((await channel.send(payout)).duplicate).toBe(true);
    expect(await channel.send({ ...payout, bonus: 500 })).toMatchObject({
      providerRef: sent.providerRef,
      duplicate: true,
    });
    await expect(channel.send({ ...payout, bonus: undefined })).rejects.toBeInstanceOf(ProviderRejected);
    expect(standIn.balance('buyer-bonus')).toBe(8_976);
  });

  it('takes a credit made without the bonus (before bonuses went with credits) as the same credit on a retry', async () => {
    const before = aPayout('BALANCE', { buyerId: 'buyer-deploy' });
    const first = await channel.send(before);
    const retried = await channel.send({ ...before, bonus: 176 });
    expect(retried).toMatchObject({ providerRef: first.providerRef, duplicate: true });
    expect(standIn.credits(before.refundId)).toHaveLength(1);
    expect(standIn.balance('buyer-deploy')).toBe(8_800);
    // Another amount is still a conflict.
    await expect(channel.send({ ...before, amount: 9_000, bonus: 176 })).rejects.toBeInstanceOf(ProviderRejected);
  });

  it('issues a coupon for a COUPON refund', async () => {
    const payout = aPayout('COUPON', { buyerId: 'buyer-coupon', amount: 2_000 });
    const sent = await channel.send(payout);
    expect(standIn.coupons('buyer-coupon')).toEqual([
      expect.objectContaining({ refundId: payout.refundId, creditRef: sent.providerRef, kind: 'COUPON' }),
    ]);
    expect(standIn.balance('buyer-coupon')).toBe(0);
  });

  it('settles exactly once through a lost answer: timeout, then the retry finds the credit', async () => {
    const payout = aPayout('BALANCE', { buyerId: 'buyer-lost' });
    standIn.setFaults({ transientErrorRate: 1, timeoutShare: 1, ambiguousTimeoutShare: 1 });
    await expect(channel.send(payout)).rejects.toBeInstanceOf(ProviderTimeout);
    standIn.setFaults({ transientErrorRate: 0 });

    await expect(channel.status(query(payout))).resolves.toMatchObject({ state: 'SETTLED' });
    const retry = await channel.send(payout);
    expect(retry.duplicate).toBe(true);
    expect(standIn.credits(payout.refundId)).toHaveLength(1);
    expect(standIn.balance('buyer-lost')).toBe(8_800);
  });

  it('has nothing to report for a refund never credited', async () => {
    await expect(channel.status(query(aPayout('BALANCE')))).resolves.toBeUndefined();
  });
});
