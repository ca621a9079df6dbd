/** The daily reconciliation report's contracts: its query and its JSON answer (functions/domain/ledger/daily-report.ts). */
import * as z from 'zod/mini';
import { currency, isoTime } from './common.ts';

/** `GET /v1/finance/reports/daily?date=`: one China day, yesterday by default. */
export const dailyReportQuerySchema = z.strictObject({
  date: z.optional(
    z
      .string()
      .check(z.regex(/^\d{4}-\d{2}-\d{2}$/))
      .register(z.globalRegistry, {
        description:
          'The day reported, a calendar date in China time (Asia/Shanghai, UTC+8). Default: yesterday, China time. ' +
          'Not after today.',
      }),
  ),
});

const count = () => z.int().check(z.minimum(0));
const tally = z.object({ count: count(), amount: z.int() });
const ages = { lessThan1h: count(), from1hTo24h: count(), moreThan24h: count() };

export const dailyReportSchema = z.object({
  date: z.string(),
  timeZone: z.string(),
  from: isoTime(),
  to: isoTime(),
  generatedAt: isoTime(),
  balanced: z.boolean(),
  currencies: z.array(
    z.object({
      currency: currency(),
      paid: tally,
      settled: tally,
      failed: tally,
      reversed: tally,
      outstanding: tally,
      difference: tally,
    }),
  ),
  groups: z.array(
    z.object({
      provider: z.string(),
      method: z.string(),
      day: z.string(),
      currency: currency(),
      sentCount: count(),
      sentAmount: z.int(),
      failedCount: count(),
      failedAmount: z.int(),
      settledCount: count(),
      settledAmount: z.int(),
      reversedCount: count(),
      reversedAmount: z.int(),
      differenceCount: z.int(),
      differenceAmount: z.int(),
    }),
  ),
  issues: z.array(
    z.object({
      kind: z.enum(['SENT_NOT_SETTLED', 'AMOUNT_MISMATCH', 'SETTLED_TWICE', 'SETTLED_WITHOUT_SEND']),
      refundId: z.string(),
      providerRef: z.optional(z.string()),
      currency: z.string(),
      sentAmount: z.optional(z.int()),
      settledAmount: z.optional(z.int()),
    }),
  ),
  alerts: z.object({
    total: count(),
    byAge: z.object(ages),
    byStatus: z.record(z.string(), count()),
    byKind: z.array(z.object({ kind: z.string(), total: count(), ...ages })),
    oldest: z.optional(z.object({ alertId: z.string(), kind: z.string(), detectedAt: isoTime() })),
  }),
});
