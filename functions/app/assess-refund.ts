/**
 * The rules engine decides what happens to a submitted refund; the decision (outcome, rules fired, risk, policy
 * version, inputs) is recorded on the refund with the status it leads to, and the buyer hears of an approval, a
 * rejection or the return that comes first (with its deadline). Runs in the application's own request (its 201
 * carries the decision); the lifecycle's Assess task runs it when a wait finds the refund moved on, and the local
 * recovery after a restart (a refund left SUBMITTED is decided then). A repeated call continues from what was decided.
 */

import { latestAssessment } from '../domain/decision-history.ts';
import { NotFound } from '../domain/errors.ts';
import { enterStep, resumeStepOf, type Step, type StepOutcome, stepFor, transition } from '../domain/lifecycle.ts';
import { awaitingSettlement } from '../domain/payout/plan.ts';
import { policyInCurrency } from '../domain/policy/currency.ts';
import type { Policy } from '../domain/policy/schema.ts';
import type { Refund } from '../domain/refund.ts';
import { assess, toDecision } from '../domain/rules/index.ts';
import { withMerchantResponseSeconds } from '../domain/scorecard/index.ts';
import { recordMetric } from '../observability/metrics.ts';
import type { Ports } from '../ports/index.ts';
import type { RefundChange } from '../ports/refund-store.ts';
import { type AlreadyRead, assessmentInput } from './assessment-input.ts';
import { notifyTransition } from './notify-transition.ts';
import { payoutOwed } from './pay-out.ts';
import { withReturnAddress } from './return-address.ts';
import { countForScorecard, underMerchantTerms } from './scorecard.ts';

export type AssessRefundDeps = Pick<
  Ports,
  'store' | 'policy' | 'clock' | 'notifier' | 'inbox' | 'returnAddresses' | 'scorecards'
>;

/** The merchant's own response deadline, when its tier set one (recorded on the assessment's inputs). */
function decidedPolicy(refund: Refund, policy: Policy): Policy {
  const seconds = latestAssessment(refund)?.inputs?.merchantResponseSeconds;
  return withMerchantResponseSeconds(policy, typeof seconds === 'number' ? seconds : undefined);
}

/**
 * The merchant's scorecard counts the refund once it is first assessed (the change above is conditional on
 * SUBMITTED, so only one assessment gets here), not on the application's own write: the request stays at its
 * 6 write units (test/integration/api/capacity.test.ts). A crash between the two loses the count, never doubles it.
 */
function countRefund(deps: Pick<Ports, 'scorecards'>, refund: Refund): Promise<void> {
  return countForScorecard(deps, refund.merchantId, refund.createdAt, 'refunds');
}

/** The Step the state machine routes on, for the lifecycle task Assess. */
export async function assessRefund(deps: AssessRefundDeps, refundId: string): Promise<Step> {
  const refund = await deps.store.getRefund(refundId, { consistent: true });
  if (!refund) throw new NotFound('refund');
  return (await assessStored(deps, refund)).step;
}

/**
 * Assesses a refund just read (the application runs this in its own request, app/apply-for-refund.ts); returns the
 * Step and the refund as stored afterwards. A refund already past SUBMITTED continues from what was decided.
 */
export async function assessStored(
  deps: AssessRefundDeps,
  refund: Refund,
  read?: AlreadyRead,
): Promise<{ step: Step; refund: Refund }> {
  const { store, policy } = deps;
  // A retried or repeated Assess continues from what was already decided; an approval whose payout is recorded but
  // was never sent goes on to the payout run (starting it again is harmless: app/pay-out.ts).
  const now = deps.clock.now().toISOString();
  if (refund.status !== 'SUBMITTED') return { step: resumeStepOf(refund, decidedPolicy(refund, policy), now), refund };

  const { input, order } = await assessmentInput(deps, refund, now, read);
  // Judged by the thresholds of the refund's own currency (CurrencyNotSupported if the policy has none).
  const assessed = assess(input, policyInCurrency(policy, refund.currency));
  // The merchant's record may change who decides and by when (its scorecard tier): each consequence is a rule of
  // the decision, after the engine's, and the merchant's deadline is kept on the decision's inputs.
  const applied = await underMerchantTerms(deps, refund.merchantId, assessed);
  const { assessment } = applied;
  const decision = toDecision(assessment, now);
  decision.inputs = { ...decision.inputs, ...applied.inputs };
  const requirements = {
    returnRequired: assessment.returnRequired,
    refundOnWaybill: assessment.refundOnWaybill,
    evidenceRequired: assessment.evidenceRequired,
  };
  // The deciding rule is the code of the timeline's text (domain/timeline-text.ts); its English explanation is not stored.
  const said = {
    detailCode: 'RULES_DECIDED' as const,
    facts: { rule: assessment.reasonRule, outcome: assessment.outcome },
  };

  if (assessment.outcome === 'REJECT') {
    const closed = await store.closeUnpaid(
      refund,
      { ...transition('REJECTED', now, 'SYSTEM', { decision, ...said }), step: 'END', extra: { requirements } },
      ['SUBMITTED'],
    );
    await countRefund(deps, refund);
    await notifyTransition(deps, { from: 'ASSESSMENT', to: 'END', cause: 'ACTION' }, closed);
    return { step: stepFor('END', policy), refund: closed };
  }

  const outcome: StepOutcome = assessment.outcome;
  // A return asked for at once carries where the goods go (app/return-address.ts).
  const entered = enterStep(outcome, now, 'SYSTEM', applied.policy, { decision, ...said });
  // The deadline stays on the entry, which is never rewritten: the application's answer is rebuilt from it on a
  // replay (domain/first-answer.ts), after `nextStep` has moved on.
  const dueBy = entered.nextStep?.dueBy;
  if (dueBy) entered.event.facts = { ...entered.event.facts, dueBy };
  let change: RefundChange = await withReturnAddress(deps, refund, outcome, { ...entered, extra: { requirements } });
  if (outcome === 'APPROVE') {
    // The payout owed is recorded in the same write as the approval: the application's 201 carries its promise,
    // and one write of the refund item is saved on every instant refund (the payout run finds it recorded).
    const { payout, event } = payoutOwed(deps, refund, order, now);
    change = {
      ...change,
      status: 'PAYOUT_PENDING',
      laterEvents: [event],
      payout,
      nextStep: awaitingSettlement(payout),
    };
  }
  const updated = await store.updateRefund(refund.refundId, change, ['SUBMITTED'], refund);
  await countRefund(deps, refund);
  // Approved, a return or evidence asked for, or a new refund in the merchant's queue (domain/notifications/notices.ts).
  await notifyTransition(deps, { from: 'ASSESSMENT', to: outcome, cause: 'ACTION' }, updated);
  if (assessment.instant) {
    recordMetric('InstantApprovals', 1);
  }
  return { step: stepFor(outcome, applied.policy), refund: updated };
}
