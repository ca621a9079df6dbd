/** The refund lifecycle engine: Step Functions in AWS, the in-process ASL runner locally. */
import type { Step } from '../domain/lifecycle.ts';

export interface Workflow {
  /**
   * Starts the lifecycle (the Standard state machine) for a refund that waits for a person, straight into the wait
   * `step` (what was decided: the wait and its timeout; every state entered is a billed transition, so the execution
   * does not read it again). Idempotent: the execution is named after the refund.
   */
  start(refundId: string, step: Step): Promise<void>;
  /**
   * Starts paying an approved refund (the Express payout workflow), without waiting for it. At least once: a repeat
   * pays nothing twice (app/pay-out.ts), so a retried application may start it again.
   */
  payout(refundId: string): Promise<void>;
  /** Resumes a `.waitForTaskToken` state. Throws TaskTokenInvalid when the token was already used or timed out. */
  resume(taskToken: string, output: Record<string, unknown>): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
  /** Stops the refund's execution (cancellation). Stopping a finished or unknown execution is not an error. */
  stop(refundId: string, cause: string): Promise<void>;
}

export class TaskTokenInvalid extends Error {
  override name = 'TaskTokenInvalid';
}
