/**
 * Who may see a refund's evidence files (`GET /v1/refunds/{refundId}/evidence/{evidenceId}`): the people the
 * evidence was sent to judge with. The buyer who sent it, the merchant the refund is against (the merchant id comes
 * from the caller's token, never from the request), the reviewer who holds the refund's open review or
 * arbitration task, and the inspector who holds its open inspection (`task` is the one of the caller's role). A reviewer whose task was decided or reassigned no longer sees it; finance and the order system
 * never do. Everyone else is told the refund does not exist, as everywhere else in the API.
 */
import type { Actor } from '../actor.ts';
import type { Refund } from '../refund.ts';

/** The review task that holds a refund, as far as this rule needs it (functions/ports/review-store.ts). */
export interface HoldingTask {
  refundId: string;
  reviewerId: string;
  status: string;
}

/** Whether `actor` may read the evidence of `refund`; `task` is the refund's current review task, if any. */
export function mayReadEvidence(
  actor: Actor,
  refund: Pick<Refund, 'refundId' | 'userId' | 'merchantId'>,
  task: HoldingTask | undefined,
): boolean {
  switch (actor.role) {
    case 'buyer':
      return refund.userId === actor.sub;
    case 'merchant':
      return actor.merchantId !== undefined && refund.merchantId === actor.merchantId;
    case 'reviewer':
    case 'inspector':
      return task?.refundId === refund.refundId && task.status === 'OPEN' && task.reviewerId === actor.sub;
    default:
      return false;
  }
}
