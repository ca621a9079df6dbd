/**
 * Lifecycle task "Payout": sends the approved amount back to the buyer and marks the refund PAYOUT_PENDING until
 * the provider confirms settlement. Input `{ refundId }`.
 */

import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter } from '../adapters/index.ts';
import { NotFound } from '../domain/errors.ts';
import { transition } from '../domain/lifecycle.ts';

defaultAdapter('store', () => new DynamoRefundStore());

export async function handler(input: { refundId: string }): Promise<{ status: string }> {
  const store = adapter('store');
  const refund = await store.getRefund(input.refundId);
  if (!refund) throw new NotFound('refund');
  if (refund.status !== 'APPROVED') return { status: refund.status };
  const now = adapter('clock').now().toISOString();
  const updated = await store.updateRefund(
    refund.refundId,
    transition('PAYOUT_PENDING', now, 'SYSTEM', { nextStep: { who: 'SYSTEM', action: 'AWAIT_SETTLEMENT' } }),
    ['APPROVED'],
  );
  return { status: updated.status };
}
