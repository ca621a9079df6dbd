/**
 * What each route accepts and answers, keyed by the route id in ./routes.ts, as zod schemas: the same schemas the
 * handlers parse with. The OpenAPI generator (./openapi.ts) reads this map; a route without an entry shows up in the
 * document undocumented and the OpenAPI test names it.
 */
import * as z from 'zod/mini';
import { errorSchema, id } from '../schemas/common.ts';
import { evidenceGrantSchema, evidenceReadSchema, evidenceRequestSchema } from '../schemas/evidence.ts';
import { putOrderSchema } from '../schemas/order.ts';
import {
  createRefundSchema,
  idempotencyKeySchema,
  merchantRefundListSchema,
  refundListQuerySchema,
  refundListSchema,
  refundSchema,
} from '../schemas/refund.ts';
import { healthSchema, orderSchema, refundOptionsSchema } from '../schemas/responses.ts';
import type { Contract } from './contract.ts';
import { ANALYTICS_CONTRACTS } from './contracts-analytics.ts';
import { INSPECTION_CONTRACTS } from './contracts-inspection.ts';
import { NOTIFICATION_CONTRACTS } from './contracts-notifications.ts';
import { ORDER_CONTRACTS } from './contracts-orders.ts';
import { PEOPLE_CONTRACTS } from './contracts-people.ts';
import { RECOVERY_CONTRACTS } from './contracts-recovery.ts';
import { RETURN_ADDRESS_CONTRACTS } from './contracts-return-address.ts';
import { SCORECARD_CONTRACTS } from './contracts-scorecard.ts';
import { THREAD_CONTRACTS } from './contracts-thread.ts';

export type { Contract } from './contract.ts';

type Schema = z.ZodMiniType;

/** Named schemas: they become `#/components/schemas/<name>` and every use is a `$ref`. */
export const COMPONENTS: Record<string, Schema> = {
  Error: errorSchema,
  Order: orderSchema,
  OrderFacts: putOrderSchema,
  Refund: refundSchema,
  RefundList: refundListSchema,
  RefundApplication: createRefundSchema,
  RefundOptions: refundOptionsSchema,
  EvidenceRequest: evidenceRequestSchema,
  EvidenceUpload: evidenceGrantSchema,
  EvidenceRead: evidenceReadSchema,
  MerchantRefundList: merchantRefundListSchema,
};

const err = (description: string) => ({ description, schema: errorSchema });
const bad = err('Bad input (VALIDATION_FAILED, MALFORMED_JSON, MALFORMED_BODY); nothing was written');
const unauthorized = err('Missing or bad bearer token');
const forbidden = err('The role may not call this route');
const notFound = err("Unknown, or not the caller's (never revealed)");

export const CONTRACTS: Record<string, Contract> = {
  Health: { summary: 'Liveness check', responses: { 200: { description: 'Up', schema: healthSchema } } },
  OpenApi: {
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) } },
  },
  PutOrder: {
    summary: 'Create or update the order projection (order system)',
    params: { orderId: id() },
    body: putOrderSchema,
    responses: {
      200: { description: 'Updated', schema: orderSchema },
      201: { description: 'Created', schema: orderSchema },
      400: bad,
      401: unauthorized,
      403: forbidden,
      409: err(
        'PAID_BELOW_REFUNDED (paidAmount below what is already refunded), ORDER_HELD_BY_REFUNDS (buyer, merchant, currency or payment method changed while refunds hold any of the order) or ITEMS_HELD_BY_REFUNDS (items changed while refunds hold any of the order)',
      ),
      413: err('BODY_TOO_LARGE'),
      422: err(
        'CURRENCY_NOT_SUPPORTED: the refund policy has no thresholds in this currency (details: currency, supported); nothing written',
      ),
    },
  },
  RefundOptions: {
    summary: 'What the buyer may apply for on this order, to build the form',
    params: { orderId: id() },
    headers: {
      'accept-language': { schema: z.string(), required: false, description: 'zh-CN (default) or en labels' },
    },
    responses: {
      200: { description: 'The options', schema: refundOptionsSchema },
      400: bad,
      401: unauthorized,
      403: forbidden,
      404: notFound,
      422: err('CURRENCY_NOT_SUPPORTED: an order recorded before its currency was refused; no thresholds to judge it'),
    },
  },
  CreateRefund: {
    summary: 'Apply for a refund (idempotent by Idempotency-Key)',
    headers: {
      'idempotency-key': {
        schema: idempotencyKeySchema,
        required: true,
        description:
          'Same key and body replay the first answer byte for byte (the key stays bound to its refund); another body is 422',
      },
    },
    body: createRefundSchema,
    responses: {
      201: {
        description:
          'Created and already decided by the rules (秒批): approved at once it is PAYOUT_PENDING with its decision and payout.promisedBy; otherwise status and nextStep say who must act and by when. A replay answers the first answer again.',
        schema: refundSchema,
      },
      400: bad,
      401: unauthorized,
      403: forbidden,
      404: notFound,
      409: err('REFUND_EXCEEDS_REFUNDABLE, ACTIVE_REFUND_EXISTS, NOTHING_REFUNDABLE or ORDER_CHANGED'),
      422: err(
        'Not offered by the refund options, nothing written: REASON_NOT_OFFERED (this reason, for this order and its goods), WINDOW_EXPIRED, ALREADY_REDEEMED (a redeemed voucher), DESTINATION_NOT_OFFERED; ITEMS_EXCEED_REFUNDABLE (more units than are left of a line), AMOUNT_EXCEEDS_ITEMS (more than the named units are worth), TOO_MANY_LINES; or IDEMPOTENCY_KEY_REUSED: the key was used with another body',
      ),
    },
  },
  GetRefund: {
    summary: "One of the caller's refunds",
    params: { refundId: id() },
    responses: { 200: { description: 'The refund', schema: refundSchema }, 401: unauthorized, 404: notFound },
  },
  ListRefunds: {
    summary: "The caller's refunds, newest first",
    query: refundListQuerySchema,
    responses: {
      200: { description: 'A page; pass `cursor` back for the next', schema: refundListSchema },
      400: bad,
      401: unauthorized,
    },
  },
  RequestEvidenceUpload: {
    summary: 'Register an evidence file and get a URL to PUT it to',
    params: { refundId: id() },
    body: evidenceRequestSchema,
    responses: {
      201: { description: 'PUT the file to uploadUrl with the given headers', schema: evidenceGrantSchema },
      400: bad,
      401: unauthorized,
      404: notFound,
      409: err('INVALID_STATE (refund closed) or EVIDENCE_LIMIT'),
    },
  },
  EvidenceReadUrl: {
    summary:
      "A five-minute URL to look at one evidence file: for the refund's buyer, its merchant and the reviewer holding its open task",
    params: { refundId: id(), evidenceId: id() },
    responses: {
      200: { description: 'GET url, without credentials, before expiresAt', schema: evidenceReadSchema },
      400: bad,
      401: unauthorized,
      403: forbidden,
      404: err('Unknown refund or evidence, or not one the caller may see (never revealed)'),
      409: err('EVIDENCE_NOT_UPLOADED: an upload URL was granted but no file arrived'),
    },
  },
  ...PEOPLE_CONTRACTS,
  ...INSPECTION_CONTRACTS,
  ...RECOVERY_CONTRACTS,
  ...THREAD_CONTRACTS,
  ...RETURN_ADDRESS_CONTRACTS,
  ...NOTIFICATION_CONTRACTS,
  ...ORDER_CONTRACTS,
  ...SCORECARD_CONTRACTS,
  ...ANALYTICS_CONTRACTS,
};
