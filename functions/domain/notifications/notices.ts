/**
 * Who is told what at each transition of the lifecycle (./lifecycle.ts): one table keyed by where the refund was
 * (the assessment of a new refund, or a wait), where it goes (the step outcome) and why (a person or the machine
 * acted, or the wait ran out). The use cases send what this table says (app/notify-transition.ts), so the words and the
 * recipients of every outcome are decided here, in one place; test/unit/notices.test.ts walks every transition the
 * domain can produce and fails on one that is missing here.
 */
import type { StepOutcome, Wait } from '../lifecycle.ts';
import type { BuyerEvent } from './buyer-texts.ts';
import type { MerchantEvent, NoticeOutcome } from './merchant-texts.ts';

/** Where a transition starts: the first assessment of a submitted refund, or a wait of the lifecycle. */
export type Origin = 'ASSESSMENT' | Wait;
/** Why it happened: someone (buyer, merchant, reviewer, the OCR of their evidence) acted, or the wait ran out. */
export type Cause = 'ACTION' | 'TIMEOUT';
export type TransitionKey = `${Origin}>${StepOutcome}>${Cause}`;

/** What the buyer and the merchant are told; an empty object means nobody (the step needs no one's attention). */
export interface Notices {
  buyer?: BuyerEvent;
  merchant?: { event: MerchantEvent; outcome?: NoticeOutcome };
}

const timedOut = (outcome: NoticeOutcome) => ({ event: 'TIMEOUT_DECIDED', outcome }) as const;
const ruling = (outcome: NoticeOutcome) => ({ event: 'RULING', outcome }) as const;

