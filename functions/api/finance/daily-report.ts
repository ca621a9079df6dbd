/**
 * `GET /v1/finance/reports/daily?date=YYYY-MM-DD` (role finance): the daily reconciliation report of one China day,
 * yesterday by default (app/daily-report.ts), the one e-mailed every morning. JSON, or CSV with `Accept: text/csv`.
 */
import { DynamoAlertStore } from '../../adapters/dynamodb/alert-store.ts';
import { DynamoLedgerStore } from '../../adapters/dynamodb/ledger-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { buildDailyReport } from '../../app/daily-report.ts';
import { dailyReportCsvRows } from '../../domain/ledger/daily-report.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { dailyReportQuerySchema } from '../../schemas/report.ts';
import { csvReply, wantsCsv } from './csv.ts';

const deps = wire({ ledger: () => new DynamoLedgerStore(), alerts: () => new DynamoAlertStore(), clock: wallClock });

export const handler = httpHandler({ fn: 'FinanceDailyReport' }, async ({ event }) => {
  const query = parse(dailyReportQuerySchema, event.queryStringParameters ?? {}, 'query');
  const report = await buildDailyReport(deps, { date: query.date });
  if (wantsCsv(event)) return csvReply(dailyReportCsvRows(report), `refund-report-${report.date}.csv`);
  return { statusCode: 200, body: report };
});
