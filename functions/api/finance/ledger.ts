/** `GET /v1/finance/ledger?from=&to=&cursor=&limit=` (role finance): ledger entries by CST day, paginated. */
import { DynamoLedgerStore } from '../../adapters/dynamodb/ledger-store.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { ValidationFailed } from '../../domain/errors.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { ledgerQuerySchema } from '../../schemas/ledger.ts';

defaultAdapter('ledger', () => new DynamoLedgerStore());

/** Longest window one request may ask for, so a query stays bounded. */
export const MAX_DAYS = 31;
const DAY_MS = 86_400_000;

/** Validates a from/to window of real dates, in order, at most `max` days; shared with reconciliation. */
export function dayWindow(from: string, to: string | undefined, max: number): { from: string; to: string } {
  const end = to ?? from;
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${end}T00:00:00Z`);
  const real = (t: number, d: string) => !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  if (!real(a, from) || !real(b, end)) throw new ValidationFailed('from/to must be real dates (YYYY-MM-DD)');
  if (b < a) throw new ValidationFailed('to must not be before from');
  if ((b - a) / DAY_MS + 1 > max) throw new ValidationFailed(`at most ${max} days per request`);
  return { from, to: end };
}

export const handler = httpHandler({ fn: 'FinanceLedger' }, async ({ event }) => {
  const query = parse(ledgerQuerySchema, event.queryStringParameters ?? {}, 'query');
  const { from, to } = dayWindow(query.from, query.to, MAX_DAYS);
  const page = await adapter('ledger').listByDays(from, to, {
    limit: Number(query.limit ?? 100),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return { statusCode: 200, body: page };
});
