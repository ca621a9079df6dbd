/**
 * Contract of the buyer's orders list (GET /v1/orders, docs/api.md "Buyer"). Same shape as ./contracts.ts, which
 * merges it in.
 */
import * as z from 'zod/mini';
import { errorSchema } from '../schemas/common.ts';
import { orderListQuerySchema, orderListSchema } from '../schemas/order-list.ts';
import type { Contract } from './contract.ts';

const err = (description: string) => ({ description, schema: errorSchema });

export const ORDER_CONTRACTS: Record<string, Contract> = {
  ListOrders: {
    summary:
      "The caller's orders, newest paid first: items, what is still refundable (in all and per line), the order's state and the refund to follow on it",
    headers: {
      'accept-language': { schema: z.string(), required: false, description: 'zh-CN (default) or en labels' },
    },
    query: orderListQuerySchema,
    responses: {
      200: { description: 'A page; pass `cursor` back for the next', schema: orderListSchema },
      400: err('Bad input (VALIDATION_FAILED): a cursor not from this list, or a bad limit; nothing was written'),
      401: err('Missing or bad bearer token'),
      403: err('The role may not call this route'),
    },
  },
};
