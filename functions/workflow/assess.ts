/**
 * Lifecycle task "Assess": decides what happens to a submitted refund and records the decision on it.
 * Input `{ refundId }`; output `{ outcome }` for the state machine's Choice.
 */

import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter } from '../adapters/index.ts';
import { NotFound } from '../domain/errors.ts';
import { transition } from '../domain/lifecycle.ts';

defaultAdapter('store', () => new DynamoRefundStore());

export interface TaskInput {
  refundId: string;
}

export async function handler(input: TaskInput): Promise<{ outcome: string; timeoutSeconds: number }> {
  const store = adapter('store');
  const refund = await store.getRefund(input.refundId);
  if (!refund) throw new NotFound('refund');
  if (refund.status !== 'SUBMITTED') return { outcome: 'END', timeoutSeconds: 1 };
  const now = adapter('clock').now().toISOString();
  const decision = { outcome: 'APPROVE', by: 'SYSTEM' as const, rules: ['foundation.approve'], at: now };
  await store.updateRefund(
    refund.refundId,
    transition('APPROVED', now, 'SYSTEM', { decision, nextStep: { who: 'SYSTEM', action: 'PAYOUT' } }),
    ['SUBMITTED'],
  );
  return { outcome: decision.outcome, timeoutSeconds: 1 };
}
