/**
 * What a verified settlement callback does: the provider's fact goes into the ledger first (a conditional put on
 * the attempt's id, so duplicates are no-ops and a crash before the refund update is repaired by the redelivery),
 * then `decideSettlement` says what changes on the refund, written with a condition on the state it read.
 * Replays and reordered callbacks change nothing twice. The buyer hears when the money arrived or the payout failed.
 */
import { ledgerEntry } from '../domain/ledger/entry.ts';
import { decideSettlement, type SettlementDecision } from '../domain/payout/settlement.ts';
import type { PayoutWebhook } from '../domain/payout/webhook.ts';
import type { Refund } from '../domain/refund.ts';
import type { DetailCode } from '../domain/vocabulary.ts';
import { logger } from '../observability/logger.ts';
import { recordMetric } from '../observability/metrics.ts';
import type { Ports } from '../ports/index.ts';
import { notifyBuyer } from './notify-buyer.ts';

export type SettlePayoutDeps = Pick<Ports, 'store' | 'payouts' | 'ledger' | 'notifier' | 'inbox' | 'clock'>;

export type SettlementOutcome =
  | { result: 'APPLIED' | 'UNCHANGED'; decision: SettlementDecision }
  | { result: 'UNKNOWN_REFUND' | 'NO_PAYOUT' }
  /** `by.asRead` was given and the refund has changed since (another recovery acted): nothing written. */
  | { result: 'MOVED' };

/** Who learnt of the settlement when it was not the provider's webhook (a payout recovery, the monitor's poll). */
export interface SettledBy {
  actorId?: string;
  detailCode: DetailCode;
  facts?: Record<string, string>;
  /**
   * Only while the refund is still as this caller read it (its `updatedAt`): a payout recovery settles from the
   * provider's record only if no concurrent recovery acted first (app/payout-recovery.ts).
   */
  asRead?: string;
}

/** Writes what the decision says; false when the refund changed under us (the caller re-reads and decides again). */
async function write(
  deps: SettlePayoutDeps,
  refund: Refund,
  event: PayoutWebhook,
  decision: SettlementDecision,
  by?: SettledBy,
): Promise<boolean> {
  const now = deps.clock.now().toISOString();
  const { payouts } = deps;
  if (decision.action === 'SETTLE') {
    // Settlement oddities are facts for finance; the buyer reads that the money arrived.
    const facts = {
      ...by?.facts,
      ...(decision.note ? { note: decision.note } : {}),
      ...(decision.flags.length ? { flags: decision.flags.join(' ') } : {}),
    };
    const timeline = {
      at: now,
      status: 'REFUNDED' as const,
      actor: 'SYSTEM' as const,
      ...(by?.actorId ? { actorId: by.actorId } : {}),
      detailCode: by?.detailCode ?? ('PAYOUT_SETTLED' as const),
      ...(Object.keys(facts).length ? { facts } : {}),
    };
    const flags = [...new Set([...(refund.payout?.flags ?? []), ...decision.flags])];
    return payouts.settle(refund, { ...decision.patch, flags }, timeline, by?.asRead);
  }
  if (decision.action === 'FAIL') {
    const facts = { reason: decision.patch.failureReason };
    const failed = {
      at: now,
      status: 'PAYOUT_FAILED' as const,
      actor: 'SYSTEM' as const,
      detailCode: 'PAYOUT_FAILED' as const,
      facts,
    };
    return payouts.fail(refund, decision.patch, failed);
  }
  for (const flag of decision.flags) await payouts.flag(refund.refundId, flag, now);
  logger.info('settlement callback changed nothing', { refundId: event.refundId, outcome: decision.note });
  return true;
}

/**
 * Applies one verified callback from `provider` (the payment provider of this deployment, its name in the ledger),
 * or the same fact read from the provider's status by a recovery or the monitor (`by` says who). Retries its read-decide-write when a concurrent callback won the race.
 */
export async function settlePayout(
  deps: SettlePayoutDeps,
  provider: string,
  event: PayoutWebhook,
  by?: SettledBy,
): Promise<SettlementOutcome> {
  const { store } = deps;
  for (let round = 0; ; round++) {
    const refund = await store.getRefund(event.refundId, { consistent: true });
    if (!refund) return { result: 'UNKNOWN_REFUND' };
    const payout = refund.payout;
    if (!payout) return { result: 'NO_PAYOUT' };
    if (by?.asRead !== undefined && refund.updatedAt !== by.asRead) return { result: 'MOVED' };
    if (round === 0) {
      await deps.ledger.append(
        ledgerEntry({
          refundId: refund.refundId,
          orderId: refund.orderId,
          kind: event.status,
          amount: event.amount,
          currency: refund.currency,
          provider,
          method: payout.method,
          providerRef: event.providerRef,
          at: event.at,
          ...(event.reason ? { detail: event.reason } : {}),
        }),
      );
    }
    const decision = decideSettlement(payout, event);
    if (await write(deps, refund, event, decision, by)) {
      if (decision.action === 'NONE') return { result: 'UNCHANGED', decision };
      const after = (await store.getRefund(refund.refundId, { consistent: true })) ?? refund;
      await notifyBuyer(deps, decision.action === 'SETTLE' ? 'REFUNDED' : 'PAYOUT_FAILED', after);
      if (decision.action === 'SETTLE') {
        recordMetric('TimeToMoneySeconds', (Date.parse(event.at) - Date.parse(refund.createdAt)) / 1000);
      }
      return { result: 'APPLIED', decision };
    }
    if (round >= 3) throw new Error(`settlement of ${event.refundId} kept losing races`);
  }
}
