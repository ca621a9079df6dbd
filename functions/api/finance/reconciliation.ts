/**
 * `GET /v1/finance/reconciliation?from=&to=` (role finance): what was sent against what providers confirmed, per
 * provider, method and China day, with the refunds finance must chase (app/reconcile.ts). At most 7 days; today by
 * default. With `Accept: text/csv`, the same report as CSV rows (GROUP, TOTAL and ISSUE; ./csv.ts).
 */
import { DynamoLedgerStore } from '../../adapters/dynamodb/ledger-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { reconcileWindow } from '../../app/reconcile.ts';
import { reconciliationCsvRows } from '../../domain/ledger/csv-rows.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { reconciliationQuerySchema } from '../../schemas/ledger.ts';
import { csvReply, wantsCsv } from './csv.ts';

const deps = wire({ ledger: () => new DynamoLedgerStore(), clock: wallClock });

export const handler = httpHandler({ fn: 'FinanceReconciliation' }, async ({ event }) => {
  const query = parse(reconciliationQuerySchema, event.queryStringParameters ?? {}, 'query');
  const report = await reconcileWindow(deps, query);
  if (wantsCsv(event)) {
    const name =
      report.from === report.to
        ? `reconciliation-${report.from}.csv`
        : `reconciliation-${report.from}_${report.to}.csv`;
    return csvReply(reconciliationCsvRows(report), name);
  }
  return { statusCode: 200, body: report };
});
