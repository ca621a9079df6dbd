/**
 * Pays an approved refund exactly once.
 *
 * Every step is idempotent and the order survives a crash between any two of them (a retry starts from the top):
 * 1. APPROVED → PAYOUT_PENDING with the payout (method, amount, bonus, promisedBy) recorded FIRST, conditionally
 *    (status APPROVED and no payout yet), so a retry never records or recomputes it;
 * 2. BONUS ledger entry, a conditional put on a deterministic id;
 * 3. provider `send` with the refund id as idempotency key: a retry after a crash gets the same providerRef back
 *    (`duplicate: true`), never a second payout;
 * 4. SENT ledger entry keyed by that providerRef (the same on a retry, so a no-op);
 * 5. `payout.sentAt`/`providerRef` on the refund, once; after this a retry returns without calling the provider.
 * 6. When the channel says the money already arrived (the platform wallet: balance and coupon credit at once), the
 *    payout is settled right here, as its callback would (app/settle-payout.ts). A crash between 5 and 6 leaves it
 *    sent and pending: the monitor asks the wallet about it once its 5-minute promise has passed and settles it
 *    (app/check-late-payouts.ts); a crash before 5 is retried from the top and the wallet answers the same credit.
 * Provider errors propagate unchanged: transient ones keep their names (ProviderTimeout, ProviderUnavailable) so
 * the state machine retries them.
 */
import { NotFound } from '../domain/errors.ts';
import { ledgerEntry } from '../domain/ledger/entry.ts';
import { awaitingSettlement, payoutRecorded, planPayout } from '../domain/payout/plan.ts';
import { policyInCurrency } from '../domain/policy/currency.ts';
import type { Order, Payout, Refund, TimelineEvent } from '../domain/refund.ts';
import type { IsoTime, RefundStatus } from '../domain/vocabulary.ts';
import type { Ports } from '../ports/index.ts';
import type { ClaimOptions, RefundChange } from '../ports/refund-store.ts';
import { notifyBuyer } from './notify-buyer.ts';
import { settlePayout } from './settle-payout.ts';

export type PayOutDeps = Pick<
  Ports,
  'store' | 'payouts' | 'ledger' | 'payments' | 'notifier' | 'inbox' | 'clock' | 'policy'
>;

export interface PayOutResult {
  status: RefundStatus;
  providerRef?: string;
}

/** The refund as last written (a strongly consistent read): the run was started by the write that made it payable. */
async function read(deps: Pick<Ports, 'store'>, refundId: string): Promise<Refund> {
  const refund = await deps.store.getRefund(refundId, { consistent: true });
  if (!refund) throw new NotFound('refund');
  return refund;
}

async function readOrder(deps: Pick<Ports, 'store'>, orderId: string): Promise<Order> {
  const order = await deps.store.getOrder(orderId);
  if (!order) throw new NotFound('order');
  return order;
}

/** The payout an approved refund is owed at `now`, and the timeline entry that records it. */
export function payoutOwed(
  deps: Pick<Ports, 'policy'>,
  refund: Refund,
  order: Pick<Order, 'paymentMethod'>,
  now: IsoTime,
): { payout: Payout; event: TimelineEvent } {
  // Bonus caps in the refund's own currency.
  const payout = planPayout(refund, order, policyInCurrency(deps.policy, refund.currency).destinations, now);
  return { payout, event: payoutRecorded(payout, now) };
}

/**
 * Claims a wait (RefundStore.claimWait) and, when the claim approves the refund, records the payout it owes in the
 * same write, as the rules' approval does (app/assess-refund.ts): the refund goes from the wait straight to
 * PAYOUT_PENDING, its timeline saying APPROVED then the payout recorded, and the payout run finds it recorded. That
 * saves a whole write of the refund item and its index entries on every refund a person (or a deadline) approves.
 * An accepted partial offer's payout is planned on the amount it shrinks to. Returns the task token claimed.
 */
