/**
 * Lifecycle task "PayoutFailed": the payout step failed after its last retry. The refund becomes PAYOUT_FAILED,
 * the buyer is told, and finance is alerted by the monitor. Input `{ refundId, error }`.
 */

import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter } from '../adapters/index.ts';
import { NotFound } from '../domain/errors.ts';
import { transition } from '../domain/lifecycle.ts';
import { notifyBuyer } from './notify-buyer.ts';

defaultAdapter('store', () => new DynamoRefundStore());

export async function handler(input: { refundId: string; error?: { Error?: string; Cause?: string } }) {
  const store = adapter('store');
  const refund = await store.getRefund(input.refundId);
  if (!refund) throw new NotFound('refund');
  if (refund.status === 'PAYOUT_FAILED') return { status: refund.status };
  const now = adapter('clock').now().toISOString();
  const updated = await store.updateRefund(
    refund.refundId,
    transition('PAYOUT_FAILED', now, 'SYSTEM', {
      detail: input.error?.Error ?? 'payout failed',
      nextStep: { who: 'SYSTEM', action: 'FINANCE_INVESTIGATES' },
    }),
    ['APPROVED', 'PAYOUT_PENDING'],
  );
  await notifyBuyer('PAYOUT_FAILED', updated);
  return { status: updated.status };
}
