/**
 * The merchant confirms the returned goods arrived and says in what condition: intact goods are refunded (and the
 * buyer told so); otherwise a reviewer judges. Accepted once, while the return is awaited or on its way
 * (409 NOT_WAITING otherwise).
 */
import type { Actor } from '../domain/actor.ts';
import { enterStep } from '../domain/lifecycle.ts';
import type { Decision, Refund } from '../domain/refund.ts';
import { afterReturnReceived, type ReturnCondition } from '../domain/transitions.ts';
import type { Ports } from '../ports/index.ts';
import { merchantIdOf, refundFor } from './access.ts';
import { notifyTransition } from './notify-transition.ts';
import { resumeWaiting } from './resume-waiting.ts';

export interface ReturnReceivedCommand {
  refundId: string;
  condition: ReturnCondition;
}

export type ReceiveReturnDeps = Pick<Ports, 'store' | 'workflow' | 'policy' | 'clock' | 'notifier' | 'inbox'>;

export async function receiveReturn(
  deps: ReceiveReturnDeps,
  actor: Actor,
  command: ReturnReceivedCommand,
): Promise<Refund> {
  const merchantId = merchantIdOf(actor);
  const refund = await refundFor(deps, actor, command.refundId);
  const next = afterReturnReceived(refund, command.condition);
  const at = deps.clock.now().toISOString();
  // The merchant's check of the goods decides the refund (intact: paid; otherwise a reviewer judges): kept as history.
  const decision: Decision = {
    kind: 'RETURN_CHECK',
    outcome: command.condition,
    by: 'MERCHANT',
    actorId: merchantId,
    rules: [],
    inputs: { condition: command.condition },
    at,
  };
  await resumeWaiting(deps, refund, ['RETURN_IN_TRANSIT', 'AWAIT_RETURN'], next, {
    ...enterStep(next, at, 'MERCHANT', deps.policy, {
      actorId: merchantId,
      detailCode: 'RETURN_RECEIVED',
      facts: { condition: command.condition },
      decision,
    }),
  });
  const updated = await deps.store.getRefund(refund.refundId);
  const from = refund.step === 'AWAIT_RETURN' ? 'AWAIT_RETURN' : 'RETURN_IN_TRANSIT';
  await notifyTransition(deps, { from, to: next, cause: 'ACTION' }, updated);
  return updated ?? refund;
}
