/**
 * The bonus the platform offers for a refund to a coupon (or the balance) is money the buyer gets: the options and the
 * 201 promise it, the ledger books it as platform money (BONUS), and the wallet credits it with the refund.
 */
import { describe, expect, it } from 'vitest';
import { ledgerEntries } from '../../support/payouts.ts';
import { applyFor, givenARuntimeWithActors, scenarios, statusOf } from '../../support/steps.ts';

const { client, who } = givenARuntimeWithActors();

describe('a refund to a coupon with the platform bonus', () => {
  it('credits the coupon with the refund and the bonus promised, and books the bonus once', async () => {
    const { refundId } = await applyFor(
      client,
      who,
      { ...scenarios.notShipped(), paidAmount: 20000 },
      {
        reason: 'NO_LONGER_NEEDED',
        destination: 'COUPON',
      },
    );
    const refunded = await statusOf(client, who, refundId, 'REFUNDED');
    const { amount, bonusAmount } = refunded.payout as { amount: number; bonusAmount: number };
    expect(bonusAmount).toBeGreaterThan(0);

    const coupons = client.runtime.channels.wallet.coupons(who.buyerId).filter((c) => c.refundId === refundId);
    expect(coupons).toEqual([expect.objectContaining({ kind: 'COUPON', amount, bonus: bonusAmount })]);
    const entries = (await ledgerEntries(client.runtime)).filter((e) => e.refundId === refundId);
    expect(entries.map((e) => [e.kind, e.amount])).toEqual(
      expect.arrayContaining([
        ['BONUS', bonusAmount],
        ['SENT', amount],
        ['SETTLED', amount],
      ]),
    );
    expect(entries).toHaveLength(3);
  });
});
