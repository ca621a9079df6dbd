/**
 * `GET /v1/finance/alerts?status=OPEN|CLOSED&cursor=&limit=` (role finance): the monitor's alerts, newest first
 * (app/list-alerts.ts).
 */
import { DynamoAlertStore } from '../../adapters/dynamodb/alert-store.ts';
import { wire } from '../../adapters/index.ts';
import { listAlerts } from '../../app/list-alerts.ts';
import type { AlertRecord } from '../../domain/monitoring/index.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { type Alert, alertListQuerySchema } from '../../schemas/alert.ts';

const deps = wire({ alerts: () => new DynamoAlertStore() });

/** docs/api.md names the detection time `detectedAt`; it is when this episode of the problem was first seen. */
export const presentAlert = (record: AlertRecord): Alert => ({ ...record, detectedAt: record.firstDetectedAt });

export const handler = httpHandler({ fn: 'ListFinanceAlerts' }, async ({ event }) => {
  const query = parse(alertListQuerySchema, event.queryStringParameters ?? {}, 'query');
  const page = await listAlerts(deps, {
    status: query.status,
    cursor: query.cursor,
    limit: query.limit ? Number(query.limit) : 50,
  });
  return {
    statusCode: 200,
    body: { items: page.items.map(presentAlert), ...(page.cursor ? { cursor: page.cursor } : {}) },
  };
});
