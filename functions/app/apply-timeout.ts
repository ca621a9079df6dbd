/**
 * A wait ran out, and the policy decides. Merchant silent → approve for the buyer (or escalate, per policy); buyer
 * sent no evidence or return → close, and tell the buyer why; review task past its SLA → reassign; inspection past
 * its SLA → another inspector, then a reviewer; dispute window passed → the rejection
 * is final; a partial offer unanswered → what `offer.onSilence` says (accepted and paid, or declined). If a person's action won the race, continue from it. Returns the Step the state machine routes on.
 */
import { Conflict, NotFound } from '../domain/errors.ts';
import { inspectionLapse } from '../domain/inspection.ts';
import { enterStep, isWait, resumeStepOf, type Step, stepFor, transition } from '../domain/lifecycle.ts';
import { offerSilence } from '../domain/partial-offer.ts';
import type { Decision, Refund } from '../domain/refund.ts';
import { merchantTimeoutOutcome, timeoutPlan } from '../domain/rules/index.ts';
import { TIMEOUT_RULE_CODES } from '../domain/timeline-text.ts';
import { afterMerchantDecision } from '../domain/transitions.ts';
import type { Ports } from '../ports/index.ts';
import { offerAnswer } from './answer-offer.ts';
import { isReassignment } from './hold-wait.ts';
import { notifyTransition } from './notify-transition.ts';
import { claimWaitWithPayout } from './pay-out.ts';
import { withReturnAddress } from './return-address.ts';
import { countForScorecard } from './scorecard.ts';

/**
 * What the timeline says of a timer's rule: its code (the text is built in the reader's language) and the rule as a
 * fact for reviewers; the rule id itself is never the text buyers and merchants read.
 */
function told(rule: string) {
  const detailCode = TIMEOUT_RULE_CODES[rule];
  return { ...(detailCode ? { detailCode } : {}), facts: { rule } };
}

export type ApplyTimeoutDeps = Pick<
  Ports,
  'store' | 'reviews' | 'inspections' | 'notifier' | 'inbox' | 'clock' | 'policy' | 'returnAddresses' | 'scorecards'
>;

export interface TimedOut {
  refundId: string;
  /** The wait whose timer ran out, as the state machine names it. */
  wait: string;
}

