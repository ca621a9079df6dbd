/**
 * Scheduled daily report (EventBridge Scheduler once a day, 09:00 China time; a timer locally, or
 * `POST /local/report/run`): e-mails finance yesterday's reconciliation report (app/daily-report.ts), once per date
 * however often the schedule fires. An event `{ "date": "YYYY-MM-DD" }` reports that China day instead (a re-run by
 * hand); a date already sent is not sent again.
 */
import * as z from 'zod/mini';
import { DynamoAlertStore } from '../adapters/dynamodb/alert-store.ts';
import { DynamoLedgerStore } from '../adapters/dynamodb/ledger-store.ts';
import { DynamoReportLog } from '../adapters/dynamodb/report-log.ts';
import { wallClock, wire } from '../adapters/index.ts';
import { SnsNotifier } from '../adapters/sns/notifier.ts';
import { type DailyReportRun, sendDailyReport } from '../app/daily-report.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { ValidationFailed } from '../domain/errors.ts';

requireEnvironmentOf('DailyReport');

const deps = wire({
  ledger: () => new DynamoLedgerStore(),
  alerts: () => new DynamoAlertStore(),
  notifier: () => new SnsNotifier(),
  reports: () => new DynamoReportLog(),
  clock: wallClock,
});

/** The scheduler's input: nothing (yesterday) or a China date. Anything else is a mistake, refused. */
const eventSchema = z.object({ date: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))) });

export async function handler(event: unknown): Promise<DailyReportRun> {
  const parsed = eventSchema.safeParse(event ?? {});
  if (!parsed.success) throw new ValidationFailed('the daily report event is { "date"?: "YYYY-MM-DD" }');
  return sendDailyReport(deps, parsed.data.date ? { date: parsed.data.date } : {});
}
