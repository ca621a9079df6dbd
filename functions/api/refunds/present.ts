/** The Refund resource as clients see it: labels in the caller's language, internal fields left out. */

import type { Refund } from '../../domain/refund.ts';
import { type Locale, statusLabel } from '../../domain/status-labels.ts';
import { messageLabel, timelineWithMessages } from '../../domain/thread.ts';

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
    // Shown as timeline entries (the texts are read at GET …/messages).
    thread: _thread,
    ...rest
  } = refund;
  return {
    ...rest,
    statusLabel: statusLabel(refund.status, locale, timeline.find((e) => e.status === refund.status)?.actor),
    // Status changes and the thread's messages, in time order; a message changes no status.
    timeline: timelineWithMessages(refund).map((event) => ({
      at: event.at,
      status: event.status,
      label:
        event.kind === 'MESSAGE' ? messageLabel(event.actor, locale) : statusLabel(event.status, locale, event.actor),
      actor: event.actor,
      ...(event.detail ? { detail: event.detail } : {}),
      ...(event.kind === 'MESSAGE' ? { kind: event.kind, messageId: event.messageId } : {}),
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
