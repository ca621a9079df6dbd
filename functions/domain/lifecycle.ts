/**
 * Status changes of a refund as plain data: each function says what the new status, timeline event and next step
 * are. Adapters persist them; the state machine decides when they happen.
 */
import type { Decision, NextStep, TimelineEvent } from './refund.ts';
import type { ActorKind, RefundStatus } from './vocabulary.ts';

export interface Transition {
  status: RefundStatus;
  event: TimelineEvent;
  decision?: Decision;
  nextStep: NextStep | null;
}

export function transition(
  status: RefundStatus,
  at: string,
  actor: ActorKind,
  options: { actorId?: string; detail?: string; decision?: Decision; nextStep?: NextStep | null } = {},
): Transition {
  return {
    status,
    event: {
      at,
      status,
      actor,
      ...(options.actorId ? { actorId: options.actorId } : {}),
      ...(options.detail ? { detail: options.detail } : {}),
    },
    ...(options.decision ? { decision: options.decision } : {}),
    nextStep: options.nextStep ?? null,
  };
}
