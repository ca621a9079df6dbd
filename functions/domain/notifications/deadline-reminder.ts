/**
 * Which merchants hear that their deadline is close (DEADLINE_SOON): a refund waiting for its merchant's decision
 * (AWAITING_MERCHANT) or for the merchant to confirm the returned goods (RETURN_IN_TRANSIT), whose deadline lapses
 * within REMINDER_LEAD_SECONDS and has not lapsed yet, and what the policy does at that deadline. Pure: the monitor
 * (app/remind-deadlines.ts) reads the candidates, asks this module, and sends each reminder once.
 */
import type { Policy } from '../policy/schema.ts';
import { merchantTimeoutOutcome } from '../policy/timeouts.ts';
import type { Refund } from '../refund.ts';
import type { IsoTime, RefundStatus } from '../vocabulary.ts';
import type { NoticeOutcome } from './merchant-texts.ts';

/** Two hours before the deadline: enough to act, late enough to be worth an interruption. */
export const REMINDER_LEAD_SECONDS = 2 * 3600;

/** The statuses in which the merchant has a deadline, and the step each waits in. */
export const MERCHANT_DEADLINE_STATUSES = ['AWAITING_MERCHANT', 'RETURN_IN_TRANSIT'] as const satisfies RefundStatus[];
const WAIT_OF: Readonly<Record<(typeof MERCHANT_DEADLINE_STATUSES)[number], { step: string; action: string }>> = {
  AWAITING_MERCHANT: { step: 'MERCHANT_REVIEW', action: 'DECIDE' },
  RETURN_IN_TRANSIT: { step: 'RETURN_IN_TRANSIT', action: 'CONFIRM_RETURN_RECEIVED' },
};

/** A reminder to send: the refund's wait (the marker is conditional on it) and the deadline it is about. */
export interface DueReminder {
  step: string;
  dueBy: IsoTime;
}

/**
 * The reminder `refund` is due at `now`, if any: it waits for its merchant in one of the statuses above, the next
 * step is the merchant's, and its deadline is more than 0 and at most REMINDER_LEAD_SECONDS away. Whether it was
 * already sent is the store's to say (RefundStore.markReminded), not this function's.
 */
export function dueReminder(
  refund: Pick<Refund, 'status' | 'step' | 'nextStep'>,
  now: IsoTime,
  leadSeconds = REMINDER_LEAD_SECONDS,
): DueReminder | undefined {
  const wait = (WAIT_OF as Partial<Record<string, { step: string; action: string }>>)[refund.status];
  const next = refund.nextStep;
  if (!wait || refund.step !== wait.step || next?.who !== 'MERCHANT' || next.action !== wait.action) return undefined;
  if (!next.dueBy) return undefined;
  const left = Date.parse(next.dueBy) - Date.parse(now);
  if (Number.isNaN(left) || left <= 0 || left > leadSeconds * 1000) return undefined;
  return { step: wait.step, dueBy: next.dueBy };
}

/**
 * What the policy does when the merchant stays silent past the deadline, as the merchant reads it: approval (which
 * still waits for the goods when the rules want them back and they are not on their way) or the platform's review.
 */
export function outcomeAtDeadline(
  refund: Pick<Refund, 'status' | 'requirements' | 'returnShipment'>,
  policy: Policy,
): NoticeOutcome {
  if (merchantTimeoutOutcome(policy).outcome !== 'APPROVE') return 'REVIEW';
  const returnFirst =
    refund.status === 'AWAITING_MERCHANT' && refund.requirements?.returnRequired === true && !refund.returnShipment;
  return returnFirst ? 'RETURN_REQUIRED' : 'APPROVED';
}
