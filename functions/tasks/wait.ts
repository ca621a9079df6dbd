/**
 * Lifecycle task "Wait" (`.waitForTaskToken`): keeps the task token on the refund so the person's action can
 * resume the execution, and prepares what that person needs: a balanced review task for reviewers, a request
 * counted in the merchant's statistics for merchants.
 */

import { DynamoMerchantStats } from '../adapters/dynamodb/merchant-stats.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../adapters/dynamodb/review-store.ts';
import { adapter, defaultAdapter } from '../adapters/index.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { NotFound } from '../domain/errors.ts';
import { isWait } from '../domain/lifecycle.ts';
import type { Refund } from '../domain/refund.ts';

requireEnvironmentOf('Wait');

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('reviews', () => new DynamoReviewStore());
defaultAdapter('merchantStats', () => new DynamoMerchantStats());

/** Timeline detail of an SLA reassignment (written by the Timeout task). */
export const REASSIGNED_DETAIL = 'review task reassigned';

export interface WaitInput {
  refundId: string;
  outcome: string;
  timeoutSeconds: number;
  taskToken: string;
}

/** One task per review round: the round is how many times the refund has entered manual review. */
export function reviewTaskId(refund: Pick<Refund, 'refundId' | 'timeline'>): string {
  const round = refund.timeline.filter((e) => e.status === 'MANUAL_REVIEW').length;
  return `${refund.refundId}.${round}`;
}

export async function handler(input: WaitInput): Promise<{ waiting: string }> {
  if (!isWait(input.outcome)) throw new Error(`not a wait: ${input.outcome}`);
  const store = adapter('store');
  await store.holdWait(input.refundId, input.outcome, input.taskToken);
  const refund = await store.getRefund(input.refundId);
  if (!refund) throw new NotFound('refund');
  const now = adapter('clock').now();

  if (input.outcome === 'MANUAL_REVIEW') {
    // After an SLA reassignment, the task goes to someone other than the reviewer who let it lapse.
    const reassigned = refund.timeline.at(-1)?.detail === REASSIGNED_DETAIL;
    const previous = reassigned ? refund.review?.reviewerId : undefined;
    const task = await adapter('reviews').assign(
      {
        taskId: reviewTaskId(refund),
        refundId: refund.refundId,
        kind: refund.dispute ? 'ARBITRATION' : 'REVIEW',
        createdAt: now.toISOString(),
        dueBy: new Date(now.getTime() + input.timeoutSeconds * 1000).toISOString(),
      },
      previous,
    );
    await store.updateRefund(refund.refundId, {
      extra: { review: { taskId: task.taskId, reviewerId: task.reviewerId } },
    });
  }
  if (input.outcome === 'MERCHANT_REVIEW') await adapter('merchantStats').record(refund.merchantId, 'ASKED');
  return { waiting: input.outcome };
}
