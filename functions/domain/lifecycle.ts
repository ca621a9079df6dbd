/**
 * The refund lifecycle as plain data. The state machine (statemachines/refund-lifecycle.asl.json) routes on a
 * step's `outcome`: APPROVE goes to payout, END finishes, anything else is a wait for a person, held by a task
 * token until the API resumes it with the next step or the wait's timeout applies the policy.
 */
import type { Policy } from './policy/schema.ts';
import type { Decision, NextStep, Refund, TimelineEvent } from './refund.ts';
import type { ActorKind, DetailCode, RefundStatus } from './vocabulary.ts';

export const WAITS = [
  'MERCHANT_REVIEW',
  'MANUAL_REVIEW',
  'AWAIT_EVIDENCE',
  'AWAIT_RETURN',
  'RETURN_IN_TRANSIT',
  'AWAIT_DISPUTE',
  /** The buyer answers a merchant's partial offer (./partial-offer.ts). */
  'AWAIT_OFFER',
  /** A third-party inspector checks the returned goods against the buyer's claim (./inspection.ts). */
  'AWAIT_INSPECTION',
] as const;
export type Wait = (typeof WAITS)[number];
export type StepOutcome = 'APPROVE' | 'END' | Wait;

/** What the state machine receives from every task and every resume. `timeoutSeconds` is >= 1 (ASL requires). */
export interface Step {
  outcome: StepOutcome;
  timeoutSeconds: number;
}

export function isWait(outcome: string | undefined): outcome is Wait {
  return (WAITS as readonly string[]).includes(outcome ?? '');
}

/** The status a refund shows while the lifecycle waits for someone. */
export const WAIT_STATUS: Readonly<Record<Wait, RefundStatus>> = {
  MERCHANT_REVIEW: 'AWAITING_MERCHANT',
  MANUAL_REVIEW: 'MANUAL_REVIEW',
  AWAIT_EVIDENCE: 'AWAITING_EVIDENCE',
  AWAIT_RETURN: 'AWAITING_RETURN',
  RETURN_IN_TRANSIT: 'RETURN_IN_TRANSIT',
  AWAIT_DISPUTE: 'REJECTED',
  AWAIT_OFFER: 'AWAITING_BUYER',
  AWAIT_INSPECTION: 'AWAITING_INSPECTION',
};

/** Who is expected to act during each wait, and what they are expected to do. */
export const WAIT_NEXT: Readonly<Record<Wait, Omit<NextStep, 'dueBy'>>> = {
  MERCHANT_REVIEW: { who: 'MERCHANT', action: 'DECIDE' },
  MANUAL_REVIEW: { who: 'REVIEWER', action: 'DECIDE' },
  AWAIT_EVIDENCE: { who: 'BUYER', action: 'UPLOAD_EVIDENCE' },
  AWAIT_RETURN: { who: 'BUYER', action: 'SHIP_RETURN' },
  RETURN_IN_TRANSIT: { who: 'MERCHANT', action: 'CONFIRM_RETURN_RECEIVED' },
  AWAIT_DISPUTE: { who: 'BUYER', action: 'DISPUTE_OR_ACCEPT' },
  AWAIT_OFFER: { who: 'BUYER', action: 'ANSWER_OFFER' },
  AWAIT_INSPECTION: { who: 'INSPECTOR', action: 'INSPECT' },
};

/**
 * How long each wait lasts, from the policy: merchants 24 h, buyers 7 days, reviewers their SLA. A return in
 * transit gets the buyer's return time plus the merchant's response time; the dispute window is the buyer's; a
 * partial offer waits `offer.answerSeconds`; an inspection, the inspector's SLA.
 */
export function waitSeconds(wait: Wait, policy: Policy): number {
  const t = policy.timeouts;
  const seconds: Record<Wait, number> = {
    MERCHANT_REVIEW: t.merchantResponseSeconds,
    MANUAL_REVIEW: t.reviewTaskSlaSeconds,
    AWAIT_EVIDENCE: t.buyerEvidenceSeconds,
    AWAIT_RETURN: t.buyerReturnSeconds,
    RETURN_IN_TRANSIT: t.buyerReturnSeconds + t.merchantResponseSeconds,
    AWAIT_DISPUTE: t.buyerEvidenceSeconds,
    AWAIT_OFFER: policy.offer.answerSeconds,
    AWAIT_INSPECTION: policy.inspection.slaSeconds,
  };
  return Math.max(1, Math.round(seconds[wait]));
}

