/** Ledger contracts: a stored/returned entry, and the finance queries over days. */
import * as z from 'zod/mini';
import { LEDGER_KINDS } from '../domain/ledger/entry.ts';
import { PAYMENT_METHODS } from '../domain/vocabulary.ts';
import { currency, isoTime, minorUnits, pageLimit } from './common.ts';

const day = () => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** One ledger entry; used to read stored items back without casts and to document the finance API. */
export const ledgerEntrySchema = z.object({
  entryId: z.string(),
  refundId: z.string(),
  kind: z.enum(LEDGER_KINDS),
  amount: minorUnits(),
  currency: currency(),
  provider: z.string(),
  method: z.enum([...PAYMENT_METHODS, 'COUPON']),
  providerRef: z.optional(z.string()),
  at: isoTime(),
  day: day(),
  orderId: z.optional(z.string()),
  detail: z.optional(z.string()),
});

/** `GET /v1/finance/ledger?from=&to=&cursor=&limit=`; `to` defaults to `from`. */
export const ledgerQuerySchema = z.strictObject({
  from: day(),
  to: z.optional(day()),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(pageLimit(500)),
});

/** `GET /v1/finance/reconciliation?from=&to=`: a window of CST days. */
export const reconciliationQuerySchema = z.strictObject({ from: day(), to: z.optional(day()) });