export async function claimWaitWithPayout(
  deps: Pick<Ports, 'store' | 'policy'>,
  refund: Refund,
  waits: readonly string[],
  change: RefundChange,
  options: ClaimOptions = {},
): Promise<string> {
  if (change.step !== 'APPROVE' || change.status !== 'APPROVED' || !change.event) {
    return deps.store.claimWait(refund, waits, change, options);
  }
  const order = await readOrder(deps, refund.orderId);
  const paid = options.reduceTo ? { ...refund, ...options.reduceTo } : refund;
  const { payout, event } = payoutOwed(deps, paid, order, change.event.at);
  return deps.store.claimWait(
    refund,
    waits,
    {
      ...change,
      status: 'PAYOUT_PENDING',
      laterEvents: [...(change.laterEvents ?? []), event],
      payout,
      nextStep: awaitingSettlement(payout),
    },
    options,
  );
}

/**
 * Step 1: the payout owed, recorded once. Returns the refund as stored afterwards, and the order when it had to be
 * read for that (the send needs it too; a retry that finds the payout recorded reads it there). An approval by the
 * rules records it in the same write as the decision (app/assess-refund.ts), so the application's 201 carries the
 * promise; the payout run then finds it recorded.
 */
export async function recordPayoutOnce(
  deps: Pick<Ports, 'store' | 'payouts' | 'clock' | 'policy'>,
  refund: Refund,
  order?: Order,
): Promise<{ refund: Refund; order?: Order }> {
  if (refund.status !== 'APPROVED' || refund.payout) return { refund };
  const orderNow = order ?? (await readOrder(deps, refund.orderId));
  const { payout, event } = payoutOwed(deps, refund, orderNow, deps.clock.now().toISOString());
  await deps.payouts.recordPayout(refund, payout, event);
  // Recorded by this call or by an earlier try: either way, continue from what is stored.
  return { refund: await read(deps, refund.refundId), order: orderNow };
}

export async function payOut(deps: PayOutDeps, refundId: string): Promise<PayOutResult> {
  const { refund, order: recordedWith } = await recordPayoutOnce(deps, await read(deps, refundId));
  const payout = refund.payout;
  // Not ours to pay (cancelled, rejected…), already sent, or settled/failed by the provider meanwhile.
  if (refund.status !== 'PAYOUT_PENDING' || !payout || payout.sentAt || payout.failedAt || payout.settledAt) {
    return { status: refund.status, ...(payout?.providerRef ? { providerRef: payout.providerRef } : {}) };
  }
  const { payments, ledger } = deps;
  const base = { refundId: refund.refundId, currency: refund.currency, method: payout.method, orderId: refund.orderId };
  if (payout.bonusAmount) {
    const at = refund.timeline.findLast((e) => e.status === 'PAYOUT_PENDING')?.at ?? refund.updatedAt;
    await ledger.append(ledgerEntry({ ...base, kind: 'BONUS', amount: payout.bonusAmount, provider: 'platform', at }));
  }
  const order = recordedWith ?? (await readOrder(deps, refund.orderId));
  const sent = await payments.send({
    refundId: refund.refundId,
    amount: payout.amount,
    currency: refund.currency,
    method: payout.method,
    destination: payout.destination,
    buyerId: refund.userId,
    ...(payout.bonusAmount ? { bonus: payout.bonusAmount } : {}),
    order: {
      orderId: order.orderId,
      paidAmount: order.paidAmount,
      ...(order.paymentRef ? { paymentRef: order.paymentRef } : {}),
    },
  });
  const provider = sent.provider ?? payments.name;
  await ledger.append(
    ledgerEntry({
      ...base,
      kind: 'SENT',
      amount: payout.amount,
      provider,
      providerRef: sent.providerRef,
      at: sent.acceptedAt,
    }),
  );
  const recorded = await deps.payouts.markSent(refund, {
    sentAt: sent.acceptedAt,
    providerRef: sent.providerRef,
  });
  if (sent.settled) {
    const event = {
      providerRef: sent.providerRef,
      refundId: refund.refundId,
      status: 'SETTLED' as const,
      ...sent.settled,
    };
    const outcome = await settlePayout(deps, provider, event);
    const status = 'decision' in outcome ? (await read(deps, refund.refundId)).status : refund.status;
    return { status, providerRef: sent.providerRef };
  }
  if (recorded) {
    await notifyBuyer(deps, 'PAYOUT_SENT', {
      ...refund,
      payout: { ...payout, sentAt: sent.acceptedAt, providerRef: sent.providerRef },
    });
  }
  return { status: refund.status, providerRef: sent.providerRef };
}
