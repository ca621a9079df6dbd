/**
 * Detectors over payouts: late, wrong amount, failed (from refund records) and duplicated (from the ledger).
 * Each returns candidate alerts with deterministic ids; the lifecycle decides whether anyone is told.
 */

import { formatMoney } from '../notifications/format.ts';
import { DEFAULT_ARRIVAL_WINDOWS, IMMEDIATE_WITHIN_SECONDS } from '../payout/promise.ts';
import type { Refund } from '../refund.ts';
import { type IsoTime, TERMINAL_STATUSES } from '../vocabulary.ts';
import { type AlertCandidate, alertIdFor, type LedgerMovement, PAYOUT_MOVEMENT_KINDS } from './alert.ts';
import { DEFAULT_MONITORING_CONFIG, type MonitoringConfig } from './config.ts';
import { addSeconds, enteredStatusAt, toMillis } from './time.ts';

function refundFields(refund: Refund): Pick<AlertCandidate, 'refundId' | 'orderId' | 'merchantId' | 'userId'> {
  return { refundId: refund.refundId, orderId: refund.orderId, merchantId: refund.merchantId, userId: refund.userId };
}

/**
 * When a payout becomes late: its promise, and for an immediate method (balance, coupon) never before its window
 * has passed since the payout was recorded. Payouts recorded before immediate promises had a window were promised
 * at that very instant, and would otherwise be late a second later.
 */
function lateAfter(refund: Refund, payout: NonNullable<Refund['payout']>): IsoTime {
  if (DEFAULT_ARRIVAL_WINDOWS[payout.method] !== 'IMMEDIATE') return payout.promisedBy;
  const recordedAt = refund.timeline.find((e) => e.status === 'PAYOUT_PENDING')?.at ?? payout.promisedBy;
  const floor = addSeconds(recordedAt, IMMEDIATE_WITHIN_SECONDS);
  return toMillis(floor) > toMillis(payout.promisedBy) ? floor : payout.promisedBy;
}

/**
 * LATE_PAYOUT: a payout that has not settled by its promised time (plus the grace period). Failed payouts are left
 * to PAYOUT_FAILED and finished refunds are ignored, so one problem raises one alert.
 */
export function detectLatePayouts(
  refunds: readonly Refund[],
  now: IsoTime,
  config: Pick<MonitoringConfig, 'latePayoutGraceSeconds'> = DEFAULT_MONITORING_CONFIG,
): AlertCandidate[] {
  const nowMs = toMillis(now);
  return refunds.flatMap((refund) => {
    const payout = refund.payout;
    if (!payout || payout.settledAt || refund.status === 'PAYOUT_FAILED' || TERMINAL_STATUSES.has(refund.status)) {
      return [];
    }
    const due = lateAfter(refund, payout);
    if (toMillis(addSeconds(due, config.latePayoutGraceSeconds)) >= nowMs) return [];
    const sent = payout.sentAt ? `sent ${payout.sentAt}` : 'not yet sent';
    return [
      {
        alertId: alertIdFor('LATE_PAYOUT', refund.refundId),
        kind: 'LATE_PAYOUT',
        ...refundFields(refund),
        amount: payout.amount,
        currency: refund.currency,
        since: due,
        detail: `Payout via ${payout.method} (${sent}) was promised by ${due} and has not settled.`,
      },
    ];
  });
}

/**
 * AMOUNT_MISMATCH: the provider settled a different amount from the one approved for the refund. Any difference
 * counts, over or under: both mean the ledger and the provider disagree.
 */
