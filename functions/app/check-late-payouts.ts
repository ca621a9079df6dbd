/**
 * Before the monitor alerts on late payouts, it asks the provider about them (`payments.status`): a payout the
 * provider settled whose webhook was lost is settled now (ledger, REFUNDED, buyer told) and a failed one is recorded
 * as failed (PAYOUT_FAILED, buyer told), both through the webhook's own settlement (app/settle-payout.ts), so the
 * alerts that follow are about what is really late. Outstanding payouts past their promise come from the sparse
 * outstanding-payout index, earliest promise first; at most `limit` per run, and no new look-up once `budgetMs` is
 * spent (the rest is logged and left for the next run, 5 minutes later). A provider without `status`, or one that
 * fails to answer, changes nothing.
 */
import { logger } from '../observability/logger.ts';
import type { Ports } from '../ports/index.ts';
import { settlePayout } from './settle-payout.ts';

export type CheckLatePayoutsDeps = Pick<
  Ports,
  'store' | 'payouts' | 'ledger' | 'payments' | 'notifier' | 'inbox' | 'clock'
>;

/** Provider status look-ups per run. @default 50 */
export const LATE_PAYOUT_CHECKS_PER_RUN = 50;

/**
 * Milliseconds of look-ups per run. The look-ups run one after another, and a provider that hangs takes its client's
 * timeout for each (5 s for Alipay, 10 s through a channel function): 50 of them would outlast the monitor's
 * 2 minutes, the run would time out before it alerts, and every run after would ask about the same payouts again,
 * so finance would hear nothing exactly when the provider is down. Past this budget the run goes on to the alerts.
 */
export const LATE_PAYOUT_CHECK_BUDGET_MS = 40_000;

export interface LatePayoutCheck {
  /** Late payouts asked about. */
  checked: number;
  settled: number;
  failed: number;
  /** The provider still has them pending, knows nothing of them, or nothing changed. */
  unchanged: number;
  /** Look-ups that threw (logged). */
  errors: number;
  /** Late payouts left for the next run (over the cap or the time budget; at least this many). */
  left: number;
}

export async function checkLatePayouts(
  deps: CheckLatePayoutsDeps,
  options: { limit?: number; budgetMs?: number; elapsedMs?: () => number } = {},
): Promise<LatePayoutCheck> {
  const started = Date.now();
  const elapsedMs = options.elapsedMs ?? (() => Date.now() - started);
  const budgetMs = options.budgetMs ?? LATE_PAYOUT_CHECK_BUDGET_MS;
  const summary: LatePayoutCheck = { checked: 0, settled: 0, failed: 0, unchanged: 0, errors: 0, left: 0 };
  const status = deps.payments.status?.bind(deps.payments);
  if (!status) return summary;
  const now = deps.clock.now().toISOString();
  const { refunds, more } = await deps.payouts.latePayouts(now, options.limit ?? LATE_PAYOUT_CHECKS_PER_RUN);
  summary.left = more;
  for (const [index, refund] of refunds.entries()) {
    if (elapsedMs() >= budgetMs) {
      summary.left += refunds.length - index;
      break;
    }
    summary.checked++;
    try {
      const method = refund.payout?.method;
      const known = method ? await status({ refundId: refund.refundId, method, orderId: refund.orderId }) : undefined;
      const state = known?.state;
      // Settled: settle it (pending or failed). Failed: only a pending refund changes (a failed one already is).
      if (!known || !(state === 'SETTLED' || (state === 'FAILED' && refund.status === 'PAYOUT_PENDING'))) {
        summary.unchanged++;
        continue;
      }
      const settled = state === 'SETTLED';
      const outcome = await settlePayout(
        deps,
        known.provider ?? deps.payments.name,
        {
          providerRef: known.providerRef,
          refundId: refund.refundId,
          status: state,
          amount: settled ? (known.settledAmount ?? known.amount) : known.amount,
          at: known.at ?? now,
          ...(settled ? {} : { reason: 'PROVIDER_REPORTED_FAILED' }),
        },
        { detailCode: 'PAYOUT_STATUS_CHECKED' },
      );
      if (outcome.result === 'APPLIED') summary[settled ? 'settled' : 'failed']++;
      else summary.unchanged++;
    } catch (error) {
      summary.errors++;
      logger.warn('late payout check failed', { refundId: refund.refundId, error: String(error) });
    }
  }
  if (summary.left > 0) {
    logger.info('late payouts left for the next monitor run', { checked: summary.checked, left: summary.left });
  }
  return summary;
}
