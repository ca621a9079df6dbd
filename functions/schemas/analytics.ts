/** Refund analytics contracts: `GET /v1/analytics/refunds`'s query and answer (app/refund-analytics.ts). */
import * as z from 'zod/mini';
import { MAX_ANALYTICS_DAYS } from '../domain/analytics/report.ts';
import { ANALYTICS_DIMENSIONS } from '../domain/analytics/tally.ts';

const day = (description: string) =>
  z.optional(
    z
      .string()
      .check(z.regex(/^\d{4}-\d{2}-\d{2}$/))
      .register(z.globalRegistry, { description }),
  );

/** `?from=&to=&groupBy=&merchantId=`: China dates, at most MAX_ANALYTICS_DAYS. */
export const analyticsQuerySchema = z.strictObject({
  groupBy: z.enum(ANALYTICS_DIMENSIONS).register(z.globalRegistry, {
    description:
      'What the refunds are grouped by: reason, category and sku per order line of the refund, scenario, merchant.',
  }),
  from: day(
    'First China date of applications (YYYY-MM-DD). Default: 29 days before `to`. Refunds are counted under the ' +
      'day they were applied for, so the period is one cohort.',
  ),
  to: day(
    `Last China date, included. Default: today. Not after today; at most ${MAX_ANALYTICS_DAYS} days per request.`,
  ),
  merchantId: z.optional(
    z.string().check(z.minLength(1), z.maxLength(128)).register(z.globalRegistry, {
      description: "Finance: one merchant's refunds only. A merchant may only name its own (403 otherwise).",
    }),
  ),
});

const durations = z.object({
  p50: z.nullable(z.number()),
  p90: z.nullable(z.number()),
  p99: z.nullable(z.number()),
  count: z.number(),
});

export const analyticsGroupSchema = z.object({
  key: z.string().register(z.globalRegistry, {
    description: 'The group: a reason, category or scenario code, a sku or a merchant id; ALL for the total.',
  }),
  applied: z.number(),
  appliedAmount: z.number().register(z.globalRegistry, { description: 'Minor units applied for.' }),
  paid: z.number(),
  paidAmount: z.number(),
  rejected: z.number(),
  closed: z.number(),
  instantShare: z
    .object({ value: z.nullable(z.number()), count: z.number(), of: z.number() })
    .register(z.globalRegistry, {
      description: 'Applications the rules approved at once (秒批), of the applications (value null without any).',
    }),
  timeToDecision: durations.register(z.globalRegistry, {
    description: 'Seconds from application to approval (paid refunds) or final rejection: percentiles.',
  }),
  timeToMoney: durations.register(z.globalRegistry, {
    description: 'Seconds from application to the money arriving (paid refunds): percentiles.',
  }),
  disputes: z.object({ disputed: z.number(), forBuyer: z.number(), forMerchant: z.number() }),
});

export const refundAnalyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(ANALYTICS_DIMENSIONS),
  merchantId: z.optional(z.string()),
  total: analyticsGroupSchema,
  groups: z.array(analyticsGroupSchema),
});
