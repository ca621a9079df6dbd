/**
 * The merchant confirms the returned goods arrived and says in what condition. When the policy's inspection rules
 * pick the return (high value, a damaged or not-matching claim, a risky buyer) a third-party inspector checks the
 * goods first; otherwise intact goods are refunded (and the buyer told so) and anything else a reviewer judges.
 * Accepted once, while the return is awaited or on its way (409 NOT_WAITING otherwise).
 */
import type { Actor } from '../domain/actor.ts';
import { inspectionTriggers } from '../domain/inspection.ts';
import { enterStep } from '../domain/lifecycle.ts';
import type { Decision, Refund, RefundInspection } from '../domain/refund.ts';
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
  const refund = await refundFor(deps, actor, command.refundId, { consistent: true });
  const inspectionRules = inspectionTriggers(refund, command.condition, deps.policy);
  const next = afterReturnReceived(refund, command.condition, inspectionRules);
  const at = deps.clock.now().toISOString();
  // The merchant's check of the goods decides the refund (intact: paid; otherwise a reviewer judges; or an inspector
  // checks first, by the inspection rules recorded here): kept as history.
  const decision: Decision = {
    kind: 'RETURN_CHECK',
    outcome: command.condition,
    by: 'MERCHANT',
    actorId: merchantId,
    rules: inspectionRules,
    ...(inspectionRules.length ? { policyVersion: deps.policy.version } : {}),
    inputs: { condition: command.condition },
    at,
  };
  const inspection: RefundInspection | undefined = inspectionRules.length
    ? { rules: inspectionRules, condition: command.condition, requestedAt: at }
    : undefined;
  await resumeWaiting(deps, refund, ['RETURN_IN_TRANSIT', 'AWAIT_RETURN'], next, {
    ...enterStep(next, at, 'MERCHANT', deps.policy, {
      actorId: merchantId,
      detailCode: 'RETURN_RECEIVED',
      facts: { condition: command.condition },
      decision,
    }),
    ...(inspection ? { extra: { inspection } } : {}),
  });
  const updated = await deps.store.getRefund(refund.refundId, { consistent: true });
  const from = refund.step === 'AWAIT_RETURN' ? 'AWAIT_RETURN' : 'RETURN_IN_TRANSIT';
  await notifyTransition(deps, { from, to: next, cause: 'ACTION' }, updated);
  return updated ?? refund;
}
