/**
 * The payout step failed after its last retry. The refund becomes PAYOUT_FAILED, the buyer is told, and finance is
 * alerted by the monitor. The reservation on the order and the line locks stay: the money is still owed. If an
 * attempt was recorded without its acceptance, a FAILED ledger entry closes it for reconciliation (a late SETTLED
 * webhook still settles the refund).
 *
 * A payout whose send the provider accepted (`sentAt`) is not failed here: what failed was this run, after the send
 * (another run of the same refund sent it, or a later part of the step, a notice or the wallet's settlement, threw),
 * not the payout. Only the provider can say that attempt failed (its webhook, or the monitor's late-payout check);
 * failing it here would tell the buyer their money failed while it is on its way, and alert finance for nothing.
 */
import { NotFound } from '../domain/errors.ts';
import { ledgerEntry } from '../domain/ledger/entry.ts';
import { transition } from '../domain/lifecycle.ts';
import type { RefundStatus } from '../domain/vocabulary.ts';
import { logger } from '../observability/logger.ts';
import type { Ports } from '../ports/index.ts';
import { type PaymentProvider, providerName } from '../ports/payment-provider.ts';
import { notifyBuyer } from './notify-buyer.ts';

export type RecordPayoutFailureDeps = Pick<Ports, 'store' | 'ledger' | 'notifier' | 'inbox' | 'clock'>;

export interface PayoutFailure {
  refundId: string;
  /** The error the payout step ended with (its name), if known. */
  reason?: string | undefined;
}

/** `payments` names who pays each method (the channel's name in the ledger; ports/payment-provider.ts). */
export async function recordPayoutFailure(
  deps: RecordPayoutFailureDeps,
  payments: Pick<PaymentProvider, 'name' | 'nameFor'>,
  failure: PayoutFailure,
): Promise<{ status: RefundStatus }> {
  const { store } = deps;
  const refund = await store.getRefund(failure.refundId, { consistent: true });
  if (!refund) throw new NotFound('refund');
  // Already failed, or settled/ended meanwhile (a late webhook): nothing to do.
  if (refund.status !== 'APPROVED' && refund.status !== 'PAYOUT_PENDING') return { status: refund.status };
  const payout = refund.payout;
  if (refund.status === 'PAYOUT_PENDING' && payout?.sentAt && !payout.failedAt) {
    logger.warn('payout run failed after its send was accepted: left to the provider', {
      refundId: refund.refundId,
      providerRef: payout.providerRef,
      reason: failure.reason,
    });
    return { status: refund.status };
  }
  const now = deps.clock.now().toISOString();
  const reason = failure.reason ?? 'payout failed';
  if (payout?.providerRef && !payout.settledAt) {
    await deps.ledger.append(
      ledgerEntry({
        refundId: refund.refundId,
        orderId: refund.orderId,
        kind: 'FAILED',
        amount: payout.amount,
        currency: refund.currency,
        provider: providerName(payments, payout.method),
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
      detailCode: 'PAYOUT_FAILED',
      ...(reason ? { facts: { reason } } : {}),
      nextStep: { who: 'SYSTEM', action: 'FINANCE_INVESTIGATES' },
    }),
    ['APPROVED', 'PAYOUT_PENDING'],
  );
  await notifyBuyer(deps, 'PAYOUT_FAILED', updated);
  return { status: updated.status };
}
