/**
 * The daily reconciliation report: for one China day (Asia/Shanghai; yesterday by default) the ledger's movements,
 * reconciliation's differences and the unresolved alerts by age (functions/domain/ledger/daily-report.ts).
 * `buildDailyReport` serves the finance API; `sendDailyReport` is the scheduled run (functions/events/daily-report.ts)
 * that e-mails it to finance once per date, whatever the number of deliveries.
 */

import { ValidationFailed } from '../domain/errors.ts';
import { type DailyReport, dailyReport, dailyReportEmail } from '../domain/ledger/daily-report.ts';
import { cstDate } from '../domain/payout/calendar.ts';
import type { Ports } from '../ports/index.ts';
import { FINANCE_TIME_ZONE, financeWindow } from './day-window.ts';
import { readTouchedHistories } from './reconcile.ts';

export type DailyReportDeps = Pick<Ports, 'ledger' | 'alerts' | 'clock'>;
export type SendDailyReportDeps = DailyReportDeps & Pick<Ports, 'notifier' | 'reports'>;

const DAY_MS = 86_400_000;
/** How long a claimed send may take before another run may send instead (a run that crashed mid-way). */
export const SEND_LEASE_MS = 5 * 60_000;

/** Yesterday in China at `now`: the last whole day, the one a morning report is about. */
export function yesterdayInChina(now: Date): string {
  return cstDate(new Date(now.getTime() - DAY_MS).toISOString());
}

/**
 * The report of `date` (YYYY-MM-DD, a China day; yesterday by default). A date that does not exist or is after today
 * (China time) is refused (ValidationFailed, 400).
 */
export async function buildDailyReport(
  deps: DailyReportDeps,
  query: { date?: string | undefined },
): Promise<DailyReport> {
  const now = deps.clock.now();
  const date = query.date ?? yesterdayInChina(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new ValidationFailed('date must be a China date (YYYY-MM-DD)');
  const window = financeWindow({ from: date }, now, 1);
  if (date > cstDate(now.toISOString())) throw new ValidationFailed('date must not be after today (China time)');
  const [entries, alerts] = await Promise.all([
    readTouchedHistories(deps, window.fromDay, window.toDay),
    deps.alerts.listOpen(),
  ]);
  return dailyReport({
    date,
    timeZone: FINANCE_TIME_ZONE,
    from: window.from,
    to: window.to,
    generatedAt: now.toISOString(),
    entries,
    alerts,
  });
}

export interface DailyReportRun {
  date: string;
  /** False when the report of this date had already been sent (or another run is sending it). */
  sent: boolean;
  subject?: string;
  balanced?: boolean;
}

/**
 * Builds the report of `date` (by default the day before the schedule fired, `scheduledAt`, or before now) and
 * publishes it to finance, once per date: the send is claimed first (ReportLog), marked sent after the publish, and
 * released if the publish fails so a retry sends. A failed run redriven from the dead-letter queue a day or more later
 * carries its scheduled time, so it sends the day it was for, not the day before the redrive.
 */
export async function sendDailyReport(
  deps: SendDailyReportDeps,
  command: { date?: string | undefined; scheduledAt?: string | undefined } = {},
): Promise<DailyReportRun> {
  const now = deps.clock.now();
  const scheduled = command.scheduledAt === undefined ? Number.NaN : Date.parse(command.scheduledAt);
  if (command.scheduledAt !== undefined && Number.isNaN(scheduled)) {
    throw new ValidationFailed('the scheduled time is not an ISO-8601 time');
  }
  const date = command.date ?? yesterdayInChina(Number.isNaN(scheduled) ? now : new Date(scheduled));
  const report = await buildDailyReport(deps, { date });
  const at = now.toISOString();
  if (!(await deps.reports.claim(date, at, new Date(now.getTime() + SEND_LEASE_MS).toISOString()))) {
    return { date, sent: false };
  }
  const email = dailyReportEmail(report);
  try {
    await deps.notifier.publish('finance', {
      subject: email.subject,
      text: email.text,
      attributes: { kind: 'DAILY_REPORT', date },
    });
  } catch (error) {
    await deps.reports.release(date, deps.clock.now().toISOString());
    throw error;
  }
  await deps.reports.markSent(date, deps.clock.now().toISOString(), email.subject);
  return { date, sent: true, subject: email.subject, balanced: report.balanced };
}
