/**
 * Maps an assessment onto the shared `Decision` record (functions/domain/refund.ts) that the store keeps and the
 * API shows, so every layer records rules, risk, policy version and inputs the same way.
 */
import type { Decision } from '../refund.ts';
import type { IsoTime } from '../vocabulary.ts';
import type { Assessment } from './types.ts';

/** The machine's decision as stored on the refund (`by: 'SYSTEM'`), with the risk factors behind its score. */
export function toDecision(assessment: Assessment, at: IsoTime): Decision {
  return {
    kind: 'ASSESSMENT',
    outcome: assessment.outcome,
    by: 'SYSTEM',
    rules: [...assessment.rules],
    riskScore: assessment.riskScore,
    riskLevel: assessment.riskLevel,
    riskFactors: assessment.risk.factors.map((f) => ({ ...f })),
    policyVersion: assessment.policyVersion,
    inputs: { ...assessment.inputs },
    at,
  };
}
