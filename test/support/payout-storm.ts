/**
 * Many approved refunds paid through the sandbox provider misbehaving on purpose (transient errors, some after the
 * payout was in fact accepted, failed payouts, duplicate and late webhooks), with the Payout, PayoutFailed and
 * webhook functions run as deployed. Shared by test/integration/payouts/thousand-refunds.test.ts (what must hold)
 * and bench/payouts.ts (how fast it goes).
 */
import type { DynamoRefundStore } from '../../functions/adapters/dynamodb/refund-store.ts';
import { SandboxPaymentProvider } from '../../functions/adapters/payments/sandbox.ts';
import { SIGNATURE_HEADER } from '../../functions/domain/payout/signature.ts';
import type { Destination, PaymentMethod } from '../../functions/domain/vocabulary.ts';
import type { LocalDeployment } from '../../local/deployed/index.ts';
import { anOrderBody, aRefund } from './builders.ts';

const METHODS: PaymentMethod[] = ['ALIPAY', 'WECHAT_PAY', 'BANK_CARD', 'BALANCE'];
const DESTINATIONS: Destination[] = ['ORIGINAL', 'ORIGINAL', 'ORIGINAL', 'BALANCE', 'COUPON'];

/** The webhook function's handler, called with the raw body only (no HTTP hop), inside its deployed scope. */
function webhookOf(deployment: LocalDeployment) {
  return (event: { body: string; isBase64Encoded: boolean; headers: Record<string, string> }) =>
    deployment.run('PaymentWebhook', async () =>
      (await import('../../functions/api/payments/webhook.ts')).handleWebhook(event),
    );
}

/**
 * The sandbox in manual mode with a fixed seed and the misbehaviour rates the tests and the bench use; each webhook
 * copy goes to the deployed webhook function, and `onAnswer` sees its status.
 */
export function misbehavingSandbox(deployment: LocalDeployment, onAnswer?: (status: number) => void) {
  const handleWebhook = webhookOf(deployment);
  return new SandboxPaymentProvider({
    secret: process.env.WEBHOOK_SECRET ?? '',
    mode: 'manual',
    seed: 20261111,
    startAt: new Date().toISOString(),
    latencyMs: { min: 0, max: 120 },
    failureRate: 0.05,
    transientErrorRate: 0.1,
    ambiguousTimeoutShare: 0.5,
    duplicateRate: 0.25,
    duplicateDelayMs: { min: 0, max: 3000 },
    deliver: async (body, header) => {
      const res = await handleWebhook({ body, isBase64Encoded: false, headers: { [SIGNATURE_HEADER]: header } });
      const status = res.statusCode ?? 0;
      onAnswer?.(status);
      if (status >= 300) throw new Error(`webhook answered ${status}`);
    },
  });
}

/** The Payout state as the ASL runs it: Retry on the provider's transient errors (5 times), then PayoutFailed. */
export async function payoutState(deployment: LocalDeployment, refundId: string): Promise<void> {
  for (let retry = 0; ; retry++) {
    try {
      await deployment.invoke('Payout', { refundId });
      return;
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      if ((name === 'ProviderTimeout' || name === 'ProviderUnavailable') && retry < 5) continue;
      await deployment.invoke('PayoutFailed', { refundId, error: { Error: name } });
      return;
    }
  }
}

/**
 * Refund number `i`: an unshipped one-line order and its APPROVED refund (amounts, buyers, merchants, payment methods
 * and destinations spread deterministically over `i`), written through the store as the application would.
 */
export async function seedApprovedRefund(
  store: DynamoRefundStore,
  i: number,
  now: string,
  prefix = 'bulk',
): Promise<string> {
  const orderId = `o-${prefix}-${i}`;
  const amount = 100 + ((i * 7919) % 50_000);
  const facts = {
    orderId,
    ...anOrderBody({
      userId: `u-${i % 97}`,
      merchantId: `m-${i % 13}`,
      paidAmount: amount,
      paymentMethod: METHODS[i % METHODS.length]!,
      paidAt: now,
      items: [{ sku: `sku-${i}`, name: 'item', category: 'GENERAL', unitPrice: amount, quantity: 1 }],
      fulfillment: { status: 'NOT_SHIPPED' },
    }),
  };
  const { order } = await store.putOrder(facts, now);
  const refund = aRefund({
    refundId: `r-${prefix}-${String(i).padStart(5, '0')}`,
    orderId,
    userId: facts.userId,
    merchantId: facts.merchantId,
    amount,
    scenario: 'NOT_SHIPPED',
    items: [{ sku: `sku-${i}`, quantity: 1 }],
    destination: DESTINATIONS[i % DESTINATIONS.length]!,
    status: 'APPROVED',
    timeline: [{ at: now, status: 'APPROVED', actor: 'SYSTEM' }],
    createdAt: now,
  });
  await store.createRefund(refund, order);
  return refund.refundId;
}

/** Runs `run` over `items`, `size` at a time. */
export async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}
