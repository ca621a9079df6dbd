/**
 * `GET /v1/analytics/refunds?from=&to=&groupBy=&merchantId=` (roles finance, merchant): refunds applied for in a
 * period, grouped by one dimension, from the aggregates refund events keep (app/refund-analytics.ts). With
 * `Accept: text/csv`, the same answer as CSV, like the finance exports.
 */
import { DynamoAnalyticsStore } from '../../adapters/dynamodb/analytics-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { readRefundAnalytics } from '../../app/refund-analytics.ts';
import { analyticsCsvRows } from '../../domain/analytics/csv-rows.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { analyticsQuerySchema } from '../../schemas/analytics.ts';
import { csvReply, wantsCsv } from '../finance/csv.ts';

const deps = wire({ analytics: () => new DynamoAnalyticsStore(), clock: wallClock });

export const handler = httpHandler({ fn: 'AnalyticsRefunds' }, async ({ event, principal }) => {
  const query = parse(analyticsQuerySchema, event.queryStringParameters ?? {}, 'query');
  const report = await readRefundAnalytics(deps, principal, query);
  if (wantsCsv(event)) {
    const name = `refunds-by-${report.groupBy}-${report.from}_${report.to}.csv`;
    return csvReply(analyticsCsvRows(report), name);
  }
  return { statusCode: 200, body: report };
});
