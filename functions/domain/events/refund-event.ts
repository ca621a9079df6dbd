/**
 * Refund events for integrators (issue 20, docs/events.md): one pure mapping from a refund as it was before a
 * committed write and as it is after (a DynamoDB stream record's old and new image) to the one versioned event that
 * change publishes, or none. The same function runs in AWS (the EventBridge Pipe's enrichment Lambda,
 * functions/events/refund-events.ts) and locally (local/refund-events.ts reads DynamoDB Local's stream), so an
 * integrator sees the same events in both.
 *
 * A change publishes an event when the refund's status changes, when it is created, and when a rejection becomes
 * final without a status change (the dispute window closes or the buyer accepts). Writes that change nothing an
 * integrator acts on (a thread entry, an OCR result, a reminder mark, a task token) publish nothing.
 * The event carries the refund's essentials and ids only: no notes, messages, addresses or evidence.
 */
import type { Payout, Refund } from '../refund.ts';
import type { Destination, IsoTime, Reason, RefundStatus, Scenario } from '../vocabulary.ts';

/** The schema version of every event's shape; a breaking change publishes a new version beside the old one. */
export const REFUND_EVENT_VERSION = '1';

/** Every event type, in lifecycle order. Each has a JSON Schema in events/schemas/<type>.json. */
export const REFUND_EVENT_TYPES = [
  'refund.submitted',
  'refund.merchant_review_requested',
  'refund.review_requested',
  'refund.inspection_requested',
  'refund.evidence_requested',
  'refund.return_requested',
  'refund.return_shipped',
  'refund.offer_made',
  'refund.approved',
  'refund.rejected',
  'refund.payout_sent',
  'refund.paid',
  'refund.payout_failed',
  'refund.closed',
] as const;
export type RefundEventType = (typeof REFUND_EVENT_TYPES)[number];

/** The event a refund entering each status publishes (SUBMITTED only at creation). */
export const STATUS_EVENT: Readonly<Record<RefundStatus, RefundEventType>> = {
  SUBMITTED: 'refund.submitted',
  AWAITING_MERCHANT: 'refund.merchant_review_requested',
  MANUAL_REVIEW: 'refund.review_requested',
  AWAITING_INSPECTION: 'refund.inspection_requested',
  AWAITING_EVIDENCE: 'refund.evidence_requested',
  AWAITING_RETURN: 'refund.return_requested',
  RETURN_IN_TRANSIT: 'refund.return_shipped',
  AWAITING_BUYER: 'refund.offer_made',
  APPROVED: 'refund.approved',
  REJECTED: 'refund.rejected',
  PAYOUT_PENDING: 'refund.payout_sent',
  REFUNDED: 'refund.paid',
  PAYOUT_FAILED: 'refund.payout_failed',
  CANCELLED: 'refund.closed',
};