export function stepFor(outcome: StepOutcome, policy: Policy): Step {
  return { outcome, timeoutSeconds: isWait(outcome) ? waitSeconds(outcome, policy) : 1 };
}

/**
 * Where a refund's lifecycle continues from its stored state (used when a resume and a timeout race, after a restart,
 * and when an application is retried). A wait entered again runs to the deadline it was given (`nextStep.dueBy`, as of
 * `now`), not a whole new wait: people's actions are refused after that deadline (ClaimOptions.actedAt), so a longer
 * timer would leave the refund answered by nobody until it fires, and a shorter one (another tier's) would end the
 * wait before the deadline the person was told.
 */
export function resumeStepOf(
  refund: Pick<Refund, 'status' | 'step' | 'payout' | 'nextStep'>,
  policy: Policy,
  now?: string,
): Step {
  if (refund.status === 'APPROVED') return stepFor('APPROVE', policy);
  // Approved with its payout recorded in the same write (app/pay-out.ts `claimWaitWithPayout`), not sent yet: the
  // payout run goes on from there.
  if (refund.status === 'PAYOUT_PENDING' && refund.step === 'APPROVE' && !refund.payout?.sentAt) {
    return stepFor('APPROVE', policy);
  }
  if (isWait(refund.step) && WAIT_STATUS[refund.step] === refund.status) {
    const dueBy = refund.nextStep?.dueBy ? Date.parse(refund.nextStep.dueBy) : Number.NaN;
    if (now === undefined || Number.isNaN(dueBy)) return stepFor(refund.step, policy);
    return { outcome: refund.step, timeoutSeconds: Math.max(1, Math.ceil((dueBy - Date.parse(now)) / 1000)) };
  }
  return stepFor('END', policy);
}

export interface Transition {
  status: RefundStatus;
  event: TimelineEvent;
  decision?: Decision;
  nextStep: NextStep | null;
}

/**
 * What a timeline event says: a code and its facts (the text is built in the reader's language at read time,
 * ./timeline-text.ts). No free `detail`: a new event never stores a sentence for display.
 */
export interface EventOptions {
  actorId?: string;
  detailCode?: DetailCode;
  facts?: Record<string, string | number>;
}

export function transition(
  status: RefundStatus,
  at: string,
  actor: ActorKind,
  options: EventOptions & { decision?: Decision; nextStep?: NextStep | null } = {},
): Transition {
  return {
    status,
    event: {
      at,
      status,
      actor,
      ...(options.actorId ? { actorId: options.actorId } : {}),
      ...(options.detailCode ? { detailCode: options.detailCode } : {}),
      ...(options.facts && Object.keys(options.facts).length ? { facts: { ...options.facts } } : {}),
    },
    ...(options.decision ? { decision: options.decision } : {}),
    nextStep: options.nextStep ?? null,
  };
}

/** The change that enters a step: its status, a timeline event, what is expected next and by when. */
export function enterStep(
  outcome: StepOutcome,
  at: string,
  actor: ActorKind,
  policy: Policy,
  options: EventOptions & { decision?: Decision } = {},
): Transition & { step: StepOutcome } {
  if (outcome === 'APPROVE') {
    return {
      ...transition('APPROVED', at, actor, { ...options, nextStep: { who: 'SYSTEM', action: 'PAYOUT' } }),
      step: outcome,
    };
  }
  if (outcome === 'END') throw new Error('END is entered by closing the refund, not by a transition');
  const dueBy = new Date(Date.parse(at) + waitSeconds(outcome, policy) * 1000).toISOString();
  return {
    ...transition(WAIT_STATUS[outcome], at, actor, { ...options, nextStep: { ...WAIT_NEXT[outcome], dueBy } }),
    step: outcome,
  };
}
