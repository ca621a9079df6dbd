/**
 * The caller's open inspections (`GET /v1/inspection/tasks`): each task with what the inspector checks the returned
 * goods against — the refund as the buyer claimed it (reason, note, amount, items), its evidence, the return
 * shipment, the merchant's condition claim and the rules that sent the goods, the latest messages of the thread —
 * and the deadline. Nothing of the buyer's history or risk score: the inspector judges the goods, not the buyer.
 */
import type { Actor } from '../domain/actor.ts';
import type { Refund, RefundInspection } from '../domain/refund.ts';
import { type Message, REVIEW_THREAD_MESSAGES } from '../domain/thread.ts';
import type { Ports } from '../ports/index.ts';
import type { ReviewTask } from '../ports/review-store.ts';

export type ListInspectionTasksDeps = Pick<Ports, 'inspections' | 'store' | 'thread'>;

/** An inspection task with its case; `refund: null` when the refund is gone. */
export type InspectionTaskInContext =
  | (ReviewTask & { refund: null })
  | (ReviewTask & {
      refund: Refund;
      inspection: RefundInspection | null;
      evidence: NonNullable<Refund['evidence']>;
      returnShipment: NonNullable<Refund['returnShipment']> | null;
      /** The latest REVIEW_THREAD_MESSAGES messages of the refund's thread, oldest first. */
      thread: Message[];
    });

async function withCase(deps: ListInspectionTasksDeps, task: ReviewTask): Promise<InspectionTaskInContext> {
  const refund = await deps.store.getRefund(task.refundId);
  if (!refund) return { ...task, refund: null };
  // Only refunds with messages have thread entries: the others cost no read.
  const thread = refund.thread?.length
    ? (await deps.thread.list(refund.refundId, { limit: REVIEW_THREAD_MESSAGES, latest: true })).items
    : [];
  return {
    ...task,
    refund,
    inspection: refund.inspection ?? null,
    evidence: refund.evidence ?? [],
    returnShipment: refund.returnShipment ?? null,
    thread,
  };
}

export async function listInspectionTasks(
  deps: ListInspectionTasksDeps,
  actor: Actor,
): Promise<InspectionTaskInContext[]> {
  const tasks = await deps.inspections.openTasks(actor.sub);
  return Promise.all(tasks.map((t) => withCase(deps, t)));
}
