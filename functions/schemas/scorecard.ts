/** Scorecard contracts: `GET /v1/merchant/scorecard`'s query and answers (app/scorecard.ts). */
import * as z from 'zod/mini';
import { METRICS } from '../domain/scorecard/metrics.ts';
import { SCORECARD_RULES } from '../domain/scorecard/tiers.ts';
import { pageLimit } from './common.ts';

const period = (description: string) =>
  z.optional(
    z
      .string()
      .check(z.regex(/^\d{4}-\d{2}(?:-\d{2})?$/))
      .register(z.globalRegistry, { description }),
  );

/** `?from=&to=&merchantId=&limit=&cursor=`: months or China dates (a date means its month). */
export const scorecardQuerySchema = z.strictObject({
  from: period(
    'First month (YYYY-MM, or a date YYYY-MM-DD meaning its month), calendar months in China time. Default: this month.',
  ),
  to: period('Last month, included (as `from`). Default: `from`. At most 12 months, not after this month.'),
  merchantId: z.optional(
    z.string().check(z.minLength(1), z.maxLength(128)).register(z.globalRegistry, {
      description:
        'Finance: whose scorecard. Without it, finance lists every merchant of one month. A merchant may only name its own (403 otherwise).',
    }),
  ),
  limit: z.optional(pageLimit(100)),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

const rate = z.object({ value: z.nullable(z.number()), count: z.number(), of: z.number() });
const month = z.string();

export const scorecardSchema = z.object({
  merchantId: z.string(),
  from: month,
  to: month,
  counts: z.object({
    orders: z.number(),
    refunds: z.number(),
    asked: z.number(),
    answered: z.number(),
    timedOut: z.number(),
    disputes: z.number(),
    disputesLost: z.number(),
  }),
  refundRate: rate,
  medianResponseSeconds: z.object({ value: z.nullable(z.number()), answered: z.number() }),
  timeoutRate: rate,
  disputeRate: rate,
  disputeLossRate: rate,
});

const condition = z.object({
  metric: z.enum(METRICS),
  test: z.enum(['ABOVE', 'WITHIN']),
  limit: z.number(),
  value: z.nullable(z.number()),
});

export const termsSchema = z.object({
  tier: z.string(),
  judgedOn: z.object({ months: z.array(month), asked: z.number(), minRequests: z.number() }),
  because: z.array(condition),
  consequences: z.array(
    z.object({
      rule: z.enum(Object.values(SCORECARD_RULES) as [string, ...string[]]),
      seconds: z.optional(z.number()),
      insteadOf: z.optional(z.number()),
    }),
  ),
  changeWhen: z.array(condition),
});

export const merchantScorecardSchema = z.object({ ...scorecardSchema.shape, terms: termsSchema });

export const scorecardListSchema = z.object({
  from: month,
  to: month,
  items: z.array(scorecardSchema),
  cursor: z.optional(z.string()),
});
