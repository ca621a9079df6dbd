/**
 * Per-kind words for finance e-mails: a title, a zh-CN summary phrase, what the amount means, the first thing to do
 * in one line, and where the full runbook is (a section of docs/operations.md, kept there so finance and operations
 * can revise it without touching code).
 */
import type { AlertKind } from './alert.ts';

/** The runbooks' document, relative to the repository root. */
export const RUNBOOK_DOCUMENT = 'docs/operations.md';

/** Where the runbook with this anchor is, e.g. `docs/operations.md#alert-late-payout`. */
export const runbookLink = (anchor: string): string => `${RUNBOOK_DOCUMENT}#${anchor}`;

/** How one alert kind is explained to finance. */
export interface AlertKindText {
  /** Short English title, ASCII (it goes into the SNS e-mail subject). */
  title: string;
  /** zh-CN phrase for the one-line summary. */
  zh: string;
  /** What the alert's `amount` is, e.g. "Approved amount". */
  amountLabel: string;
  /** The first thing to do, one sentence; the full runbook is at {@link anchor}. */
  action: string;
  /** The anchor of this kind's runbook in {@link RUNBOOK_DOCUMENT}. */
  anchor: string;
}

/** The texts for every kind; a Record so a new kind cannot be added without its runbook. */
export const ALERT_KIND_TEXTS: Readonly<Record<AlertKind, AlertKindText>> = {
  LATE_PAYOUT: {
    title: 'Late payout',
    zh: '打款超过承诺时间仍未到账',
    amountLabel: 'Payout amount',
    action: 'Look the payout up with the provider by its reference; never resend before the provider confirms failure.',
    anchor: 'alert-late-payout',
  },
  AMOUNT_MISMATCH: {
    title: 'Settled amount differs from approved',
    zh: '到账金额与批准金额不符',
    amountLabel: 'Approved amount',
    action: 'Reconcile with the provider statement; correct with a new ledger entry, never by editing one.',
    anchor: 'alert-amount-mismatch',
  },
  DUPLICATE_PAYOUT: {
    title: 'Possible duplicate payout',
    zh: '疑似重复打款',
    amountLabel: 'Paid in excess',
    action: 'Confirm with the provider whether money left twice; if it did, open a recovery case and tell engineering.',
    anchor: 'alert-duplicate-payout',
  },
  PAYOUT_FAILED: {
    title: 'Payout failed after retries',
    zh: '打款重试后仍失败',
    amountLabel: 'Payout amount',
    action:
      'Read the failure reason, have the buyer fix the destination, then retry the payout from the console or API.',
    anchor: 'alert-payout-failed',
  },
  OVER_REFUND: {
    title: 'Order refunded beyond its paid amount',
    zh: '订单退款总额超过实付金额',
    amountLabel: 'Excess over paid amount',
    action:
      'Stop further refunds on this order, compare its refunds with the ledger and report to engineering at once.',
    anchor: 'alert-over-refund',
  },
  STUCK_REFUND: {
    title: 'Refund stuck in one step',
    zh: '退款在当前环节停留超时',
    amountLabel: 'Refund amount',
    action: 'Find who the refund is waiting for (merchant, buyer, reviewer or system) and move it on or escalate.',
    anchor: 'alert-stuck-refund',
  },
  RATE_SPIKE: {
    title: 'Unusual refund rate',
    zh: '退款频率异常升高',
    amountLabel: 'Total refunded in window',
    action: "Review this party's recent refunds for abuse or a fulfilment problem before approving more of them.",
    anchor: 'alert-rate-spike',
  },
};
