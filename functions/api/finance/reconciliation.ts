/**
 * `GET /v1/finance/reconciliation?from=&to=` (role finance): what was sent against what providers confirmed, per
 * provider, method and CST day, with the refunds finance must chase. A window of at most 7 days.
 */
import { DynamoLedgerStore } from '../../adapters/dynamodb/ledger-store.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { reconcileDays } from '../../finance/reconcile-days.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { reconciliationQuerySchema } from '../../schemas/ledger.ts';
import { dayWindow } from './ledger.ts';

defaultAdapter('ledger', () => new DynamoLedgerStore());

export const handler = httpHandler({ fn: 'FinanceReconciliation' }, async ({ event }) => {
  const query = parse(reconciliationQuerySchema, event.queryStringParameters ?? {}, 'query');
  const { from, to } = dayWindow(query.from, query.to, 7);
  return { statusCode: 200, body: { from, to, ...(await reconcileDays(adapter('ledger'), from, to)) } };
});
