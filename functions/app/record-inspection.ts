/**
 * An inspector records the verdict on returned goods: the buyer's claim (reason and evidence) checked against what
 * came back. The verdict leads where the policy's verdict rules say (paid as an intact return, rejected, or a
 * reviewer decides with the inspection attached), recorded as a decision with the rules that sent the goods and the
 * verdict's rule. Accepted once: the task must be the caller's, open and still the refund's current inspection; the
 * wait is claimed atomically, so a second verdict, or one racing the deadline, gets 409.
 */
import type { Actor } from '../domain/actor.ts';
import { Conflict, NotFound, ValidationFailed } from '../domain/errors.ts';
import { type InspectionVerdict, verdictOutcome } from '../domain/inspection.ts';
import { enterStep, transition } from '../domain/lifecycle.ts';
import type { Decision, Refund, RefundInspection } from '../domain/refund.ts';
import { afterInspection } from '../domain/transitions.ts';
import type { RefundStatus } from '../domain/vocabulary.ts';
import type { Ports } from '../ports/index.ts';
import type { ReviewTask } from '../ports/review-store.ts';
import { notifyTransition } from './notify-transition.ts';
import { resumeWaiting } from './resume-waiting.ts';

export type RecordInspectionDeps = Pick<
  Ports,
  'inspections' | 'store' | 'workflow' | 'policy' | 'clock' | 'notifier' | 'inbox'
>;

export interface InspectionResultCommand {
  taskId: string;
  verdict: InspectionVerdict;
  note: string;
  /**
   * The refund's evidence files the verdict rests on (the buyer's uploads; inspectors do not upload files:
   * what they saw goes in the note).
   */
  evidenceIds?: string[];
}

export interface InspectionRecorded {
  taskId: string;
  verdict: InspectionVerdict;
  refundId: string;
  /** The refund's status afterwards (undefined if it could not be read back). */
  status: RefundStatus | undefined;
}

/** The caller's open task and its refund, still waiting for this very inspection; 404 or 409 otherwise. */
async function openInspection(
  deps: RecordInspectionDeps,
  actor: Actor,
  taskId: string,
): Promise<{ task: ReviewTask; refund: Refund; inspection: RefundInspection }> {
  const task = await deps.inspections.getTask(taskId);
  if (!task || task.reviewerId !== actor.sub) throw new NotFound('task');
  if (task.status !== 'OPEN') throw new Conflict('TASK_CLOSED', `this task is already ${task.status}`);
  // As last written: the verdict's change is computed from it, and the claim's conditions would not see an older copy.
  const refund = await deps.store.getRefund(task.refundId, { consistent: true });
  const inspection = refund?.inspection;
  if (!refund || !inspection || inspection.taskId !== task.taskId)
    throw new Conflict('TASK_CLOSED', 'this task is no longer current');
  return { task, refund, inspection };
}

/** Evidence the verdict cites must be the refund's own files (400 otherwise, nothing written). */
function citedEvidence(refund: Refund, evidenceIds: readonly string[] = []): string[] {
  const known = new Set((refund.evidence ?? []).map((e) => e.evidenceId));
  const unknown = evidenceIds.filter((id) => !known.has(id));
  if (unknown.length) throw new ValidationFailed('evidenceIds: not evidence of this refund', { evidenceIds: unknown });
  return [...new Set(evidenceIds)];
}

export async function recordInspection(
  deps: RecordInspectionDeps,
  actor: Actor,
  command: InspectionResultCommand,
): Promise<InspectionRecorded> {
  const { task, refund, inspection } = await openInspection(deps, actor, command.taskId);
  const evidenceIds = citedEvidence(refund, command.evidenceIds);
  const next = afterInspection(refund, command.verdict, deps.policy);
  const { rule } = verdictOutcome(command.verdict, deps.policy);
  const at = deps.clock.now().toISOString();
  const decision: Decision = {
    kind: 'INSPECTION',
    outcome: command.verdict,
    by: 'INSPECTOR',
    actorId: actor.sub,
    rules: [...inspection.rules, rule],
    policyVersion: deps.policy.version,
    inputs: { verdict: command.verdict, note: command.note, evidenceIds, condition: inspection.condition },
    at,
  };
  const options = {
    actorId: actor.sub,
    decision,
    detailCode: 'INSPECTION_VERDICT' as const,
    facts: { verdict: command.verdict, ...(command.note ? { note: command.note } : {}) },
  };
  const change =
    next === 'END'
      ? { ...transition('REJECTED', at, 'INSPECTOR', options) }
      : enterStep(next, at, 'INSPECTOR', deps.policy, options);
  const verdict = { verdict: command.verdict, note: command.note, evidenceIds, inspectorId: actor.sub, at };
  await resumeWaiting(
    deps,
    refund,
    ['AWAIT_INSPECTION'],
    next,
    { ...change, extra: { inspection: { ...inspection, verdict } } },
    { inspectionTaskId: task.taskId },
  );
  await deps.inspections.close(task, 'DONE', { decision: command.verdict, note: command.note, at });

  const updated = await deps.store.getRefund(refund.refundId, { consistent: true });
  await notifyTransition(deps, { from: 'AWAIT_INSPECTION', to: next, cause: 'ACTION' }, updated);
  return { taskId: task.taskId, verdict: command.verdict, refundId: refund.refundId, status: updated?.status };
}
