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
import { ValidationFailed } from '../domain/errors.ts';
import { EVENT_FUNCTIONS, requireEnvironment } from '../manifest.ts';
import { entryHandler } from '../observability/invocation.ts';

requireEnvironment(EVENT_FUNCTIONS.DailyReport);

const deps = wire({
  ledger: () => new DynamoLedgerStore(),
  alerts: () => new DynamoAlertStore(),
  notifier: () => new SnsNotifier(),
  reports: () => new DynamoReportLog(),
  clock: wallClock,
});

/**
 * The scheduler's input: `{ "report": "daily" }` (yesterday) or a China date. Anything else is a mistake, refused.
 * The `report` tag lets `npm run ops -- redrive` tell a failed report event from a failed monitor event.
 */
const eventSchema = z.strictObject({
  report: z.optional(z.literal('daily')),
  /** The scheduler's execution id and scheduled time: the run's correlation id (as for the monitor). */
  id: z.optional(z.string()),
  time: z.optional(z.string()),
  date: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
});

export const handler = entryHandler(
  { fn: 'DailyReport', correlationId: (event: unknown) => eventSchema.safeParse(event ?? {}).data?.id },
  async (event: unknown): Promise<DailyReportRun> => {
    const parsed = eventSchema.safeParse(event ?? {});
    if (!parsed.success) {
      throw new ValidationFailed('the daily report event is { "report"?: "daily", "date"?: "YYYY-MM-DD" }');
    }
    const { date, time } = parsed.data;
    return sendDailyReport(deps, date ? { date } : { scheduledAt: time });
  },
);
