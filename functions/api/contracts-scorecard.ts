/**
 * Contract of the merchant scorecard route (issue 20). Same shape as ./contracts.ts, which merges it in.
 */
import * as z from 'zod/mini';
import { errorSchema } from '../schemas/common.ts';
import { merchantScorecardSchema, scorecardListSchema, scorecardQuerySchema } from '../schemas/scorecard.ts';
import type { Contract } from './contract.ts';

const err = (description: string) => ({ description, schema: errorSchema });

export const SCORECARD_CONTRACTS: Record<string, Contract> = {
  MerchantScorecard: {
    summary:
      "A merchant's refund rate, median response time, timeout, dispute and dispute-loss rates over China months, " +
      'with its tier and what the tier changes; finance reads any merchant, or lists one month',
    query: scorecardQuerySchema,
    responses: {
      200: {
        description:
          "One merchant's scorecard with its terms (a merchant's own; finance with merchantId), or finance's page " +
          'of every merchant of one month',
        schema: z.union([merchantScorecardSchema, scorecardListSchema]),
      },
      400: err(
        'VALIDATION_FAILED: a bad month or date, to before from or after this month, more than 12 months, a list ' +
          'over more than one month, a bad cursor, or limit/cursor from a merchant',
      ),
      401: err('Missing or bad bearer token'),
      403: err("The role may not call this route, or a merchant naming another merchant's id"),
    },
  },
};
