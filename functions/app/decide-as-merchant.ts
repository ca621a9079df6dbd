/**
 * The merchant approves or rejects a refund waiting for them. Accepted once: a second or late decision finds the
 * wait gone (409 NOT_WAITING). The response time is recorded per merchant and the buyer is told the outcome.
 */
import type { Actor } from '../domain/actor.ts';
import { enterStep } from '../domain/lifecycle.ts';
import type { Decision, Refund } from '../domain/refund.ts';
import { afterMerchantDecision, type MerchantDecision } from '../domain/transitions.ts';
import type { Ports } from '../ports/index.ts';
import { merchantIdOf, refundFor } from './access.ts';
import { notifyTransition } from './notify-transition.ts';
import { resumeWaiting } from './resume-waiting.ts';
import { withReturnAddress } from './return-address.ts';

export interface MerchantDecisionCommand {
  refundId: string;
  decision: MerchantDecision;
  reason?: string | undefined;
  note?: string | undefined;
}

export type DecideAsMerchantDeps = Pick<
  Ports,
  'store' | 'workflow' | 'policy' | 'clock' | 'merchantStats' | 'notifier' | 'inbox' | 'returnAddresses'
>;

export async function decideAsMerchant(
  deps: DecideAsMerchantDeps,
  actor: Actor,
  command: MerchantDecisionCommand,
): Promise<Refund> {
  const merchantId = merchantIdOf(actor);
  const refund = await refundFor(deps, actor, command.refundId);
  const next = afterMerchantDecision(refund, command.decision);
  const now = deps.clock.now();
  const at = now.toISOString();
  const decision: Decision = {
    kind: 'MERCHANT',
    outcome: command.decision,
    by: 'MERCHANT',
    actorId: merchantId,
    rules: [],
    ...(refund.decision?.policyVersion ? { policyVersion: refund.decision.policyVersion } : {}),
    inputs: { reason: command.reason ?? null, note: command.note ?? null },
    at,
  };
  const detail = [command.reason, command.note].filter(Boolean).join(': ') || undefined;
  const change = enterStep(next, at, 'MERCHANT', deps.policy, {
    actorId: merchantId,
    decision,
    ...(detail ? { detail } : {}),
  });
  await resumeWaiting(deps, refund, ['MERCHANT_REVIEW'], next, await withReturnAddress(deps, refund, next, change));
  const askedAt = refund.timeline.findLast((e) => e.status === 'AWAITING_MERCHANT')?.at ?? refund.createdAt;
  await deps.merchantStats.record(
    merchantId,
    command.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED',
    (now.getTime() - Date.parse(askedAt)) / 1000,
  );
  const updated = (await deps.store.getRefund(refund.refundId)) ?? refund;
  // Approved, rejected (the dispute window opens), or an approval that waits for the goods (what to send, by when).
  await notifyTransition(deps, { from: 'MERCHANT_REVIEW', to: next, cause: 'ACTION' }, updated);
  return updated;
}
