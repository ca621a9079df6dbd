/**
 * The daily reconciliation report: an EventBridge Scheduler schedule runs the DailyReport function once a day at
 * 09:00 China time (`scheduleExpressionTimezone` Asia/Shanghai, no daylight saving), which e-mails yesterday's report
 * to the finance topic. Retries and duplicate deliveries are harmless: the function sends each date's e-mail once
 * (a conditional `REPORT#<date>` item in the main table).
 */
import { type CfnElement, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { EVENT_FUNCTIONS } from '../../functions/manifest.ts';
import { type Bindable, bindNeeds } from './bindings.ts';
import { RefundFunction } from './refund-function.ts';

/** When the report goes out: 09:00 every day, China time (the hour finance starts). */
export const DAILY_REPORT_SCHEDULE = { hour: '9', minute: '0', timeZone: 'Asia/Shanghai' } as const;

export interface DailyReportProps extends Bindable {
  deadLetters: IQueue;
}

/**
 * Adds the DailyReport function and its schedule to `scope` (the Monitoring construct, next to the monitor and its
 * schedule), so the function's construct path is `…/Monitoring/DailyReport` like the monitor's.
 */
export function addDailyReport(scope: Construct, props: DailyReportProps): RefundFunction {
  const { deadLetters, ...bindable } = props;
  const spec = EVENT_FUNCTIONS.DailyReport;
  const report = new RefundFunction(scope, spec.id, {
    entry: spec.entry,
    description: "E-mails finance yesterday's reconciliation report, once per day",
    timeout: Duration.minutes(2),
    deadLetterQueue: deadLetters,
  });
  bindNeeds(report.fn, spec.needs, bindable);
  new Schedule(scope, 'Daily', {
    schedule: ScheduleExpression.cron({
      hour: DAILY_REPORT_SCHEDULE.hour,
      minute: DAILY_REPORT_SCHEDULE.minute,
      timeZone: TimeZone.of(DAILY_REPORT_SCHEDULE.timeZone),
    }),
    description: "Sends finance yesterday's reconciliation report (09:00 China time)",
    target: new LambdaInvoke(report.fn, {
      input: ScheduleTargetInput.fromObject({}),
      deadLetterQueue: deadLetters,
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
    }),
  });
  const fnId = Stack.of(scope).getLogicalId(report.fn.node.defaultChild as CfnElement);
  Validations.of(Stack.of(scope)).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
    reason: 'The scheduler role may invoke the daily report function and its versions, nothing else.',
  });
  return report;
}
