/**
 * Lifecycle task "PayoutFailed": the payout step failed after its last retry. The refund becomes PAYOUT_FAILED,
 * the buyer is told, and finance is alerted by the monitor. The reservation on the order and the line locks stay:
 * the money is still owed. If the provider had accepted an attempt, a FAILED ledger entry closes it for
 * reconciliation (a late SETTLED webhook still settles the refund). Input `{ refundId, error }`.
 */

import { DynamoLedgerStore } from '../adapters/dynamodb/ledger-store.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter, legacyPorts } from '../adapters/index.ts';
import { notifyBuyer } from '../app/notify-buyer.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { requireEnv } from '../config.ts';
import { NotFound } from '../domain/errors.ts';
import { ledgerEntry } from '../domain/ledger/entry.ts';
import { transition } from '../domain/lifecycle.ts';

requireEnvironmentOf('PayoutFailed');

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('ledger', () => new DynamoLedgerStore());

export async function handler(input: { refundId: string; error?: { Error?: string; Cause?: string } }) {
  const store = adapter('store');
  const refund = await store.getRefund(input.refundId);
  if (!refund) throw new NotFound('refund');
  // Already failed, or settled/ended meanwhile (a late webhook): nothing to do.
  if (refund.status !== 'APPROVED' && refund.status !== 'PAYOUT_PENDING') return { status: refund.status };
  const now = adapter('clock').now().toISOString();
  const reason = input.error?.Error ?? 'payout failed';
  const payout = refund.payout;
  if (payout?.providerRef && !payout.settledAt) {
    await adapter('ledger').append(
      ledgerEntry({
        refundId: refund.refundId,
        orderId: refund.orderId,
        kind: 'FAILED',
        amount: payout.amount,
        currency: refund.currency,
        provider: requireEnv('PAYMENT_PROVIDER'),
        method: payout.method,
        providerRef: payout.providerRef,
        at: now,
        detail: reason,
      }),
    );
  }
  const updated = await store.updateRefund(
    refund.refundId,
    transition('PAYOUT_FAILED', now, 'SYSTEM', {
      detail: reason,
      nextStep: { who: 'SYSTEM', action: 'FINANCE_INVESTIGATES' },
    }),
    ['APPROVED', 'PAYOUT_PENDING'],
  );
  await notifyBuyer(legacyPorts, 'PAYOUT_FAILED', updated);
  return { status: updated.status };
}
