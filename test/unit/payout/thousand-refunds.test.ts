import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../functions/adapters/payments/prng.ts';
import { type SandboxOptions, SandboxPaymentProvider } from '../../../functions/adapters/payments/sandbox.ts';
import { type LedgerEntry, ledgerEntry } from '../../../functions/domain/ledger/entry.ts';
import { reconcile } from '../../../functions/domain/ledger/reconcile.ts';
import type { PayoutMethod } from '../../../functions/domain/payout/promise.ts';
import {
  applySettlement,
  decideSettlement,
  type PayoutState,
  type SettlementNote,
} from '../../../functions/domain/payout/settlement.ts';
import { verifyWebhook } from '../../../functions/domain/payout/signature.ts';
import { ProviderError, type SendPayoutRequest } from '../../../functions/ports/payment-provider.ts';
import { parsePayoutWebhook } from '../../../functions/schemas/payout-webhook.ts';

const secret = 'whsec_thousand';
const METHODS: PayoutMethod[] = ['ALIPAY', 'WECHAT_PAY', 'BANK_CARD'];

/**
 * A miniature payout pipeline over in-memory maps: send with retries on the named transient errors, a webhook
 * handler that verifies, parses, decides with the pure settlement logic and appends idempotent ledger entries, and a
 * re-send of payouts whose current attempt FAILED (what the workflow's retry branch would do).
 */
async function payOut(count: number, options: Partial<SandboxOptions>) {
  const provider = new SandboxPaymentProvider({ secret, mode: 'manual', ...options });
  const payouts = new Map<string, PayoutState & { method: PayoutMethod }>();
  const ledger = new Map<string, LedgerEntry>();
  const settles = new Map<string, number>();
  const notes = new Map<SettlementNote | 'REFUSED', number>();
  const mismatched = new Set<string>();
  const toResend: string[] = [];
  const note = (n: SettlementNote | 'REFUSED') => notes.set(n, (notes.get(n) ?? 0) + 1);
  const append = (e: LedgerEntry) => ledger.has(e.entryId) || ledger.set(e.entryId, e);

  const request = (refundId: string): SendPayoutRequest => {
    const p = payouts.get(refundId)!;
    const order = { orderId: `o-${refundId}`, paidAmount: p.amount };
    return {
      refundId,
      amount: p.amount,
      currency: 'CNY',
      method: p.method,
      destination: 'ORIGINAL',
      buyerId: 'u-1',
      order,
    };
  };

  async function send(refundId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await provider.send(request(refundId));
        const p = payouts.get(refundId)!;
        if (p.providerRef !== res.providerRef) {
          payouts.set(refundId, { ...p, providerRef: res.providerRef, failedAt: undefined });
        }
        const at = res.acceptedAt;
        append(
          ledgerEntry({
            ...request(refundId),
            kind: 'SENT',
            provider: provider.name,
            at,
            providerRef: res.providerRef,
          }),
        );
        return;
      } catch (e) {
        if (!(e instanceof ProviderError && e.retryable) || attempt >= 20) throw e;
      }
    }
  }

  provider.setDelivery((body, header) => {
    const check = verifyWebhook(body, header, secret, { nowSeconds: Math.floor(provider.now() / 1000) });
    if (!check.ok) return note('REFUSED');
    const parsed = parsePayoutWebhook(body);
    if (!parsed.ok) throw new Error(parsed.message);
    const event = parsed.event;
    const payout = payouts.get(event.refundId)!;
    const decision = decideSettlement(payout, event);
    payouts.set(event.refundId, applySettlement(payout, decision));
    if (decision.note) note(decision.note);
    if (decision.flags.includes('AMOUNT_MISMATCH')) mismatched.add(event.refundId);
    if (decision.action === 'SETTLE') settles.set(event.refundId, (settles.get(event.refundId) ?? 0) + 1);
    if (decision.action === 'FAIL') toResend.push(event.refundId);
    const base = { ...request(event.refundId), provider: provider.name, providerRef: event.providerRef, at: event.at };
    append(ledgerEntry({ ...base, kind: event.status, amount: event.amount }));
  });

  const rng = mulberry32(99);
  for (let i = 0; i < count; i++) {
    const refundId = `r-${String(i).padStart(4, '0')}`;
    payouts.set(refundId, { amount: rng.int(1, 500_000), method: METHODS[i % METHODS.length]! });
    await send(refundId);
    await provider.advance(rng.int(0, 50));
  }
  while (provider.pendingWebhooks() > 0 || toResend.length > 0) {
    for (const refundId of toResend.splice(0)) await send(refundId);
    await provider.advance(1_000);
  }
  return { provider, payouts, ledger: [...ledger.values()], settles, notes, mismatched };
}

describe('paying 1,000 refunds through a misbehaving provider', () => {
  const chaos: Partial<SandboxOptions> = {
    seed: 2026,
    latencyMs: { min: 100, max: 5_000 },
    failureRate: 0.15,
    duplicateRate: 0.3,
    duplicateDelayMs: { min: 0, max: 30_000 },
    staleReplayRate: 1,
    transientErrorRate: 0.1,
  };

  it('settles every refund exactly once and reconciles to zero', async () => {
    const { provider, payouts, ledger, settles, notes } = await payOut(1_000, chaos);

    for (const [refundId, payout] of payouts) {
      expect(payout.settledAt, refundId).toBeDefined();
      expect(settles.get(refundId), refundId).toBe(1);
      const settledAttempts = provider.attempts(refundId).filter((a) => a.outcome === 'SETTLED');
      expect(
        settledAttempts.map((a) => a.providerRef),
        refundId,
      ).toEqual([payout.providerRef]);
      expect(payout.settledAmount).toBe(payout.amount);
    }

    const report = reconcile(ledger);
    expect(report.issues).toEqual([]);
    expect(report.totals.CNY).toMatchObject({ differenceCount: 0, differenceAmount: 0, settledCount: 1_000 });
    expect(report.balanced).toBe(true);

    // The chaos really happened.
    expect(provider.stats.timeouts).toBeGreaterThan(0);
    expect(provider.stats.unavailable).toBeGreaterThan(0);
    expect(provider.stats.ambiguousTimeouts).toBeGreaterThan(0);
    expect(provider.attempts().filter((a) => a.outcome === 'FAILED').length).toBeGreaterThan(100);
    expect(notes.get('DUPLICATE')).toBeGreaterThan(0);
    expect(notes.get('FAILED_AFTER_SETTLED')).toBeGreaterThan(0);
    expect(notes.get('STALE_ATTEMPT')).toBeGreaterThan(0);
    expect(notes.get('REFUSED')).toBeUndefined();
  });

  it('reports exactly the refunds the provider settled with another amount', async () => {
    const { ledger, mismatched } = await payOut(200, { ...chaos, seed: 7, amountMismatchRate: 0.05 });
    const report = reconcile(ledger);
    const flagged = new Set(report.issues.filter((i) => i.kind === 'AMOUNT_MISMATCH').map((i) => i.refundId));
    expect(mismatched.size).toBeGreaterThan(0);
    expect(flagged).toEqual(mismatched);
    expect(report.issues.every((i) => i.kind === 'AMOUNT_MISMATCH')).toBe(true);
    expect(report.balanced).toBe(false);
  });
});
