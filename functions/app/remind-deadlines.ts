/**
 * Tells merchants, once, that a deadline of theirs lapses within two hours (DEADLINE_SOON): part of each monitor run
 * (events/monitor.ts, every 5 minutes). The source reads only the refunds waiting for their merchant (sparse state
 * index), the domain says which reminders are due (domain/notifications/deadline-reminder.ts), and a conditional
 * write on the refund marks each reminder before it is sent, so two runs, a retried run or two concurrent runs never
 * send it twice (the run that loses the write sends nothing). A reminder whose sending fails is not retried: at most
 * once, like the other notices (app/send-notice.ts), which also keeps it in the merchant's message centre.
 */
import { dueReminder, outcomeAtDeadline, REMINDER_LEAD_SECONDS } from '../domain/notifications/deadline-reminder.ts';
import { logger } from '../observability/logger.ts';
import type { Ports } from '../ports/index.ts';
import { notifyMerchant } from './notify-merchant.ts';

export type RemindDeadlinesDeps = Pick<Ports, 'monitoring' | 'store' | 'notifier' | 'inbox' | 'clock' | 'policy'>;

export interface ReminderRunSummary {
  /** Refunds the source returned (waiting for their merchant, deadline within the lead, not yet reminded). */
  candidates: number;
  /** Reminders this run marked and sent. */
  reminded: number;
  /** Reminders another run had already marked, or refunds that moved on since they were read. */
  skipped: number;
}

export async function remindDeadlines(deps: RemindDeadlinesDeps): Promise<ReminderRunSummary> {
  const now = deps.clock.now().toISOString();
  const refunds = await deps.monitoring.merchantDeadlines(now, REMINDER_LEAD_SECONDS);
  const summary: ReminderRunSummary = { candidates: refunds.length, reminded: 0, skipped: 0 };
  for (const refund of refunds) {
    const due = dueReminder(refund, now);
    if (!due) continue;
    if (!(await deps.store.markReminded(refund.refundId, due.step, due.dueBy))) {
      summary.skipped += 1;
      continue;
    }
    // One message per refund and deadline: the deadline tells this reminder apart in the message centre.
    await notifyMerchant(
      deps,
      'DEADLINE_SOON',
      refund,
      { outcome: outcomeAtDeadline(refund, deps.policy) },
      { at: now, key: due.dueBy },
    );
    summary.reminded += 1;
  }
  if (summary.candidates) logger.info('merchant deadline reminders', { ...summary });
  return summary;
}
