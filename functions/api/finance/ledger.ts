/**
 * `GET /v1/finance/ledger?from=&to=&cursor=&limit=` (role finance): ledger entries in a window of China dates or ISO
 * times, today by default (app/read-ledger.ts).
 */
import { DynamoLedgerStore } from '../../adapters/dynamodb/ledger-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { readLedger } from '../../app/read-ledger.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { ledgerQuerySchema } from '../../schemas/ledger.ts';

const deps = wire({ ledger: () => new DynamoLedgerStore(), clock: wallClock });

export const handler = httpHandler({ fn: 'FinanceLedger' }, async ({ event }) => {
  const query = parse(ledgerQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await readLedger(deps, {
    from: query.from,
    to: query.to,
    cursor: query.cursor,
    limit: Number(query.limit ?? 100),
  });
  return { statusCode: 200, body: page };
});
