/**
 * Detectors over refunds and orders as a whole: orders refunded beyond what was paid, and refunds that stopped
 * moving. Pure functions of the records, `now` and the config.
 */

import { formatMoney } from '../notifications/format.ts';
import type { Order, Refund } from '../refund.ts';
import { type IsoTime, type RefundStatus, TERMINAL_STATUSES } from '../vocabulary.ts';
import { type AlertCandidate, alertIdFor } from './alert.ts';
import { DEFAULT_MONITORING_CONFIG, type MonitoringConfig } from './config.ts';
import { enteredStatusAt, secondsBetween } from './time.ts';

/** Refund statuses whose amount no longer counts against the order: the money was never (and will not be) paid. */
const RELEASED_STATUSES: ReadonlySet<RefundStatus> = new Set(['REJECTED', 'CANCELLED']);

/**
 * OVER_REFUND: an order whose refunds exceed what was paid. Storage conditions should make this impossible, which is
 * exactly why it is checked: it looks both at the order's own `refundedAmount` counter and at the sum of its live
 * refunds, so a counter that drifted from the refunds is caught too.
 */
export function detectOverRefunds(orders: readonly Order[], refunds: readonly Refund[]): AlertCandidate[] {
  const liveByOrder = new Map<string, Refund[]>();
  for (const refund of refunds) {
    if (RELEASED_STATUSES.has(refund.status)) continue;
    liveByOrder.set(refund.orderId, [...(liveByOrder.get(refund.orderId) ?? []), refund]);
  }
  return orders.flatMap((order) => {
    const live = liveByOrder.get(order.orderId) ?? [];
    const summed = live.reduce((sum, r) => sum + r.amount, 0);
    const total = Math.max(order.refundedAmount, summed);
    if (total <= order.paidAmount) return [];
    const money = (amount: number) => formatMoney(amount, order.currency);
    const latest = live
      .map((r) => r.createdAt)
      .sort()
      .at(-1);
    return [
      {
        alertId: alertIdFor('OVER_REFUND', order.orderId),
        kind: 'OVER_REFUND',
        orderId: order.orderId,
        merchantId: order.merchantId,
        userId: order.userId,
        amount: total - order.paidAmount,
        currency: order.currency,
        since: latest ?? order.updatedAt,
        detail:
          `Order paid ${money(order.paidAmount)} but ${money(total)} is reserved or refunded ` +
          `(order counter ${money(order.refundedAmount)}, ${live.length} live refunds summing to ${money(summed)}).`,
      },
    ];
  });
}

/** How long past a wait's own deadline (`nextStep.dueBy`) a refund still in it counts as stuck: its timeout's turn. */
export const PAST_DUE_SLACK_SECONDS = 2 * 3600;

/**
 * STUCK_REFUND: a refund that has stayed in one status longer than that step's deadline. The time it entered the
 * status is its last timeline event. A wait whose own deadline (`nextStep.dueBy`, which a merchant's tier or the
 * policy may set longer than the table's) is later counts from that deadline instead: a GOOD merchant's 48 hours are
 * not stuck at 26. A PAYOUT_PENDING refund that carries a payout promise is watched by LATE_PAYOUT instead (its
 * deadline is the promise, in business days), so the two never alert on the same thing.
 */
export function detectStuckRefunds(
  refunds: readonly Refund[],
  now: IsoTime,
  config: Pick<MonitoringConfig, 'stuckDeadlines'> = DEFAULT_MONITORING_CONFIG,
): AlertCandidate[] {
  return refunds.flatMap((refund) => {
    if (TERMINAL_STATUSES.has(refund.status)) return [];
    if (refund.status === 'PAYOUT_PENDING' && refund.payout) return [];
    const deadline = config.stuckDeadlines[refund.status];
    if (deadline === undefined) return [];
    const since = enteredStatusAt(refund);
    const waited = secondsBetween(since, now);
    const dueBy = refund.nextStep?.dueBy;
    const allowed = dueBy ? Math.max(deadline, secondsBetween(since, dueBy) + PAST_DUE_SLACK_SECONDS) : deadline;
    if (waited <= allowed) return [];
    return [
      {
        // The status is part of the id: moving on and getting stuck again in a later step is a new problem.
        alertId: alertIdFor('STUCK_REFUND', refund.refundId, refund.status),
        kind: 'STUCK_REFUND',
        refundId: refund.refundId,
        orderId: refund.orderId,
        merchantId: refund.merchantId,
        userId: refund.userId,
        amount: refund.amount,
        currency: refund.currency,
        since,
        detail:
          `In ${refund.status} for ${formatDuration(waited)} (deadline ${formatDuration(allowed)})` +
          (refund.nextStep ? `; next step: ${refund.nextStep.who} ${refund.nextStep.action}.` : '.'),
      },
    ];
  });
}

/** "2d 3h", "45m": durations for people reading an alert. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds / 60));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const parts = [days ? `${days}d` : '', hours ? `${hours}h` : '', minutes && !days ? `${minutes}m` : ''];
  return parts.filter(Boolean).join(' ') || '0m';
}
