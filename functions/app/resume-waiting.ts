/**
 * Resuming a waiting refund exactly once. The caller's change and the new step are written together with the
 * removal of the task token (a conditional write), so of two concurrent callers only one gets the token; the
 * other gets 409 NOT_WAITING; an approval records the payout it owes in the same write (app/pay-out.ts
 * `claimWaitWithPayout`). Then the state machine is resumed with the step. `reduceTo` shrinks the refund in the
 * same write (an accepted partial offer, see RefundStore.claimWait). A person's action (every caller but the
 * evidence's re-assessment, `afterDeadline`) is refused with NOT_WAITING once the wait's deadline has passed, even
 * before the workflow's timeout has claimed the wait.
 */
import { type StepOutcome, stepFor, type Wait } from '../domain/lifecycle.ts';
import type { Refund } from '../domain/refund.ts';
import { logger } from '../observability/logger.ts';
import type { Ports } from '../ports/index.ts';
import type { ClaimOptions, RefundChange } from '../ports/refund-store.ts';
import { TaskTokenInvalid } from '../ports/workflow.ts';
import { claimWaitWithPayout } from './pay-out.ts';

export async function resumeWaiting(
  deps: Pick<Ports, 'store' | 'workflow' | 'policy'>,
  refund: Refund,
  waits: readonly Wait[],
  next: StepOutcome,
  change: RefundChange,
  options: Omit<ClaimOptions, 'release' | 'actedAt'> & { afterDeadline?: boolean } = {},
): Promise<void> {
  const { afterDeadline, ...claim } = options;
  // A person's action counts only before the wait's deadline; after it, the timeout decides (ClaimOptions.actedAt).
  const actedAt = afterDeadline ? undefined : change.event?.at;
  const token = await claimWaitWithPayout(
    deps,
    refund,
    waits,
    { ...change, step: next },
    { release: next === 'END', ...claim, ...(actedAt ? { actedAt } : {}) },
  );
  try {
    await deps.workflow.resume(token, { ...stepFor(next, deps.policy) });
  } catch (error) {
    // The wait timed out at the same moment: the timeout path finds the token gone and continues from what
    // this caller wrote, so the action still takes effect.
    if (!(error instanceof TaskTokenInvalid)) throw error;
    logger.warn('resumed a wait that had just timed out', { refundId: refund.refundId });
  }
}
