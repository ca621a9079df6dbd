/**
 * Finance retries a failed payout (`POST /v1/finance/payouts/{refundId}/retry`). The provider is asked first about
 * the original attempt: SETTLED → the refund is settled (ledger, REFUNDED, buyer told) and nothing is sent; PENDING →
 * back to PAYOUT_PENDING to wait for its webhook; FAILED or unknown → a new attempt under the same idempotency key.
 * Leaving PAYOUT_FAILED is one conditional write, so of concurrent retries exactly one acts (app/payout-recovery.ts).
 */
import type { Actor } from '../domain/actor.ts';
import { NotFound } from '../domain/errors.ts';
import {
  askProvider,
  awaitProvider,
  type RecoverPayoutDeps,
  type RecoveryResult,
  requireFailed,
  resend,
  settleFromProvider,
} from './payout-recovery.ts';

export async function retryPayout(deps: RecoverPayoutDeps, actor: Actor, refundId: string): Promise<RecoveryResult> {
  const found = await deps.store.getRefund(refundId);
  if (!found) throw new NotFound('refund');
  const refund = requireFailed(found);
  const { status } = await askProvider(deps, refund);
  if (status?.state === 'SETTLED') return settleFromProvider(deps, actor, refund, status);
  if (status?.state === 'PENDING') return awaitProvider(deps, actor, refund, status);
  return resend(deps, actor, refund, status, {
    recovery: { mode: 'RESEND' },
    outcome: 'RESEND',
    detailCode: 'PAYOUT_RETRIED',
    ...(status ? { facts: { providerRef: status.providerRef } } : {}),
  });
}
