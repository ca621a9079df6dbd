/**
 * Lifecycle task "Payout": pays an approved refund exactly once. Input `{ refundId }`.
 *
 * Every step is idempotent and the order survives a crash between any two of them (a retry starts from the top):
 * 1. APPROVED → PAYOUT_PENDING with the payout (method, amount, bonus, promisedBy) recorded FIRST, conditionally
 *    (status APPROVED and no payout yet), so a retry never records or recomputes it;
 * 2. BONUS ledger entry, a conditional put on a deterministic id;
 * 3. provider `send` with the refund id as idempotency key: a retry after a crash gets the same providerRef back
 *    (`duplicate: true`), never a second payout;
 * 4. SENT ledger entry keyed by that providerRef (the same on a retry, so a no-op);
 * 5. `payout.sentAt`/`providerRef` on the refund, once; after this a retry returns without calling the provider.
 * Transient provider errors keep their names (ProviderTimeout, ProviderUnavailable) so the ASL retries them.
 */

import { DynamoLedgerStore } from '../adapters/dynamodb/ledger-store.ts';
import { DynamoPayoutStore } from '../adapters/dynamodb/payout-store.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter, legacyPorts } from '../adapters/index.ts';
import { paymentProviderFromEnv } from '../adapters/payments/deployed-sandbox.ts';
import { notifyBuyer } from '../app/notify-buyer.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { NotFound } from '../domain/errors.ts';
import { ledgerEntry } from '../domain/ledger/entry.ts';
import { planPayout } from '../domain/payout/plan.ts';
import type { Refund } from '../domain/refund.ts';

requireEnvironmentOf('Payout');

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('payouts', () => new DynamoPayoutStore());
defaultAdapter('ledger', () => new DynamoLedgerStore());
defaultAdapter('payments', paymentProviderFromEnv);

async function read(refundId: string): Promise<Refund> {
  const refund = await adapter('store').getRefund(refundId);
  if (!refund) throw new NotFound('refund');
  return refund;
}

/** Step 1: the payout owed, recorded once. Returns the refund as stored afterwards. */
async function recordOnce(refund: Refund): Promise<Refund> {
  if (refund.status !== 'APPROVED' || refund.payout) return refund;
  const order = await adapter('store').getOrder(refund.orderId);
  if (!order) throw new NotFound('order');
  const now = adapter('clock').now().toISOString();
  const payout = planPayout(refund, order, adapter('policy').destinations, now);
  const event = { at: now, status: 'PAYOUT_PENDING' as const, actor: 'SYSTEM' as const };
  await adapter('payouts').recordPayout(refund, payout, event);
  // Recorded by this call or by an earlier try: either way, continue from what is stored.
  return read(refund.refundId);
}

export async function handler(input: { refundId: string }): Promise<{ status: string; providerRef?: string }> {
  const refund = await recordOnce(await read(input.refundId));
  const payout = refund.payout;
  // Not ours to pay (cancelled, rejected…), already sent, or settled/failed by the provider meanwhile.
  if (refund.status !== 'PAYOUT_PENDING' || !payout || payout.sentAt || payout.failedAt || payout.settledAt) {
    return { status: refund.status, ...(payout?.providerRef ? { providerRef: payout.providerRef } : {}) };
  }
  const payments = adapter('payments');
  const ledger = adapter('ledger');
  const base = { refundId: refund.refundId, currency: refund.currency, method: payout.method, orderId: refund.orderId };
  if (payout.bonusAmount) {
    const at = refund.timeline.findLast((e) => e.status === 'PAYOUT_PENDING')?.at ?? refund.updatedAt;
    await ledger.append(ledgerEntry({ ...base, kind: 'BONUS', amount: payout.bonusAmount, provider: 'platform', at }));
  }
  const sent = await payments.send({
    refundId: refund.refundId,
    amount: payout.amount,
    currency: refund.currency,
    method: payout.method,
    destination: payout.destination,
  });
  await ledger.append(
    ledgerEntry({
      ...base,
      kind: 'SENT',
      amount: payout.amount,
      provider: payments.name,
      providerRef: sent.providerRef,
      at: sent.acceptedAt,
    }),
  );
  const recorded = await adapter('payouts').markSent(refund, {
    sentAt: sent.acceptedAt,
    providerRef: sent.providerRef,
  });
  if (recorded) {
    await notifyBuyer(legacyPorts, 'PAYOUT_SENT', {
      ...refund,
      payout: { ...payout, sentAt: sent.acceptedAt, providerRef: sent.providerRef },
    });
  }
  return { status: refund.status, providerRef: sent.providerRef };
}
