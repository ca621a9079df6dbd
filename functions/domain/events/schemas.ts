/**
 * The JSON Schema (draft 2020-12) of each refund event type, built from the same lists as the events themselves
 * (./refund-event.ts, ../vocabulary.ts) so a new status or reason cannot drift from its schema. `npm run
 * events:schemas` writes them to events/schemas/<type>.json, where integrators read them; a unit test checks the
 * files are what this builds and that every emitted event validates. Each file stands alone (no cross-file $ref),
 * and refuses properties it does not name, so no field (least of all a buyer's personal data) slips out unnoticed.
 */
import { DESTINATIONS, PAYMENT_METHODS, REASONS, type RefundStatus, SCENARIOS, STATUSES } from '../vocabulary.ts';
import {
  CLOSE_REASONS,
  REFUND_EVENT_TYPES,
  REFUND_EVENT_VERSION,
  type RefundEventType,
  STATUS_EVENT,
} from './refund-event.ts';

/** Where the schemas are published; each schema's `$id` is `<base><type>.json`. */
export const EVENT_SCHEMA_BASE = 'https://refund-pipeline.example/events/schemas/';

const DESCRIPTIONS: Readonly<Record<RefundEventType, string>> = {
  'refund.submitted': 'A buyer applied for a refund; the rules engine assesses it next.',
  'refund.merchant_review_requested': 'The refund waits for the merchant to approve, reject or offer part of it.',
  'refund.review_requested':
    'The platform reviews the refund (a flagged application, a returned item not as expected, or a dispute).',
  'refund.inspection_requested':
    "The returned goods went to a third-party inspector, who checks them against the buyer's claim.",
  'refund.evidence_requested': 'The buyer is asked for evidence (photos, a waybill, a receipt) before a decision.',
  'refund.return_requested': 'The buyer is to send the goods back before the refund is paid.',
  'refund.return_shipped': 'The buyer shipped the return; the merchant confirms it arrived.',
  'refund.offer_made': 'The merchant offered part of the amount; the buyer accepts or declines.',
  'refund.approved': 'The refund was approved; the payout follows.',
  'refund.rejected':
    'The refund was rejected: by the merchant (final false: the buyer may dispute) or by a ruling (final true).',
  'refund.payout_sent': 'The payout was recorded and is being sent to the payment channel.',
  'refund.paid': 'The payment channel confirmed the money arrived: the refund is complete.',
  'refund.payout_failed':
    'The payment channel refused or failed the payout; finance retries or the buyer switches to balance.',
  'refund.closed':
    'The refund ended unpaid (cancelled, a deadline passed, or a rejection became final); closeReason says why.',
};

/** Statuses a refund can be in after each event. */
function statusesAfter(type: RefundEventType): RefundStatus[] {
  if (type === 'refund.closed') return ['CANCELLED', 'REJECTED'];
  return STATUSES.filter((s) => STATUS_EVENT[s] === type);
}

const PAYOUT_TYPES: ReadonlySet<RefundEventType> = new Set([
  'refund.payout_sent',
  'refund.paid',
  'refund.payout_failed',
]);

/** The schema of one event type. */
export function refundEventSchema(type: RefundEventType): Record<string, unknown> {
  const statuses = statusesAfter(type);
  const properties: Record<string, unknown> = {
    id: { type: 'string', minLength: 1, description: 'Stable per change: de-duplicate on it.' },
    type: { const: type },
    version: { const: REFUND_EVENT_VERSION },
    occurredAt: { type: 'string', format: 'date-time' },
    refund: {
      type: 'object',
      additionalProperties: false,
      required: [
        'refundId',
        'orderId',
        'merchantId',
        'userId',
        'amount',
        'currency',
        'reason',
        'scenario',
        'destination',
        'status',
      ],
      properties: {
        refundId: { type: 'string', minLength: 1 },
        orderId: { type: 'string', minLength: 1 },
        merchantId: { type: 'string', minLength: 1 },
        userId: { type: 'string', minLength: 1, description: 'The buyer, by id only.' },
        amount: { type: 'integer', minimum: 0, description: 'Minor units (fen, cents).' },
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        reason: { enum: [...REASONS] },
        scenario: { enum: [...SCENARIOS] },
        destination: { enum: [...DESTINATIONS] },
        status: statuses.length === 1 ? { const: statuses[0] } : { enum: statuses },
      },
    },
    previousStatus:
      type === 'refund.submitted'
        ? { type: 'null' }
        : { enum: STATUSES.filter((s) => !statuses.includes(s) || type === 'refund.closed') },
  };
  const required = ['id', 'type', 'version', 'occurredAt', 'refund', 'previousStatus'];
  if (type === 'refund.rejected') {
    properties.final = {
      type: 'boolean',
      description: 'false: the buyer may still dispute; true: the rejection is final.',
    };
    required.push('final');
  }
  if (type === 'refund.closed') {
    properties.closeReason = { enum: [...CLOSE_REASONS] };
    required.push('closeReason');
  }
  if (PAYOUT_TYPES.has(type)) {
    properties.payout = {
      type: 'object',
      additionalProperties: false,
      required: ['method', 'amount'],
      properties: {
        method: { enum: [...PAYMENT_METHODS, 'COUPON'] },
        amount: { type: 'integer', minimum: 0, description: 'Minor units sent (paid: what the channel settled).' },
        providerRef: { type: 'string', minLength: 1, description: "The payment channel's reference, once it has one." },
        failureReason: { type: 'string', description: "The channel's failure code (payout_failed)." },
      },
    };
    required.push('payout');
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${EVENT_SCHEMA_BASE}${type}.json`,
    title: type,
    description: DESCRIPTIONS[type],
    type: 'object',
    additionalProperties: false,
    required,
    properties,
  };
}

/** Every event type's schema, by type. */
export function refundEventSchemas(): Record<RefundEventType, Record<string, unknown>> {
  return Object.fromEntries(REFUND_EVENT_TYPES.map((t) => [t, refundEventSchema(t)])) as Record<
    RefundEventType,
    Record<string, unknown>
  >;
}
