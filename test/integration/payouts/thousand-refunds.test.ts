/**
 * 1,000 approved refunds paid through the sandbox provider misbehaving on purpose: transient send errors (some
 * after the payout was in fact accepted), failed payouts, duplicate and late webhooks, webhooks that overtake the
 * step recording the send. The Payout/PayoutFailed task functions and the webhook function run as deployed (their
 * environment and IAM policy, runtime.deployment) in process against DynamoDB Local (the ASL's retry policy is
 * emulated). How fast this goes is no concern of the test (it prints the figures); `npm run bench` measures it
 * (bench/payouts.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoLedgerStore } from '../../../functions/adapters/dynamodb/ledger-store.ts';
import { DynamoRefundStore } from '../../../functions/adapters/dynamodb/refund-store.ts';
import { useAdapters } from '../../../functions/adapters/index.ts';
import { SandboxPaymentProvider } from '../../../functions/adapters/payments/sandbox.ts';
import { reconcileDays } from '../../../functions/app/reconcile.ts';
import { reconcile } from '../../../functions/domain/ledger/reconcile.ts';
import { cstDate } from '../../../functions/domain/payout/calendar.ts';
import { SIGNATURE_HEADER } from '../../../functions/domain/payout/signature.ts';
import type { Refund } from '../../../functions/domain/refund.ts';
import type { Destination, PaymentMethod } from '../../../functions/domain/vocabulary.ts';
import type { OrderFacts } from '../../../functions/ports/refund-store.ts';
import { anOrderBody, aRefund } from '../../support/builders.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { buyerEvents, ledgerEntries } from '../../support/payouts.ts';

const COUNT = 1000;
const METHODS: PaymentMethod[] = ['ALIPAY', 'WECHAT_PAY', 'BANK_CARD', 'BALANCE'];
const DESTINATIONS: Destination[] = ['ORIGINAL', 'ORIGINAL', 'ORIGINAL', 'BALANCE', 'COUPON'];

let client: Client;
let sandbox: SandboxPaymentProvider;
const store = new DynamoRefundStore();
const webhookAnswers = new Map<number, number>();

const payout = (input: { refundId: string }) => client.runtime.deployment.invoke('Payout', input);
const payoutFailed = (input: { refundId: string; error: { Error: string } }) =>
  client.runtime.deployment.invoke('PayoutFailed', input);
/** The webhook function's handler, called with the raw body only (no HTTP hop), inside its deployed scope. */
const handleWebhook = (event: { body: string; isBase64Encoded: boolean; headers: Record<string, string> }) =>
  client.runtime.deployment.run('PaymentWebhook', async () =>
    (await import('../../../functions/api/payments/webhook.ts')).handleWebhook(event),
  );

beforeAll(async () => {
  client = await startTestRuntime();
  sandbox = new SandboxPaymentProvider({
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
      webhookAnswers.set(status, (webhookAnswers.get(status) ?? 0) + 1);
      if (status >= 300) throw new Error(`webhook answered ${status}`);
    },
  });
  // One clock for the provider, the tasks and the signature check: the sandbox's virtual one.
  useAdapters({ payments: sandbox, clock: { now: () => new Date(sandbox.now()) } });
});
afterAll(async () => {
  sandbox.close();
  await client.runtime.stop();
});

