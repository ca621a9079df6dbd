/**
 * `POST /v1/review/tasks/{taskId}/decision`: a reviewer decides a manual review or an arbitration. Accepted once:
 * the task must be the caller's and open, and the refund's wait is claimed atomically; a second decision gets 409.
 */

import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { adapter, defaultAdapter, legacyPorts } from '../../adapters/index.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { notifyBuyer } from '../../app/notify-buyer.ts';
import { resumeWaiting } from '../../app/resume-waiting.ts';
import { Conflict, NotFound } from '../../domain/errors.ts';
import { enterStep, transition } from '../../domain/lifecycle.ts';
import { afterReview } from '../../domain/transitions.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { reviewDecisionSchema } from '../../schemas/lifecycle.ts';

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('reviews', () => new DynamoReviewStore());
defaultAdapter('workflow', () => new StepFunctionsWorkflow());

const taskIdSchema = id();

export const handler = httpHandler({ fn: 'ReviewDecision' }, async ({ event, principal, body }) => {
  const taskId = parse(taskIdSchema, event.pathParameters?.taskId, 'taskId');
  const input = parse(reviewDecisionSchema, body);
  const reviews = adapter('reviews');
  const task = await reviews.getTask(taskId);
  if (!task || task.reviewerId !== principal.sub) throw new NotFound('task');
  if (task.status !== 'OPEN') throw new Conflict('TASK_CLOSED', `this task is already ${task.status}`);
  const refund = await adapter('store').getRefund(task.refundId);
  if (!refund || refund.review?.taskId !== task.taskId)
    throw new Conflict('TASK_CLOSED', 'this task is no longer current');

  const next = afterReview(refund, input.decision);
  const at = adapter('clock').now().toISOString();
  const decision = {
    outcome: input.decision,
    by: 'REVIEWER' as const,
    rules: refund.decision?.rules ?? [],
    ...(refund.decision?.riskScore === undefined ? {} : { riskScore: refund.decision.riskScore }),
    ...(refund.decision?.policyVersion ? { policyVersion: refund.decision.policyVersion } : {}),
    inputs: { note: input.note, kind: task.kind },
    at,
  };
  const options = { actorId: principal.sub, decision, detail: input.note };
  const change =
    next === 'END'
      ? { ...transition('REJECTED', at, 'REVIEWER', options) }
      : enterStep(next, at, 'REVIEWER', adapter('policy'), options);
  await resumeWaiting(legacyPorts, refund, ['MANUAL_REVIEW'], next, change);
  await reviews.close(task, 'DONE', { decision: input.decision, note: input.note, at });

  const updated = await adapter('store').getRefund(refund.refundId);
  if (updated && (next === 'APPROVE' || next === 'END'))
    await notifyBuyer(legacyPorts, next === 'APPROVE' ? 'APPROVED' : 'REJECTED', updated);
  return {
    statusCode: 200,
    body: { taskId, decision: input.decision, refundId: refund.refundId, status: updated?.status },
  };
});
