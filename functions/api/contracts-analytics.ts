/**
 * Contract of the refund analytics route (issue 20). Same shape as ./contracts.ts, which merges it in.
 */
import { ANALYTICS_CSV_COLUMNS } from '../domain/analytics/csv-rows.ts';
import { MAX_ANALYTICS_DAYS } from '../domain/analytics/report.ts';
import { analyticsQuerySchema, refundAnalyticsSchema } from '../schemas/analytics.ts';
import { errorSchema } from '../schemas/common.ts';
import type { Contract } from './contract.ts';

const err = (description: string) => ({ description, schema: errorSchema });

export const ANALYTICS_CONTRACTS: Record<string, Contract> = {
  AnalyticsRefunds: {
    summary:
      'Refunds applied for over a period of China dates, grouped by reason, category, sku, merchant or scenario: ' +
      'counts, amounts, instant share, time-to-decision and time-to-money percentiles, dispute outcomes ' +
      '(finance: the platform or one merchant; a merchant: its own)',
    query: analyticsQuerySchema,
    responses: {
      200: {
        description: 'The total and each group, most applications first',
        schema: refundAnalyticsSchema,
        csv: {
          columns: ANALYTICS_CSV_COLUMNS,
          description:
            'With Accept: text/csv, the same answer as CSV: the total (key ALL) then one row per group; amounts in ' +
            'integer minor units and as a decimal, shares as fractions, durations in seconds (empty: none measured).',
        },
      },
      400: err(
        `VALIDATION_FAILED: a bad groupBy or date, to before from or after today, more than ${MAX_ANALYTICS_DAYS} days`,
      ),
      401: err('Missing or bad bearer token'),
      403: err("The role may not call this route, or a merchant naming another merchant's id"),
    },
  },
};
