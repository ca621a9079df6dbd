/**
 * The deployed sandbox channel moves no money, so in a production stack it refuses to "pay": a bank-card refund (no
 * bank adapter exists) ends PAYOUT_FAILED and owed, never REFUNDED with nothing paid.
 */
import { describe, expect, it } from 'vitest';
import { DeployedSandboxProvider } from '../../../functions/adapters/payments/deployed-sandbox.ts';
import { ProviderRejected, type SendPayoutRequest } from '../../../functions/ports/payment-provider.ts';

const request: SendPayoutRequest = {
  refundId: 'rf_bank1',
  amount: 12900,
  currency: 'CNY',
  method: 'BANK_CARD',
  destination: 'ORIGINAL',
  buyerId: 'buyer-1',
  order: { orderId: 'o-1', paidAmount: 12900 },
};

describe('the deployed sandbox channel in a production stack', () => {
  it('refuses to pay (not retried: the payout fails and stays owed), and has nothing to report', async () => {
    const sandbox = new DeployedSandboxProvider('prod', 'https://api.example.invalid/v1/payments/webhook');
    const refused = sandbox.send(request);
    await expect(refused).rejects.toBeInstanceOf(ProviderRejected);
    await expect(refused).rejects.toThrow(/BANK_CARD refunds need a real channel/);
    await expect(
      sandbox.status({ refundId: 'rf_bank1', method: 'BANK_CARD', orderId: 'o-1' }),
    ).resolves.toBeUndefined();
  });
});
