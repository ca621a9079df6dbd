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

/**
 * A finance window bound (app/day-window.ts): a China date, or an ISO time with an offset. The description is the
 * query parameter's in openapi.json.
 */
const bound = (description: string) =>
  z.optional(z.union([day(), z.iso.datetime({ offset: true })]).register(z.globalRegistry, { description }));

const DATE_MEANS =
  "A date (YYYY-MM-DD) is a calendar day in China time (Asia/Shanghai, UTC+8, the ledger's business day); " +
  'an ISO time needs its offset (Z or +08:00, the + sent as %2B).';

/** `GET /v1/finance/ledger?from=&to=&cursor=&limit=`: today (China time) by default. */
export const ledgerQuerySchema = z.strictObject({
  from: bound(`Start of the window. ${DATE_MEANS} A date starts at its 00:00 China time. Default: today, China time.`),
  to: bound(
    `End of the window, included. ${DATE_MEANS} A date ends at its 24:00 China time. ` +
      'Default: the end of the China day `from` falls in. At most 31 China days from `from`.',
  ),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(pageLimit(500)),
});

/** `GET /v1/finance/reconciliation?from=&to=`: whole China days, today by default. */
export const reconciliationQuerySchema = z.strictObject({
  from: bound(
    `First day reconciled. ${DATE_MEANS} Reconciliation works in whole China days: a time selects the day it ` +
      'falls in. Default: today, China time.',
  ),
  to: bound(`Last day reconciled, included (as \`from\`). Default: \`from\`'s day. At most 7 days.`),
});

/** The ledger page with the window it covered. */
export const ledgerPageSchema = z.object({
  items: z.array(ledgerEntrySchema),
  cursor: z.optional(z.string()),
  /** The instants the window covered, both included (ISO UTC): what a date given as from/to meant. */
  from: isoTime(),
  to: isoTime(),
  /** The time zone dates are read in: Asia/Shanghai. */
  timeZone: z.string(),
});
