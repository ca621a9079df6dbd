/** The order projection pushed by the order system (`PUT /v1/orders/{orderId}`, role `system`). */
import * as z from 'zod/mini';
import { CATEGORIES, PAYMENT_METHODS, SCENARIOS } from '../domain/vocabulary.ts';
import { currency, id, isoTime, minorUnits, positiveMinorUnits, text } from './common.ts';

export const orderItemSchema = z.strictObject({
  sku: id(),
  name: text(200).check(z.minLength(1)),
  category: z.enum(CATEGORIES),
  unitPrice: minorUnits(),
  quantity: z.int().check(z.minimum(1), z.maximum(10_000)),
});

export const putOrderSchema = z.strictObject({
  userId: id(),
  merchantId: id(),
  currency: currency(),
  paidAmount: positiveMinorUnits(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  /** The payment channel's own id of the payment (Alipay `trade_no`, WeChat Pay `transaction_id`). */
  paymentRef: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  paidAt: isoTime(),
  // One line per sku: refunds hold and count units by sku, so a second line of the same sku would be a second bound on it.
  items: z.array(orderItemSchema).check(
    z.minLength(1),
    z.maxLength(200),
    z.refine(
      (items) => new Set(items.map((i) => i.sku)).size === items.length,
      'each sku appears once (one line per sku, with its quantity)',
    ),
  ),
  fulfillment: z.strictObject({
    status: z.enum(SCENARIOS),
    carrier: z.optional(text(40)),
    trackingNumber: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{6,40}$/))),
    shippedAt: z.optional(isoTime()),
    deliveredAt: z.optional(isoTime()),
  }),
  buyer: z.optional(
    z.strictObject({
      creditScore: z.optional(z.int().check(z.minimum(0), z.maximum(1000))),
      accountCreatedAt: z.optional(isoTime()),
    }),
  ),
  redeemed: z.optional(z.boolean()),
});
export type PutOrderBody = z.infer<typeof putOrderSchema>;