/** Every transition the lifecycle makes, and who hears of it. */
export const TRANSITION_NOTICES: Readonly<Partial<Record<TransitionKey, Notices>>> = {
  // The rules' first word on a new refund (app/assess-refund.ts).
  'ASSESSMENT>APPROVE>ACTION': { buyer: 'APPROVED' },
  'ASSESSMENT>END>ACTION': { buyer: 'REJECTED' },
  'ASSESSMENT>AWAIT_RETURN>ACTION': { buyer: 'RETURN_REQUESTED' },
  'ASSESSMENT>AWAIT_EVIDENCE>ACTION': { buyer: 'EVIDENCE_REQUESTED' },
  'ASSESSMENT>MERCHANT_REVIEW>ACTION': { merchant: { event: 'NEW_REFUND' } },
  'ASSESSMENT>MANUAL_REVIEW>ACTION': {},
  // The merchant decides (app/decide-as-merchant.ts); a rejection opens the buyer's dispute window.
  'MERCHANT_REVIEW>APPROVE>ACTION': { buyer: 'APPROVED' },
  'MERCHANT_REVIEW>AWAIT_RETURN>ACTION': { buyer: 'RETURN_REQUESTED' },
  'MERCHANT_REVIEW>AWAIT_DISPUTE>ACTION': { buyer: 'REJECTED' },
  // The merchant stays silent: the policy approves or escalates, and both sides are told (app/apply-timeout.ts).
  'MERCHANT_REVIEW>APPROVE>TIMEOUT': { buyer: 'APPROVED', merchant: timedOut('APPROVED') },
  'MERCHANT_REVIEW>AWAIT_RETURN>TIMEOUT': { buyer: 'RETURN_REQUESTED', merchant: timedOut('RETURN_REQUIRED') },
  'MERCHANT_REVIEW>MANUAL_REVIEW>TIMEOUT': { merchant: timedOut('REVIEW') },
  // Evidence read (app/read-evidence.ts: a new assessment with it), or the buyer never sent it.
  'AWAIT_EVIDENCE>APPROVE>ACTION': { buyer: 'APPROVED' },
  'AWAIT_EVIDENCE>END>ACTION': { buyer: 'REJECTED' },
  'AWAIT_EVIDENCE>AWAIT_RETURN>ACTION': { buyer: 'RETURN_REQUESTED' },
  'AWAIT_EVIDENCE>MERCHANT_REVIEW>ACTION': { merchant: { event: 'NEW_REFUND' } },
  'AWAIT_EVIDENCE>MANUAL_REVIEW>ACTION': {},
  'AWAIT_EVIDENCE>END>TIMEOUT': { buyer: 'CLOSED_NO_EVIDENCE' },
  // The buyer ships the goods (trusted buyers are paid on the waybill), the merchant confirms early, or time runs out.
  'AWAIT_RETURN>APPROVE>ACTION': { buyer: 'APPROVED' },
  'AWAIT_RETURN>RETURN_IN_TRANSIT>ACTION': {},
  'AWAIT_RETURN>MANUAL_REVIEW>ACTION': {},
  'AWAIT_RETURN>END>TIMEOUT': { buyer: 'CLOSED_NO_RETURN' },
  // The merchant confirms the goods arrived (intact: paid; otherwise the platform judges), or stays silent.
  'RETURN_IN_TRANSIT>APPROVE>ACTION': { buyer: 'APPROVED' },
  'RETURN_IN_TRANSIT>MANUAL_REVIEW>ACTION': {},
  'RETURN_IN_TRANSIT>APPROVE>TIMEOUT': { buyer: 'APPROVED', merchant: timedOut('APPROVED') },
  'RETURN_IN_TRANSIT>MANUAL_REVIEW>TIMEOUT': { merchant: timedOut('REVIEW') },
  // The buyer disputes the merchant's rejection (arbitration follows), or lets the window pass.
  'AWAIT_DISPUTE>MANUAL_REVIEW>ACTION': {},
  'AWAIT_DISPUTE>END>TIMEOUT': { buyer: 'DISPUTE_CLOSED' },
  // A reviewer rules (manual review or arbitration): the merchant hears the platform's ruling too.
  'MANUAL_REVIEW>APPROVE>ACTION': { buyer: 'APPROVED', merchant: ruling('APPROVED') },
  'MANUAL_REVIEW>AWAIT_RETURN>ACTION': { buyer: 'RETURN_REQUESTED', merchant: ruling('RETURN_REQUIRED') },
  'MANUAL_REVIEW>END>ACTION': { buyer: 'REJECTED', merchant: ruling('REJECTED') },
  'MANUAL_REVIEW>AWAIT_EVIDENCE>ACTION': { buyer: 'EVIDENCE_REQUESTED' },
  // The merchant offers part of the amount (app/decide-as-merchant.ts); the buyer accepts (paid at the offer),
  // declines (as the policy says: the platform, or back to the merchant), or stays silent (the policy's default).
  'MERCHANT_REVIEW>AWAIT_OFFER>ACTION': { buyer: 'OFFER_MADE' },
  'AWAIT_OFFER>APPROVE>ACTION': { buyer: 'APPROVED' },
  'AWAIT_OFFER>MANUAL_REVIEW>ACTION': {},
  'AWAIT_OFFER>MERCHANT_REVIEW>ACTION': { merchant: { event: 'NEW_REFUND' } },
  'AWAIT_OFFER>APPROVE>TIMEOUT': { buyer: 'APPROVED' },
  'AWAIT_OFFER>MANUAL_REVIEW>TIMEOUT': {},
  'AWAIT_OFFER>MERCHANT_REVIEW>TIMEOUT': { merchant: { event: 'NEW_REFUND' } },
  // Past its SLA the task goes to another reviewer: nothing changes for buyer or merchant.
  'MANUAL_REVIEW>MANUAL_REVIEW>TIMEOUT': {},
  // The returned goods go to a third-party inspector (app/receive-return.ts): the refund's status says so, and nobody
  // has anything to do until the verdict, which is told like a platform ruling (app/record-inspection.ts); an
  // inspection that lapses goes to another inspector, then to a reviewer, without a word to either side.
  'AWAIT_RETURN>AWAIT_INSPECTION>ACTION': {},
  'RETURN_IN_TRANSIT>AWAIT_INSPECTION>ACTION': {},
  'AWAIT_INSPECTION>APPROVE>ACTION': { buyer: 'APPROVED', merchant: ruling('APPROVED') },
  'AWAIT_INSPECTION>END>ACTION': { buyer: 'REJECTED', merchant: ruling('REJECTED') },
  'AWAIT_INSPECTION>MANUAL_REVIEW>ACTION': {},
  'AWAIT_INSPECTION>AWAIT_INSPECTION>TIMEOUT': {},
  'AWAIT_INSPECTION>MANUAL_REVIEW>TIMEOUT': {},
};

/** Who is told what when a refund goes from `from` to `to`; undefined for a transition the table does not know. */
export function noticesFor(from: Origin, to: StepOutcome, cause: Cause): Notices | undefined {
  return TRANSITION_NOTICES[`${from}>${to}>${cause}`];
}
