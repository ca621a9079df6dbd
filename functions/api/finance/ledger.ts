/**
 * `GET /v1/finance/ledger?from=&to=&cursor=&limit=` (role finance): ledger entries in a window of China dates or ISO
 * times, today by default (app/read-ledger.ts). With `Accept: text/csv`, the same page as CSV (./csv.ts), the next
 * page's cursor in the `x-next-cursor` header.
 */
import { DynamoLedgerStore } from '../../adapters/dynamodb/ledger-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { readLedger } from '../../app/read-ledger.ts';
import { ledgerCsvRows } from '../../domain/ledger/csv-rows.ts';
import { cstDate } from '../../domain/payout/calendar.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { ledgerQuerySchema } from '../../schemas/ledger.ts';
import { csvReply, wantsCsv } from './csv.ts';

const deps = wire({ ledger: () => new DynamoLedgerStore(), clock: wallClock });

export const handler = httpHandler({ fn: 'FinanceLedger' }, async ({ event }) => {
  const query = parse(ledgerQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await readLedger(deps, {
    from: query.from,
    to: query.to,
    cursor: query.cursor,
    limit: Number(query.limit ?? 100),
  });
  if (wantsCsv(event)) {
    const [first, last] = [cstDate(page.from), cstDate(page.to)];
    const name = first === last ? `ledger-${first}.csv` : `ledger-${first}_${last}.csv`;
    return csvReply(ledgerCsvRows(page.items), name, page.cursor ? { 'x-next-cursor': page.cursor } : {});
  }
  return { statusCode: 200, body: page };
});
