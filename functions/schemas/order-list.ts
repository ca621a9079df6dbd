/** The buyer's orders list (`GET /v1/orders`, role buyer): its query and its page (domain/order-summary.ts). */
import * as z from 'zod/mini';
import { PAYMENT_METHODS, SCENARIOS, STATUSES } from '../domain/vocabulary.ts';
import { currency, id, isoTime, minorUnits, pageLimit } from './common.ts';
import { orderLineViewSchema } from './responses.ts';

export const orderListQuerySchema = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(pageLimit(100)),
});

export const orderSummarySchema = z.object({
  orderId: id(),
  merchantId: id(),
  currency: currency(),
  paidAmount: minorUnits(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  paidAt: isoTime(),
  /** The fulfillment state: NOT_SHIPPED, IN_TRANSIT or DELIVERED. */
  scenario: z.enum(SCENARIOS),
  items: z.array(orderLineViewSchema),
  /** The most one application may ask now (refund-options `maxAmount`); 0 when nothing is left. */
  refundableAmount: minorUnits(),
  /** The refund to follow: the newest still under way (`open`), else the newest that ended; absent if none. */
  refund: z.optional(
    z.object({ refundId: id(), status: z.enum(STATUSES), statusLabel: z.string(), open: z.boolean() }),
  ),
});

export const orderListSchema = z.object({ items: z.array(orderSummarySchema), cursor: z.optional(z.string()) });