export async function applyTimeout(deps: ApplyTimeoutDeps, timedOut: TimedOut): Promise<Step> {
  const { store, policy } = deps;
  const refund = await store.getRefund(timedOut.refundId, { consistent: true });
  if (!refund) throw new NotFound('refund');
  const wait = timedOut.wait;
  const now = deps.clock.now().toISOString();
  if (!isWait(wait) || refund.step !== wait) return resumeStepOf(refund, policy, now);
  const plan = timeoutPlan(policy);
  // What the policy decided when the wait ran out, kept in the refund's decision history like any other decision.
  const decision = (outcome: string, rule?: string): Decision => ({
    kind: 'TIMEOUT',
    outcome,
    by: 'SYSTEM',
    rules: rule ? [rule] : [],
    policyVersion: policy.version,
    inputs: { wait },
    at: now,
  });

  try {
    switch (wait) {
      case 'MERCHANT_REVIEW':
      case 'RETURN_IN_TRANSIT': {
        const { outcome, rule } = merchantTimeoutOutcome(policy);
        // Silence counts as the merchant's answer: approval still waits for the goods when the rules want them back.
        const next =
          outcome === 'APPROVE' && wait === 'MERCHANT_REVIEW' ? afterMerchantDecision(refund, 'APPROVE') : outcome;
        await claimWaitWithPayout(
          deps,
          refund,
          [wait],
          await withReturnAddress(
            deps,
            refund,
            next,
            enterStep(next, now, 'SYSTEM', policy, { actorId: rule, ...told(rule), decision: decision(outcome, rule) }),
          ),
        );
        await countForScorecard(deps, refund.merchantId, now, 'timedOut', undefined, 'TIMED_OUT');
        // The buyer hears of an approval; the merchant, that its silence was answered for it.
        await notifyTransition(
          deps,
          { from: wait, to: next, cause: 'TIMEOUT' },
          await store.getRefund(refund.refundId, { consistent: true }),
        );
        return stepFor(next, policy);
      }
      case 'AWAIT_EVIDENCE':
      case 'AWAIT_RETURN': {
        const rule = wait === 'AWAIT_EVIDENCE' ? plan.BUYER_EVIDENCE.rule : plan.BUYER_RETURN.rule;
        await store.claimWait(
          refund,
          [wait],
          {
            ...transition('CANCELLED', now, 'SYSTEM', {
              actorId: rule,
              ...told(rule),
              decision: decision('CLOSE', rule),
            }),
            step: 'END',
          },
          { release: true },
        );
        // Closed by the deadline, not withdrawn by the buyer: told so, never a silent close.
        await notifyTransition(
          deps,
          { from: wait, to: 'END', cause: 'TIMEOUT' },
          await store.getRefund(refund.refundId, { consistent: true }),
        );
        return stepFor('END', policy);
      }
      case 'AWAIT_DISPUTE': {
        await store.claimWait(
          refund,
          [wait],
          {
            ...transition('REJECTED', now, 'SYSTEM', {
              detailCode: 'DISPUTE_WINDOW_CLOSED',
              decision: decision('REJECT'),
            }),
            step: 'END',
          },
          { release: true },
        );
        // The rejection is final: told so, like the other closes.
        await notifyTransition(
          deps,
          { from: wait, to: 'END', cause: 'TIMEOUT' },
          await store.getRefund(refund.refundId, { consistent: true }),
        );
        return stepFor('END', policy);
      }
      case 'AWAIT_OFFER': {
        // The buyer let the merchant's partial offer lapse: silence is the policy's answer (offer.onSilence).
        const { accept, rule } = offerSilence(policy);
        const answer = offerAnswer(
          refund,
          accept,
          { actor: 'SYSTEM', actorId: rule },
          decision(accept ? 'ACCEPT' : 'DECLINE', rule),
          policy,
        );
        await claimWaitWithPayout(
          deps,
          refund,
          [wait],
          { ...answer.change, step: answer.next },
          answer.reduceTo ? { reduceTo: answer.reduceTo } : {},
        );
        await notifyTransition(
          deps,
          { from: 'AWAIT_OFFER', to: answer.next, cause: 'TIMEOUT' },
          await store.getRefund(refund.refundId, { consistent: true }),
        );
        return stepFor(answer.next, policy);
      }
      case 'MANUAL_REVIEW': {
        // A new round for another reviewer, with a new deadline (not the one that just passed); the lapsed task is
        // closed once the wait is claimed (a reviewer who decided in time keeps their task as decided).
        const rule = plan.REVIEW_TASK_SLA.rule;
        const lapsed = refund.review ? await deps.reviews.getTask(refund.review.taskId) : undefined;
        const closeLapsed = async () => {
          if (lapsed?.status === 'OPEN') await deps.reviews.close(lapsed, 'REASSIGNED');
        };
        try {
          await store.claimWait(
            refund,
            [wait],
            enterStep('MANUAL_REVIEW', now, 'SYSTEM', policy, { actorId: rule, ...told(rule) }),
          );
        } catch (error) {
          // A retry of this step after its own claim (the function timed out before closing the task): the wait was
          // taken by this reassignment, still the refund's last event. Close the lapsed task now, or it stays open in
          // that reviewer's queue; then go on from the refund as stored (below).
          if (error instanceof Conflict) {
            const latest = await store.getRefund(refund.refundId, { consistent: true });
            const reassigned = latest?.step === 'MANUAL_REVIEW' && isReassignment(latest.timeline.at(-1));
            if (reassigned && latest.review?.taskId === lapsed?.taskId) await closeLapsed();
          }
          throw error;
        }
        await closeLapsed();
        return stepFor('MANUAL_REVIEW', policy);
      }
      case 'AWAIT_INSPECTION':
        return await inspectionLapsed(deps, refund, decision, now);
    }
  } catch (error) {
    // A person acted first and took the wait: continue from what they decided.
    if (!(error instanceof Conflict)) throw error;
    const latest = await store.getRefund(refund.refundId, { consistent: true });
    return resumeStepOf(latest ?? refund, policy, deps.clock.now().toISOString());
  }
}

/**
 * The inspector let the deadline pass: another inspector gets a new round (a new task, a new deadline) while the
 * policy allows reassignments, then a reviewer decides with what is known. The lapsed task is closed either way, and
 * the wait is claimed like any other, so a verdict racing the deadline and this timeout cannot both take effect.
 */
async function inspectionLapsed(
  deps: ApplyTimeoutDeps,
  refund: Refund,
  decision: (outcome: string, rule?: string) => Decision,
  now: string,
): Promise<Step> {
  const { store, policy } = deps;
  const { next, rule } = inspectionLapse(refund, policy);
  const inspection = refund.inspection;
  const change = enterStep(next, now, 'SYSTEM', policy, {
    actorId: rule,
    ...told(rule),
    decision: { ...decision(next, rule), kind: 'INSPECTION' },
  });
  const reassigned =
    next === 'AWAIT_INSPECTION' && inspection
      ? { extra: { inspection: { ...inspection, reassigned: (inspection.reassigned ?? 0) + 1 } } }
      : {};
  await store.claimWait(refund, ['AWAIT_INSPECTION'], { ...change, ...reassigned });
  const task = inspection?.taskId ? await deps.inspections.getTask(inspection.taskId) : undefined;
  if (task) await deps.inspections.close(task, 'REASSIGNED');
  if (next === 'MANUAL_REVIEW') {
    await notifyTransition(
      deps,
      { from: 'AWAIT_INSPECTION', to: next, cause: 'TIMEOUT' },
      await store.getRefund(refund.refundId, { consistent: true }),
    );
  }
  return stepFor(next, policy);
}
