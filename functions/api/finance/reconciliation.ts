/**
 * `GET /v1/finance/reconciliation?from=&to=` (role finance): what was sent against what providers confirmed, per
 * provider, method and China day, with the refunds finance must chase (app/reconcile.ts). At most 7 days; today by
 * default.
 */
import { DynamoLedgerStore } from '../../adapters/dynamodb/ledger-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { reconcileWindow } from '../../app/reconcile.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { reconciliationQuerySchema } from '../../schemas/ledger.ts';

const deps = wire({ ledger: () => new DynamoLedgerStore(), clock: wallClock });

export const handler = httpHandler({ fn: 'FinanceReconciliation' }, async ({ event }) => {
  const query = parse(reconciliationQuerySchema, event.queryStringParameters ?? {}, 'query');
  return { statusCode: 200, body: await reconcileWindow(deps, query) };
});
