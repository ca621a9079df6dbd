/**
 * Per-kind words for finance e-mails: a title, a zh-CN summary phrase, what the amount means and what to do. Kept
 * apart from the message layout so finance can revise the runbook without touching code paths.
 */
import type { AlertKind } from './alert.ts';

/** How one alert kind is explained to finance. */
export interface AlertKindText {
  /** Short English title, ASCII (it goes into the SNS e-mail subject). */
  title: string;
  /** zh-CN phrase for the one-line summary. */
  zh: string;
  /** What the alert's `amount` is, e.g. "Approved amount". */
  amountLabel: string;
  /** The first thing to do, in one or two sentences. */
  runbook: string;
}

/** The texts for every kind; a Record so a new kind cannot be added without its runbook. */
export const ALERT_KIND_TEXTS: Readonly<Record<AlertKind, AlertKindText>> = {
  LATE_PAYOUT: {
    title: 'Late payout',
    zh: '打款超过承诺时间仍未到账',
    amountLabel: 'Payout amount',
    runbook:
      'Look the payout up with the provider by its reference. If it is still processing, tell the buyer the new ' +
      'expected time; if the provider lost it, have it failed and retried with the refund id as idempotency key. ' +
      'Never resend before the provider confirms failure: that risks paying twice.',
  },
  AMOUNT_MISMATCH: {
    title: 'Settled amount differs from approved',
    zh: '到账金额与批准金额不符',
    amountLabel: 'Approved amount',
    runbook:
      'Reconcile with the provider statement. If underpaid, pay the difference as a new ledger entry; if overpaid, ' +
      'open a recovery case. Never edit existing ledger entries.',
  },
  DUPLICATE_PAYOUT: {
    title: 'Possible duplicate payout',
    zh: '疑似重复打款',
    amountLabel: 'Paid in excess',
    runbook:
      'Confirm with the provider whether money left twice. If it did, block further payouts for this refund, open a ' +
      'recovery case with the buyer and report to engineering why the idempotency key did not hold.',
  },
  PAYOUT_FAILED: {
    title: 'Payout failed after retries',
    zh: '打款重试后仍失败',
    amountLabel: 'Payout amount',
    runbook:
      'Read the failure reason. Ask the buyer to fix the account or choose another destination (e.g. platform ' +
      'balance), then retry the payout with the same refund id as idempotency key.',
  },
  OVER_REFUND: {
    title: 'Order refunded beyond its paid amount',
    zh: '订单退款总额超过实付金额',
    amountLabel: 'Excess over paid amount',
    runbook:
      'Stop further refunds on this order, compare its refunds with the ledger and recover or reverse the excess. ' +
      'This should be impossible: report it to engineering at once.',
  },
  STUCK_REFUND: {
    title: 'Refund stuck in one step',
    zh: '退款在当前环节停留超时',
    amountLabel: 'Refund amount',
    runbook:
      'Open the refund and its workflow execution, find who it is waiting for (merchant, buyer, reviewer or system) ' +
      'and move it on or escalate. The buyer is waiting for the money.',
  },
  RATE_SPIKE: {
    title: 'Unusual refund rate',
    zh: '退款频率异常升高',
    amountLabel: 'Total refunded in window',
    runbook:
      "Review this party's recent refunds for abuse (buyer) or a product or fulfilment problem (merchant); consider " +
      'routing their new refunds to manual review until it is understood.',
  },
};
