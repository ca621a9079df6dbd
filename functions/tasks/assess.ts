/**
 * Lifecycle task "Assess": the rules engine decides what happens to a submitted refund; the decision (outcome,
 * rules fired, risk, policy version, inputs) is recorded on the refund with the status it leads to.
 * Input `{ refundId }`; output the Step the state machine routes on.
 */

import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter, legacyPorts } from '../adapters/index.ts';
import { assessmentInput } from '../app/assessment-input.ts';
import { notifyBuyer } from '../app/notify-buyer.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { NotFound } from '../domain/errors.ts';
import { enterStep, resumeStepOf, type Step, type StepOutcome, stepFor, transition } from '../domain/lifecycle.ts';
import { assess, toDecision } from '../domain/rules/index.ts';
import { publishMetrics, recordMetric } from '../observability/metrics.ts';

requireEnvironmentOf('Assess');

defaultAdapter('store', () => new DynamoRefundStore());

export async function handler(input: { refundId: string }): Promise<Step> {
  const store = adapter('store');
  const policy = adapter('policy');
  const refund = await store.getRefund(input.refundId);
  if (!refund) throw new NotFound('refund');
  // A retried or repeated Assess continues from what was already decided.
  if (refund.status !== 'SUBMITTED') return resumeStepOf(refund, policy);

  const now = adapter('clock').now().toISOString();
  const assessment = assess(await assessmentInput(legacyPorts, refund, now), policy);
  const decision = toDecision(assessment, now);
  const requirements = {
    returnRequired: assessment.returnRequired,
    refundOnWaybill: assessment.refundOnWaybill,
    evidenceRequired: assessment.evidenceRequired,
  };
  const detail = assessment.reason;

  if (assessment.outcome === 'REJECT') {
    const closed = await store.closeUnpaid(
      refund,
      { ...transition('REJECTED', now, 'SYSTEM', { decision, detail }), step: 'END', extra: { requirements } },
      ['SUBMITTED'],
    );
    await notifyBuyer(legacyPorts, 'REJECTED', closed);
    return stepFor('END', policy);
  }

  const outcome: StepOutcome = assessment.outcome;
  const updated = await store.updateRefund(
    refund.refundId,
    { ...enterStep(outcome, now, 'SYSTEM', policy, { decision, detail }), extra: { requirements } },
    ['SUBMITTED'],
  );
  if (outcome === 'APPROVE') await notifyBuyer(legacyPorts, 'APPROVED', updated);
  if (assessment.instant) {
    recordMetric('InstantApprovals', 1);
    publishMetrics();
  }
  return stepFor(outcome, policy);
}
