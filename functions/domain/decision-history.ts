/**
 * A refund's decisions as history: every assessment, merchant answer, review and timeout outcome is appended to
 * `decisions` (the store does it whenever a change sets `decision`), so a later decision never hides an earlier one.
 */
import type { Decision, Refund } from './refund.ts';

/** The decisions, oldest first. Refunds stored before the history was kept show their one `decision`. */
export function decisionHistory(refund: Pick<Refund, 'decision' | 'decisions'>): Decision[] {
  if (refund.decisions?.length) return refund.decisions;
  return refund.decision ? [refund.decision] : [];
}

/**
 * The rules engine's latest assessment: the rules that fired, the risk score and its factors. A decision stored
 * before kinds were recorded counts when the machine took it with a risk score.
 */
export function latestAssessment(refund: Pick<Refund, 'decision' | 'decisions'>): Decision | undefined {
  return decisionHistory(refund).findLast(
    (d) => d.kind === 'ASSESSMENT' || (d.kind === undefined && d.by === 'SYSTEM' && d.riskScore !== undefined),
  );
}
