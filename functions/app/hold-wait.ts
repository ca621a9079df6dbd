/**
 * The lifecycle waits for a person: the task token is kept on the refund so the person's action can resume the
 * execution, and what that person needs is prepared: a balanced task for reviewers and inspectors, a request counted in the
 * merchant's statistics for merchants (a decision, or confirming that returned goods arrived).
 */
import { InvalidTransition, NotFound } from '../domain/errors.ts';
import { inspectionTaskId } from '../domain/inspection.ts';
import type { Wait } from '../domain/lifecycle.ts';
import type { Refund, TimelineEvent } from '../domain/refund.ts';
import type { Ports } from '../ports/index.ts';
import type { ReviewStore } from '../ports/review-store.ts';
import { countForScorecard } from './scorecard.ts';

export type HoldWaitDeps = Pick<Ports, 'store' | 'reviews' | 'inspections' | 'clock' | 'scorecards'>;

/** The waits on the merchant; a timeout of either is counted against them. */
export const MERCHANT_WAITS: ReadonlySet<Wait> = new Set(['MERCHANT_REVIEW', 'RETURN_IN_TRANSIT']);

/** Timeline detail of an SLA reassignment on events stored before codes (now `detailCode: REVIEW_REASSIGNED`). */
export const REASSIGNED_DETAIL = 'review task reassigned';

/** Whether an event is an SLA reassignment (written by app/apply-timeout.ts), whenever it was stored. */
/** Whether `event` is an SLA reassignment of a review round (the timeout's, app/apply-timeout.ts). */
export function isReassignment(event: TimelineEvent | undefined): boolean {
  return event?.detailCode === 'REVIEW_REASSIGNED' || event?.detail === REASSIGNED_DETAIL;
}

export interface HeldWait {
  refundId: string;
  wait: Wait;
  /** How long the person has (the review task's SLA). */
  timeoutSeconds: number;
  taskToken: string;
}

/**
 * Who held the task that lapsed: the task's own holder, since one assigned while nobody was available is taken later
 * by whoever joins first (ReviewStore.takeUnassigned) and the refund still names nobody.
 */
async function lapsedHolder(
  tasks: Pick<ReviewStore, 'getTask'>,
  held: { taskId?: string | undefined; reviewerId?: string | undefined } | undefined,
): Promise<string | undefined> {
  const task = held?.taskId ? await tasks.getTask(held.taskId) : undefined;
  return task?.reviewerId ?? held?.reviewerId;
}

/**
 * One task per review round: the round is how many times the refund has entered manual review, from another status
 * or by an SLA reassignment. Other events recorded while in review (an evidence file read, say) repeat the status
 * without starting a round, so they do not skip a task number. Deterministic, so a retried hold finds its task.
 */
export function reviewTaskId(refund: Pick<Refund, 'refundId' | 'timeline'>): string {
  const round = refund.timeline.filter(
    (e, i) => e.status === 'MANUAL_REVIEW' && (refund.timeline[i - 1]?.status !== 'MANUAL_REVIEW' || isReassignment(e)),
  ).length;
  return `${refund.refundId}.${round}`;
}

/**
 * Whether this hold assigned the task (rather than finding the one an earlier try of the same hold assigned, which a
 * person may be deciding on right now: that one is theirs to close).
 */
const assignedNow = (task: { createdAt: string }, now: Date) => task.createdAt === now.toISOString();

/**
 * The person's task (a review or inspection round) is assigned first and kept on the refund in the same write as the
 * token, one write of the refund instead of two. Assigning is idempotent on the round's task id, so a retried hold
 * finds its task; if the refund left the wait meanwhile (the token's condition refuses it), a task this hold assigned
 is closed again.
 */
export async function holdWait(deps: HoldWaitDeps, held: HeldWait): Promise<{ waiting: Wait }> {
  const { store } = deps;
  const refund = await store.getRefund(held.refundId, { consistent: true });
  if (!refund) throw new NotFound('refund');
  const now = deps.clock.now();

  let prepared: { extra: Record<string, unknown>; close: () => Promise<unknown> } | undefined;
  if (held.wait === 'MANUAL_REVIEW') {
    // After an SLA reassignment, the task goes to someone other than the reviewer who let it lapse.
    const reassigned = isReassignment(refund.timeline.at(-1));
    const previous = reassigned ? await lapsedHolder(deps.reviews, refund.review) : undefined;
    const task = await deps.reviews.assign(
      {
        taskId: reviewTaskId(refund),
        refundId: refund.refundId,
        // A dispute of a rejection, or a declined partial offer: buyer and merchant disagree, the platform arbitrates.
        kind: refund.dispute || refund.offer?.answer?.outcome === 'DECLINED' ? 'ARBITRATION' : 'REVIEW',
        createdAt: now.toISOString(),
        dueBy: new Date(now.getTime() + held.timeoutSeconds * 1000).toISOString(),
      },
      previous,
    );
    prepared = {
      extra: { review: { taskId: task.taskId, reviewerId: task.reviewerId } },
      close: () => (assignedNow(task, now) ? deps.reviews.close(task, 'REASSIGNED') : Promise.resolve()),
    };
  }
  if (held.wait === 'AWAIT_INSPECTION') prepared = await assignInspection(deps, refund, held.timeoutSeconds, now);
  try {
    await store.holdWait(held.refundId, held.wait, held.taskToken, prepared?.extra);
  } catch (error) {
    if (prepared && error instanceof InvalidTransition) await prepared.close();
    throw error;
  }
  // Both waits on the merchant count as requests (decide; confirm the returned goods), as the silence that ends
  // either counts as a timeout (app/apply-timeout.ts): timedOut never exceeds asked.
  if (MERCHANT_WAITS.has(held.wait)) {
    await countForScorecard(deps, refund.merchantId, now, 'asked', undefined, 'ASKED');
  }
  return { waiting: held.wait };
}

/**
 * The inspection task of this round, given like a review task to the available inspector with the fewest open tasks;
 * after an SLA reassignment, to someone other than the inspector who let it lapse. Idempotent on the round's task id.
 * Returns what the refund keeps of it, written with the token.
 */
async function assignInspection(deps: HoldWaitDeps, refund: Refund, timeoutSeconds: number, now: Date) {
  const inspection = refund.inspection;
  if (!inspection) throw new NotFound('inspection');
  const previous = inspection.reassigned
    ? await lapsedHolder(deps.inspections, { taskId: inspection.taskId, reviewerId: inspection.inspectorId })
    : undefined;
  const task = await deps.inspections.assign(
    {
      taskId: inspectionTaskId(refund),
      refundId: refund.refundId,
      kind: 'INSPECTION',
      createdAt: now.toISOString(),
      dueBy: new Date(now.getTime() + timeoutSeconds * 1000).toISOString(),
    },
    previous,
  );
  return {
    extra: { inspection: { ...inspection, taskId: task.taskId, inspectorId: task.reviewerId } },
    close: () => (assignedNow(task, now) ? deps.inspections.close(task, 'REASSIGNED') : Promise.resolve()),
  };
}
