/**
 * A reviewer decides a manual review or an arbitration. Accepted once: the task must be the caller's and open, and
 * the refund's wait is claimed atomically; a second decision gets 409. The buyer is told an approval or rejection.
 */
import type { Actor } from '../domain/actor.ts';
import { latestAssessment } from '../domain/decision-history.ts';
import { Conflict, NotFound } from '../domain/errors.ts';
import { enterStep, transition } from '../domain/lifecycle.ts';
import type { Decision } from '../domain/refund.ts';
import { afterReview, type ReviewDecision } from '../domain/transitions.ts';
import type { RefundStatus } from '../domain/vocabulary.ts';
import type { Ports } from '../ports/index.ts';
import { notifyTransition } from './notify-transition.ts';
import { resumeWaiting } from './resume-waiting.ts';
import { withReturnAddress } from './return-address.ts';
import { countForScorecard } from './scorecard.ts';

export type DecideReviewDeps = Pick<
  Ports,
  'reviews' | 'store' | 'workflow' | 'policy' | 'clock' | 'notifier' | 'inbox' | 'returnAddresses' | 'scorecards'
>;

export interface ReviewDecisionCommand {
  taskId: string;
  decision: ReviewDecision;
  note: string;
}

export interface ReviewDecided {
  taskId: string;
  decision: ReviewDecision;
  refundId: string;
  /** The refund's status afterwards (undefined if it could not be read back). */
  status: RefundStatus | undefined;
}

export async function decideReview(
  deps: DecideReviewDeps,
  actor: Actor,
  command: ReviewDecisionCommand,
): Promise<ReviewDecided> {
  const { reviews, store } = deps;
  const task = await reviews.getTask(command.taskId);
  if (!task || task.reviewerId !== actor.sub) throw new NotFound('task');
  if (task.status !== 'OPEN') throw new Conflict('TASK_CLOSED', `this task is already ${task.status}`);
  // As last written: the decision is computed from it, and the claim's conditions would not see an older copy.
  const refund = await store.getRefund(task.refundId, { consistent: true });
  if (!refund || refund.review?.taskId !== task.taskId)
    throw new Conflict('TASK_CLOSED', 'this task is no longer current');

  const next = afterReview(refund, command.decision);
  const at = deps.clock.now().toISOString();
  // The reviewer decides on the machine's assessment (not on whatever was decided last, e.g. the merchant's
  // rejection): its rules and risk are recorded with the review, and stay in the history on their own.
  const assessed = latestAssessment(refund);
  const decision: Decision = {
    kind: task.kind,
    outcome: command.decision,
    by: 'REVIEWER',
    actorId: actor.sub,
    rules: assessed?.rules ?? [],
    ...(assessed?.riskScore === undefined ? {} : { riskScore: assessed.riskScore }),
    ...(assessed?.riskLevel ? { riskLevel: assessed.riskLevel } : {}),
    ...(assessed?.policyVersion ? { policyVersion: assessed.policyVersion } : {}),
    inputs: { note: command.note, kind: task.kind },
    at,
  };
  const options = {
    actorId: actor.sub,
    decision,
    detailCode: 'REVIEWER_NOTE' as const,
    ...(command.note ? { facts: { note: command.note } } : {}),
  };
  const change =
    next === 'END'
      ? { ...transition('REJECTED', at, 'REVIEWER', options) }
      : enterStep(next, at, 'REVIEWER', deps.policy, options);
  // Only while this task is the refund's (an SLA reassignment gives the round to someone else).
  await resumeWaiting(deps, refund, ['MANUAL_REVIEW'], next, await withReturnAddress(deps, refund, next, change), {
    reviewTaskId: task.taskId,
  });
  await reviews.close(task, 'DONE', { decision: command.decision, note: command.note, at });
  // A dispute the platform decides for the buyer counts against the merchant (its dispute-loss rate).
  if (task.kind === 'ARBITRATION' && refund.dispute && command.decision === 'APPROVE') {
    await countForScorecard(deps, refund.merchantId, at, 'disputesLost');
  }

  const updated = await store.getRefund(refund.refundId, { consistent: true });
  // The buyer hears the outcome (or the request for evidence); the merchant hears the platform's ruling.
  await notifyTransition(deps, { from: 'MANUAL_REVIEW', to: next, cause: 'ACTION' }, updated);
  return { taskId: command.taskId, decision: command.decision, refundId: refund.refundId, status: updated?.status };
}
