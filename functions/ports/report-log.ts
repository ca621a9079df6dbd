/**
 * Which daily report e-mails were sent: one record per China date, so a schedule that fires twice (EventBridge
 * Scheduler delivers at least once, and retries) sends the e-mail once. The DynamoDB adapter keeps a `REPORT#<date>`
 * item in the main table, written conditionally.
 */
import type { IsoTime } from '../domain/vocabulary.ts';

export interface ReportLog {
  /**
   * Claims the right to send the report of `date`. True for exactly one caller: when nothing was recorded for the
   * date, or an earlier claim was released or its lease (`leaseUntil`) ran out before it was marked sent (a run that
   * crashed). False once the report was sent or while another run holds the claim.
   */
  claim(date: string, at: IsoTime, leaseUntil: IsoTime): Promise<boolean>;
  /** Records that the e-mail of `date` went out (the claim becomes final). */
  markSent(date: string, at: IsoTime, subject: string): Promise<void>;
  /** Gives the claim back after a failed send, so the next run (a retry) sends. */
  release(date: string, at: IsoTime): Promise<void>;
}
