/**
 * The Refund resource as clients see it: labels and timeline details in the caller's language, built from codes
 * (domain/timeline-text.ts), internal fields left out. Buyers and merchants never see a rule id or a stored English
 * note; reviewers (`audience: 'staff'`) also get each entry's rule and, where no code applies, the stored note.
 */

import type { Refund } from '../../domain/refund.ts';
import type { Locale } from '../../domain/status-labels.ts';
import { messageLabel, timelineWithMessages } from '../../domain/thread.ts';
import { eventDetail, eventLabel, ruleOfEvent } from '../../domain/timeline-text.ts';

/** Who reads: the refund's buyer or merchant, or platform staff (reviewers, inspectors). */
export type Audience = 'party' | 'staff';

export function presentRefund(refund: Refund, locale: Locale, audience: Audience = 'party') {
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
    // Staff only: the rules that sent the goods name the buyer's risk, which buyers and merchants never read.
    inspection,
    requirements: _requirements,
    requestHash: _requestHash,
    // What the buyer applied for, kept for replays of the application (domain/first-answer.ts).
    applied: _applied,
    appliedDestination: _appliedDestination,
    // Shown as timeline entries (the texts are read at GET …/messages).
    thread: _thread,
    ...rest
  } = refund;
  return {
    ...rest,
    ...(inspection && audience === 'staff' ? { inspection } : {}),
    // The event that brought the refund to its status tells apart a withdrawal from a system close.
    statusLabel: eventLabel(
      timeline.findLast((e) => e.status === refund.status) ?? {
        at: refund.updatedAt,
        status: refund.status,
        actor: 'SYSTEM',
      },
      locale,
    ),
    // Status changes and the thread's messages, in time order; a message changes no status.
    timeline: timelineWithMessages(refund).map((event) => {
      if (event.kind === 'MESSAGE') {
        const { at, status, actor, kind, messageId } = event;
        return { at, status, label: messageLabel(actor, locale), actor, kind, messageId };
      }
      const detail = eventDetail(event, locale) ?? (audience === 'staff' ? event.detail : undefined);
      const rule = audience === 'staff' ? ruleOfEvent(event) : undefined;
      return {
        at: event.at,
        status: event.status,
        label: eventLabel(event, locale),
        actor: event.actor,
        ...(detail ? { detail } : {}),
        ...(rule ? { rule } : {}),
      };
    }),
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
