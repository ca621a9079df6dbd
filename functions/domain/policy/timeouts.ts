/**
 * The waits of the refund lifecycle and what happens when each runs out, read from the policy so the state machine
 * (ASL `TimeoutSeconds`/`HeartbeatSeconds`, filled by the CDK app and the local runner) and the rules agree.
 */
import { defaultPolicy } from './load.ts';
import type { Policy } from './schema.ts';

/** The timers the refund state machine needs, in seconds (Step Functions takes seconds). */
export type PolicyTimeouts = Policy['timeouts'];

export const TIMEOUT_KINDS = ['MERCHANT_RESPONSE', 'BUYER_EVIDENCE', 'BUYER_RETURN', 'REVIEW_TASK_SLA'] as const;
export type TimeoutKind = (typeof TIMEOUT_KINDS)[number];

/**
 * What to do when a wait expires: APPROVE (for the buyer), MANUAL_REVIEW (escalate), CLOSE (the buyer did not
 * follow up: the refund is cancelled) or REASSIGN (give the review task to another reviewer).
 */
export type TimeoutAction = 'APPROVE' | 'MANUAL_REVIEW' | 'CLOSE' | 'REASSIGN';

/** One wait: how long, what then, and the rule id to record on the decision or timeline. */
export interface TimeoutStep {
  afterSeconds: number;
  action: TimeoutAction;
  rule: string;
}

/** The state machine's timers, with their defaults (24 h merchant, 7 d buyer, 4 h review SLA). */
export function timeoutsFor(policy: Policy = defaultPolicy()): PolicyTimeouts {
  return policy.timeouts;
}

/** Every wait of the lifecycle with its consequence; the merchant's depends on `merchantTimeoutAction`. */
export function timeoutPlan(policy: Policy = defaultPolicy()): Record<TimeoutKind, TimeoutStep> {
  const t = policy.timeouts;
  const approve = t.merchantTimeoutAction === 'APPROVE';
  return {
    MERCHANT_RESPONSE: {
      afterSeconds: t.merchantResponseSeconds,
      action: approve ? 'APPROVE' : 'MANUAL_REVIEW',
      rule: approve ? 'MERCHANT.TIMEOUT.APPROVE' : 'MERCHANT.TIMEOUT.ESCALATE',
    },
    BUYER_EVIDENCE: { afterSeconds: t.buyerEvidenceSeconds, action: 'CLOSE', rule: 'BUYER.EVIDENCE.TIMEOUT.CLOSE' },
    BUYER_RETURN: { afterSeconds: t.buyerReturnSeconds, action: 'CLOSE', rule: 'BUYER.RETURN.TIMEOUT.CLOSE' },
    REVIEW_TASK_SLA: { afterSeconds: t.reviewTaskSlaSeconds, action: 'REASSIGN', rule: 'REVIEW.SLA.REASSIGN' },
  };
}

/** What happens when the merchant stays silent past `merchantResponseSeconds`, as an assessment outcome. */
export function merchantTimeoutOutcome(policy: Policy): { outcome: 'APPROVE' | 'MANUAL_REVIEW'; rule: string } {
  const step = timeoutPlan(policy).MERCHANT_RESPONSE;
  return { outcome: step.action === 'APPROVE' ? 'APPROVE' : 'MANUAL_REVIEW', rule: step.rule };
}