export function detectAmountMismatches(refunds: readonly Refund[]): AlertCandidate[] {
  return refunds.flatMap((refund) => {
    const settled = refund.payout?.settledAmount;
    if (settled === undefined || settled === refund.amount) return [];
    return [
      {
        alertId: alertIdFor('AMOUNT_MISMATCH', refund.refundId),
        kind: 'AMOUNT_MISMATCH',
        ...refundFields(refund),
        amount: refund.amount,
        currency: refund.currency,
        since: refund.payout?.settledAt ?? enteredStatusAt(refund),
        detail:
          `Approved ${formatMoney(refund.amount, refund.currency)} but the provider settled ` +
          `${formatMoney(settled, refund.currency)} (difference ${formatMoney(settled - refund.amount, refund.currency)}).`,
      },
    ];
  });
}

/** PAYOUT_FAILED: the payout gave up after its retries; the buyer has no money and a person must choose what next. */
export function detectFailedPayouts(refunds: readonly Refund[]): AlertCandidate[] {
  return refunds.flatMap((refund) => {
    if (refund.status !== 'PAYOUT_FAILED') return [];
    const reason = refund.payout?.failureReason ?? 'no reason given';
    return [
      {
        alertId: alertIdFor('PAYOUT_FAILED', refund.refundId),
        kind: 'PAYOUT_FAILED',
        ...refundFields(refund),
        amount: refund.payout?.amount ?? refund.amount,
        currency: refund.currency,
        since: refund.payout?.failedAt ?? enteredStatusAt(refund),
        detail: `Payout via ${refund.payout?.method ?? 'unknown method'} failed after retries: ${reason}.`,
      },
    ];
  });
}

/**
 * DUPLICATE_PAYOUT: more than one SENT, or more than one SETTLED, movement for one refund. A normal payout has at
 * most one of each, so a second one means money may have left twice (a refund is paid exactly once, DESIGN 3.3).
 * The SENT of an attempt that FAILED does not count: no money left with it, and the attempt that replaced it (finance's
 * retry, the buyer's move to the balance) is the refund's one payout, not a second.
 */
export function detectDuplicatePayouts(ledger: readonly LedgerMovement[], now: IsoTime): AlertCandidate[] {
  const failedAttempts = new Set(
    ledger.filter((m) => m.kind === 'FAILED' && m.providerRef).map((m) => `${m.refundId}\u0000${m.providerRef}`),
  );
  const byRefund = new Map<string, LedgerMovement[]>();
  for (const movement of ledger) {
    if (!PAYOUT_MOVEMENT_KINDS.has(movement.kind)) continue;
    const failed = failedAttempts.has(`${movement.refundId}\u0000${movement.providerRef}`);
    if (movement.kind === 'SENT' && failed) continue;
    byRefund.set(movement.refundId, [...(byRefund.get(movement.refundId) ?? []), movement]);
  }
  const alerts: AlertCandidate[] = [];
  for (const [refundId, movements] of byRefund) {
    const counts = [...PAYOUT_MOVEMENT_KINDS].map((kind) => ({
      kind,
      found: movements.filter((m) => m.kind === kind),
    }));
    const repeated = counts.filter((c) => c.found.length > 1);
    if (repeated.length === 0) continue;
    const extra = repeated.flatMap((c) => c.found.slice(1));
    const times = extra.flatMap((m) => (m.at ? [m.at] : [])).sort();
    const refs = [...new Set(movements.map((m) => m.providerRef ?? '?'))].join(', ');
    const first = movements[0];
    alerts.push({
      alertId: alertIdFor('DUPLICATE_PAYOUT', refundId),
      kind: 'DUPLICATE_PAYOUT',
      refundId,
      ...(first?.orderId ? { orderId: first.orderId } : {}),
      // The money paid twice: the larger excess over kinds, so SENT twice and SETTLED twice is not counted double.
      amount: Math.max(...repeated.map((c) => c.found.slice(1).reduce((sum, m) => sum + m.amount, 0))),
      ...(first?.currency ? { currency: first.currency } : {}),
      since: times[0] ?? now,
      detail: `${repeated.map((c) => `${c.found.length} ${c.kind}`).join(' and ')} movements (provider refs: ${refs}).`,
    });
  }
  return alerts;
}