/** Why a refund closed without being paid (`refund.closed`). */
export const CLOSE_REASONS = [
  /** The buyer withdrew the application. */
  'CANCELLED_BY_BUYER',
  /** The buyer sent no evidence before the deadline. */
  'EVIDENCE_DEADLINE',
  /** The buyer shipped no return before the deadline. */
  'RETURN_DEADLINE',
  /** The merchant's rejection stands: the buyer did not dispute it before the window closed. */
  'DISPUTE_WINDOW_CLOSED',
  /** The buyer accepted the merchant's rejection. */
  'REJECTION_ACCEPTED',
  /** Closed by the platform for another reason. */
  'OTHER',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** The refund's essentials as every event carries them: ids, money, why and where, and its status after the change. */
export interface RefundEssentials {
  refundId: string;
  orderId: string;
  merchantId: string;
  userId: string;
  /** Minor units (fen, cents): what the refund is for after the change (an accepted partial offer lowers it). */
  amount: number;
  currency: string;
  reason: Reason;
  scenario: Scenario;
  destination: Destination;
  status: RefundStatus;
}

export interface RefundEvent {
  /** Stable per change (`<refundId>:<timeline length>:<status>`): the same change always has the same id. */
  id: string;
  type: RefundEventType;
  version: typeof REFUND_EVENT_VERSION;
  occurredAt: IsoTime;
  refund: RefundEssentials;
  /** The status before the change; null for `refund.submitted`. */
  previousStatus: RefundStatus | null;
  /** `refund.rejected`: whether the buyer may still dispute (a merchant's rejection) or it is final (a ruling). */
  final?: boolean;
  /** `refund.closed`: why. */
  closeReason?: CloseReason;
  /** `refund.payout_sent`, `refund.paid`, `refund.payout_failed`: how the money moves. */
  payout?: { method: Payout['method']; providerRef?: string; amount: number; failureReason?: string };
}

type Image = Pick<
  Refund,
  | 'refundId'
  | 'orderId'
  | 'merchantId'
  | 'userId'
  | 'amount'
  | 'currency'
  | 'reason'
  | 'scenario'
  | 'destination'
  | 'status'
  | 'timeline'
  | 'payout'
  | 'step'
  | 'updatedAt'
>;

function essentials(refund: Image): RefundEssentials {
  return {
    refundId: refund.refundId,
    orderId: refund.orderId,
    merchantId: refund.merchantId,
    userId: refund.userId,
    amount: refund.amount,
    currency: refund.currency,
    reason: refund.reason,
    scenario: refund.scenario,
    destination: refund.destination,
    status: refund.status,
  };
}

/** Why a refund entering `after` (CANCELLED, or REJECTED made final) closed. */
function closeReasonOf(before: Image, after: Image): CloseReason {
  const last = after.timeline.at(-1);
  if (after.status === 'REJECTED') {
    return last?.detailCode === 'BUYER_ACCEPTED' ? 'REJECTION_ACCEPTED' : 'DISPUTE_WINDOW_CLOSED';
  }
  if (last?.actor === 'BUYER') return 'CANCELLED_BY_BUYER';
  if (before.status === 'AWAITING_EVIDENCE') return 'EVIDENCE_DEADLINE';
  if (before.status === 'AWAITING_RETURN') return 'RETURN_DEADLINE';
  return 'OTHER';
}

const PAYOUT_EVENTS: ReadonlySet<RefundEventType> = new Set([
  'refund.payout_sent',
  'refund.paid',
  'refund.payout_failed',
]);

function payoutOf(payout: Payout | undefined): RefundEvent['payout'] {
  if (!payout) return undefined;
  return {
    method: payout.method,
    amount: payout.settledAmount ?? payout.amount,
    ...(payout.providerRef ? { providerRef: payout.providerRef } : {}),
    ...(payout.failureReason ? { failureReason: payout.failureReason } : {}),
  };
}

/**
 * The event one committed write publishes: `before` is the refund before the write (undefined when the write
 * created it), `after` the refund after it. Undefined when the write changed nothing integrators are told about.
 */
export function refundEventOf(before: Image | undefined, after: Image): RefundEvent | undefined {
  let type: RefundEventType;
  if (!before) type = 'refund.submitted';
  else if (before.status !== after.status) type = STATUS_EVENT[after.status];
  else if (after.status === 'REJECTED' && before.step === 'AWAIT_DISPUTE' && after.step === 'END')
    type = 'refund.closed';
  else return undefined;
  const last = after.timeline.at(-1);
  const occurredAt = last && last.status === after.status ? last.at : after.updatedAt;
  const event: RefundEvent = {
    id: `${after.refundId}:${after.timeline.length}:${after.status}`,
    type,
    version: REFUND_EVENT_VERSION,
    occurredAt,
    refund: essentials(after),
    previousStatus: before ? before.status : null,
  };
  if (type === 'refund.rejected') event.final = after.step !== 'AWAIT_DISPUTE';
  if (type === 'refund.closed' && before) event.closeReason = closeReasonOf(before, after);
  if (PAYOUT_EVENTS.has(type)) {
    const payout = payoutOf(after.payout);
    if (payout) event.payout = payout;
  }
  return event;
}

/**
 * The events one committed write publishes, in order. An approval written together with the payout it records (the
 * rules' approval in the application's request, a person's or a deadline's when it claims the wait) passes APPROVED
 * on its way to PAYOUT_PENDING in one write: integrators hear `refund.approved` and then `refund.payout_sent`, as
 * when the two were written apart, each with its own id (its place in the timeline) and the one before as its
 * `previousStatus`.
 */
export function refundEventsOfWrite(before: Image | undefined, after: Image): RefundEvent[] {
  const event = refundEventOf(before, after);
  if (!event || !before) return event ? [event] : [];
  const added = after.timeline.slice(before.timeline.length);
  // APPROVED before the write's last entry: passed on the way (an approval ending the write publishes itself).
  const passed = added.findIndex((entry, i) => entry.status === 'APPROVED' && i < added.length - 1);
  const entry = added[passed];
  if (!entry) return [event];
  const approved: RefundEvent = {
    id: `${after.refundId}:${before.timeline.length + passed + 1}:APPROVED`,
    type: 'refund.approved',
    version: REFUND_EVENT_VERSION,
    occurredAt: entry.at,
    refund: { ...essentials(after), status: 'APPROVED' },
    previousStatus: before.status,
  };
  return [approved, { ...event, previousStatus: 'APPROVED' }];
}
