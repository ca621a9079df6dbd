/** The Refund resource as clients see it: labels in the caller's language, internal fields left out. */

import type { Refund } from '../../domain/refund.ts';
import { type Locale, statusLabel } from '../../domain/status-labels.ts';

export function presentRefund(refund: Refund, locale: Locale) {
  const {
    decision,
    // The history is for reviewers (GET /v1/review/tasks), with risk factors buyers and merchants do not see.
    decisions: _decisions,
    payout,
    timeline,
    evidence,
    category: _category,
    step: _step,
    review: _review,
    requirements: _requirements,
    requestHash: _requestHash,
    ...rest
  } = refund;
  return {
    ...rest,
    statusLabel: statusLabel(refund.status, locale, timeline.find((e) => e.status === refund.status)?.actor),
    timeline: timeline.map((event) => ({
      at: event.at,
      status: event.status,
      label: statusLabel(event.status, locale, event.actor),
      actor: event.actor,
      ...(event.detail ? { detail: event.detail } : {}),
    })),
    ...(decision
      ? {
          decision: {
            outcome: decision.outcome,
            by: decision.by,
            rules: decision.rules,
            ...(decision.riskScore === undefined ? {} : { riskScore: decision.riskScore }),
            ...(decision.policyVersion ? { policyVersion: decision.policyVersion } : {}),
          },
        }
      : {}),
    ...(payout ? { payout } : {}),
    // What the buyer sent and what OCR read from it (tracking number, total, and how it compared).
    ...(evidence?.length ? { evidence } : {}),
  };
}
