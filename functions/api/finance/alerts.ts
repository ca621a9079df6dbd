/**
 * `GET /v1/finance/alerts?status=OPEN|ACKNOWLEDGED|RESOLVED&assignee=&cursor=&limit=` (role finance): the monitor's
 * alerts, newest first (app/list-alerts.ts).
 */
import { DynamoAlertStore } from '../../adapters/dynamodb/alert-store.ts';
import { wire } from '../../adapters/index.ts';
import { listAlerts } from '../../app/list-alerts.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { alertListQuerySchema } from '../../schemas/alert.ts';
import { presentAlert } from './present-alert.ts';

const deps = wire({ alerts: () => new DynamoAlertStore() });

export const handler = httpHandler({ fn: 'ListFinanceAlerts' }, async ({ event }) => {
  const query = parse(alertListQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await listAlerts(deps, {
    status: query.status,
    assignee: query.assignee,
    cursor: query.cursor,
    limit: query.limit ? Number(query.limit) : 50,
  });
  return {
    statusCode: 200,
    body: { items: page.items.map(presentAlert), ...(page.cursor ? { cursor: page.cursor } : {}) },
  };
});