async function seed(i: number): Promise<string> {
  const orderId = `o-bulk-${i}`;
  const amount = 100 + ((i * 7919) % 50_000);
  const now = new Date(sandbox.now()).toISOString();
  const facts: OrderFacts = {
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
    refundId: `r-bulk-${String(i).padStart(4, '0')}`,
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

/** The Payout state as the ASL runs it: Retry on the provider's transient errors (5 times), then PayoutFailed. */
async function payoutState(refundId: string): Promise<void> {
  for (let retry = 0; ; retry++) {
    try {
      await payout({ refundId });
      return;
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      if ((name === 'ProviderTimeout' || name === 'ProviderUnavailable') && retry < 5) continue;
      await payoutFailed({ refundId, error: { Error: name } });
      return;
    }
  }
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

describe(`${COUNT} refunds paid through a misbehaving provider`, () => {
  let refundIds: string[] = [];
  let refunds: Refund[] = [];

  it('are all paid or failed', async () => {
    const started = Date.now();
    refundIds = await Promise.all(Array.from({ length: COUNT }, (_, i) => i)).then(async (ns) => {
      const ids: string[] = [];
      await inBatches(ns, 50, async (i) => ids.push(await seed(i)));
      return ids.sort();
    });
    const seeded = Date.now();
    // Payout steps run 50 at a time while the provider's clock moves on, so some webhooks overtake the step.
    for (let i = 0; i < refundIds.length; i += 50) {
      await Promise.all([...refundIds.slice(i, i + 50).map(payoutState), sandbox.advance(80)]);
    }
    await sandbox.drain();
    const done = Date.now();
    refunds = (await Promise.all(refundIds.map((id) => store.getRefund(id)))).filter((r) => r !== undefined);
    const statuses = new Map<string, number>();
    for (const r of refunds) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    console.log('1,000 refunds:', {
      seedMs: seeded - started,
      payMs: done - seeded,
      statuses: Object.fromEntries(statuses),
      provider: sandbox.stats,
      deliveries: sandbox.deliveries.length,
      duplicateDeliveries: sandbox.deliveries.filter((d) => d.kind === 'DUPLICATE').length,
      webhookAnswers: Object.fromEntries(webhookAnswers),
    });
    expect(refunds).toHaveLength(COUNT);
    expect([...statuses.keys()].every((s) => s === 'REFUNDED' || s === 'PAYOUT_FAILED')).toBe(true);
    expect(statuses.get('PAYOUT_FAILED')).toBeGreaterThan(0);
    expect(sandbox.stats.ambiguousTimeouts).toBeGreaterThan(0);
  }, 600_000);

  it('pays each refund exactly once: settled by one attempt or failed, a new attempt only after a FAILED', () => {
    let resent = 0;
    for (const r of refunds) {
      const attempts = sandbox.attempts(r.refundId);
      // A Payout retry after an ambiguous timeout may find the provider has already reported that attempt FAILED
      // (its webhook not yet handled); the provider then takes a new attempt (docs/payouts.md). Whether the retry
      // comes before or after that depends on how fast each side runs, so the test allows it and checks the order.
      expect(attempts.length).toBeGreaterThanOrEqual(1);
      attempts.slice(1).forEach((next, i) => {
        const previous = attempts[i]!;
        expect(previous.outcome).toBe('FAILED');
        expect(Date.parse(next.acceptedAt)).toBeGreaterThanOrEqual(previous.settleAtMs);
      });
      if (attempts.length > 1) resent++;
      const settled = attempts.filter((a) => a.outcome === 'SETTLED');
      expect(settled.length).toBeLessThanOrEqual(1);
      expect(r.status === 'REFUNDED').toBe(settled.length === 1);
      if (r.status === 'REFUNDED') {
        expect(r.payout).toMatchObject({ settledAmount: r.amount, providerRef: settled[0]?.providerRef });
        expect(r.payout?.flags).toBeUndefined();
      }
    }
    console.log(`refunds sent again after the provider reported FAILED: ${resent}`);
  });

  it('tells each buyer once that the money arrived (or that it failed), however many webhooks came', () => {
    for (const r of refunds) {
      const events = buyerEvents(client.runtime, r.refundId);
      const final = r.status === 'REFUNDED' ? 'REFUNDED' : 'PAYOUT_FAILED';
      expect(events.filter((e) => e === final)).toHaveLength(1);
    }
  });

  it('leaves a ledger that reconciles to zero difference', async () => {
    const entries = await ledgerEntries(client.runtime);
    const report = reconcile(entries);
    console.log('ledger:', { entries: entries.length, totals: report.totals, issues: report.issues.length });
    expect(report.issues).toEqual([]);
    expect(report.balanced).toBe(true);
    expect(report.totals.CNY).toMatchObject({ differenceCount: 0, differenceAmount: 0 });
    expect(report.totals.CNY?.sentCount).toBe(COUNT);
    const day = cstDate(new Date(sandbox.now()).toISOString());
    const routine = await reconcileDays({ ledger: new DynamoLedgerStore() }, day, day);
    expect(routine.balanced).toBe(true);
    expect(entries.filter((e) => e.kind === 'BONUS').length).toBeGreaterThan(0);
  });
});
