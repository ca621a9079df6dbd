/**
 * Who is told what at every transition of the lifecycle. The walk produces each transition the domain can make (the
 * assessment's outcomes, every person's action through domain/transitions.ts, every wait's timeout as the policy
 * plays it) and checks it against the table below; a new transition without a row here fails, and so does a row in
 * domain/notifications/notices.ts that this table does not expect.
 */
import { describe, expect, it } from 'vitest';
import { type StepOutcome, WAITS } from '../../functions/domain/lifecycle.ts';
import { BUYER_EVENTS } from '../../functions/domain/notifications/buyer.ts';
import { AUDIENCES, NOTICE_EVENTS, renderNotice } from '../../functions/domain/notifications/catalogue.ts';
import { NOTICE_OUTCOMES } from '../../functions/domain/notifications/merchant.ts';
import {
  type Cause,
  noticesFor,
  type Origin,
  TRANSITION_NOTICES,
  type TransitionKey,
} from '../../functions/domain/notifications/notices.ts';
import { loadPolicy } from '../../functions/domain/policy/load.ts';
import { OUTCOMES, VERDICT_OUTCOMES } from '../../functions/domain/policy/schema.ts';
import type { Refund } from '../../functions/domain/refund.ts';
import { LOCALES } from '../../functions/domain/status-labels.ts';
import {
  afterDispute,
  afterInspection,
  afterMerchantDecision,
  afterOfferAnswer,
  afterReturnReceived,
  afterReturnShipped,
  afterReview,
} from '../../functions/domain/transitions.ts';
import { aRefund } from '../support/builders.ts';

/** transition → [what the buyer hears, what the merchant hears (event:outcome)]; '-' is nobody. */
const EXPECTED: Record<string, [string, string]> = {
  'ASSESSMENT>APPROVE>ACTION': ['APPROVED', '-'],
  'ASSESSMENT>END>ACTION': ['REJECTED', '-'],
  'ASSESSMENT>AWAIT_RETURN>ACTION': ['RETURN_REQUESTED', '-'],
  'ASSESSMENT>AWAIT_EVIDENCE>ACTION': ['EVIDENCE_REQUESTED', '-'],
  'ASSESSMENT>MERCHANT_REVIEW>ACTION': ['-', 'NEW_REFUND'],
  'ASSESSMENT>MANUAL_REVIEW>ACTION': ['-', '-'],
  'MERCHANT_REVIEW>APPROVE>ACTION': ['APPROVED', '-'],
  'MERCHANT_REVIEW>AWAIT_RETURN>ACTION': ['RETURN_REQUESTED', '-'],
  'MERCHANT_REVIEW>AWAIT_DISPUTE>ACTION': ['REJECTED', '-'],
  'MERCHANT_REVIEW>APPROVE>TIMEOUT': ['APPROVED', 'TIMEOUT_DECIDED:APPROVED'],
  'MERCHANT_REVIEW>AWAIT_RETURN>TIMEOUT': ['RETURN_REQUESTED', 'TIMEOUT_DECIDED:RETURN_REQUIRED'],
  'MERCHANT_REVIEW>MANUAL_REVIEW>TIMEOUT': ['-', 'TIMEOUT_DECIDED:REVIEW'],
  'AWAIT_EVIDENCE>APPROVE>ACTION': ['APPROVED', '-'],
  'AWAIT_EVIDENCE>END>ACTION': ['REJECTED', '-'],
  'AWAIT_EVIDENCE>AWAIT_RETURN>ACTION': ['RETURN_REQUESTED', '-'],
  'AWAIT_EVIDENCE>MERCHANT_REVIEW>ACTION': ['-', 'NEW_REFUND'],
  'AWAIT_EVIDENCE>MANUAL_REVIEW>ACTION': ['-', '-'],
  'AWAIT_EVIDENCE>END>TIMEOUT': ['CLOSED_NO_EVIDENCE', '-'],
  'AWAIT_RETURN>APPROVE>ACTION': ['APPROVED', '-'],
  'AWAIT_RETURN>RETURN_IN_TRANSIT>ACTION': ['-', '-'],
  'AWAIT_RETURN>MANUAL_REVIEW>ACTION': ['-', '-'],
  'AWAIT_RETURN>END>TIMEOUT': ['CLOSED_NO_RETURN', '-'],
  'RETURN_IN_TRANSIT>APPROVE>ACTION': ['APPROVED', '-'],
  'RETURN_IN_TRANSIT>MANUAL_REVIEW>ACTION': ['-', '-'],
  'RETURN_IN_TRANSIT>APPROVE>TIMEOUT': ['APPROVED', 'TIMEOUT_DECIDED:APPROVED'],
  'RETURN_IN_TRANSIT>MANUAL_REVIEW>TIMEOUT': ['-', 'TIMEOUT_DECIDED:REVIEW'],
  'AWAIT_DISPUTE>MANUAL_REVIEW>ACTION': ['-', '-'],
  'AWAIT_DISPUTE>END>TIMEOUT': ['DISPUTE_CLOSED', '-'],
  'MANUAL_REVIEW>APPROVE>ACTION': ['APPROVED', 'RULING:APPROVED'],
  'MANUAL_REVIEW>AWAIT_RETURN>ACTION': ['RETURN_REQUESTED', 'RULING:RETURN_REQUIRED'],
  'MANUAL_REVIEW>END>ACTION': ['REJECTED', 'RULING:REJECTED'],
  'MANUAL_REVIEW>AWAIT_EVIDENCE>ACTION': ['EVIDENCE_REQUESTED', '-'],
  'MERCHANT_REVIEW>AWAIT_OFFER>ACTION': ['OFFER_MADE', '-'],
  'AWAIT_OFFER>APPROVE>ACTION': ['APPROVED', '-'],
  'AWAIT_OFFER>MANUAL_REVIEW>ACTION': ['-', '-'],
  'AWAIT_OFFER>MERCHANT_REVIEW>ACTION': ['-', 'NEW_REFUND'],
  'AWAIT_OFFER>APPROVE>TIMEOUT': ['APPROVED', '-'],
  'AWAIT_OFFER>MANUAL_REVIEW>TIMEOUT': ['-', '-'],
  'AWAIT_OFFER>MERCHANT_REVIEW>TIMEOUT': ['-', 'NEW_REFUND'],
  'MANUAL_REVIEW>MANUAL_REVIEW>TIMEOUT': ['-', '-'],
  'AWAIT_RETURN>AWAIT_INSPECTION>ACTION': ['-', '-'],
  'RETURN_IN_TRANSIT>AWAIT_INSPECTION>ACTION': ['-', '-'],
  'AWAIT_INSPECTION>APPROVE>ACTION': ['APPROVED', 'RULING:APPROVED'],
  'AWAIT_INSPECTION>END>ACTION': ['REJECTED', 'RULING:REJECTED'],
  'AWAIT_INSPECTION>MANUAL_REVIEW>ACTION': ['-', '-'],
  'AWAIT_INSPECTION>AWAIT_INSPECTION>TIMEOUT': ['-', '-'],
  'AWAIT_INSPECTION>MANUAL_REVIEW>TIMEOUT': ['-', '-'],
};

const key = (from: Origin, to: StepOutcome, cause: Cause): TransitionKey => `${from}>${to}>${cause}`;
const asRow = (n: ReturnType<typeof noticesFor>) =>
  n && [n.buyer ?? '-', n.merchant ? `${n.merchant.event}${n.merchant.outcome ? `:${n.merchant.outcome}` : ''}` : '-'];

/** Every transition the domain can make, walked through its own functions. */
function walk(): Set<TransitionKey> {
  const seen = new Set<TransitionKey>();
  const plain = { returnRequired: false, refundOnWaybill: false, evidenceRequired: [] };
  const mustReturn = { ...plain, returnRequired: true };
  const trusted = { ...mustReturn, refundOnWaybill: true };
  const at = (step: string, requirements: Refund['requirements'] = plain) =>
    aRefund({ scenario: 'DELIVERED', status: 'AWAITING_MERCHANT', step, requirements });
  const assessed = (o: (typeof OUTCOMES)[number]): StepOutcome => (o === 'REJECT' ? 'END' : o);

  // The rules on a new refund (app/assess-refund.ts).
  for (const outcome of OUTCOMES) seen.add(key('ASSESSMENT', assessed(outcome), 'ACTION'));
  for (const requirements of [plain, mustReturn, trusted]) {
    for (const d of ['APPROVE', 'REJECT'] as const)
      seen.add(key('MERCHANT_REVIEW', afterMerchantDecision(at('MERCHANT_REVIEW', requirements), d), 'ACTION'));
    for (const valid of [true, false])
      seen.add(key('AWAIT_RETURN', afterReturnShipped(at('AWAIT_RETURN', requirements), valid), 'ACTION'));
    for (const d of ['APPROVE', 'REJECT', 'REQUEST_EVIDENCE'] as const)
      seen.add(key('MANUAL_REVIEW', afterReview(at('MANUAL_REVIEW', requirements), d), 'ACTION'));
    for (const step of ['AWAIT_RETURN', 'RETURN_IN_TRANSIT'] as const)
      for (const c of ['INTACT', 'DAMAGED', 'NOT_MATCHING'] as const)
        for (const inspectionRules of [[], ['INSPECTION.CONDITION_CLAIM']])
          seen.add(key(step, afterReturnReceived(at(step, requirements), c, inspectionRules), 'ACTION'));
  }
  seen.add(key('AWAIT_DISPUTE', afterDispute(at('AWAIT_DISPUTE')), 'ACTION'));
  // Evidence read: a new assessment with it, where asking for evidence again goes to a reviewer (app/read-evidence.ts).
  for (const outcome of OUTCOMES) {
    seen.add(key('AWAIT_EVIDENCE', outcome === 'AWAIT_EVIDENCE' ? 'MANUAL_REVIEW' : assessed(outcome), 'ACTION'));
  }
  // Timeouts as app/apply-timeout.ts plays them: a silent merchant is approved for (maybe after a return) or
  // escalated, per policy; a buyer's wait closes the refund; a review is reassigned.
  for (const requirements of [plain, mustReturn]) {
    seen.add(key('MERCHANT_REVIEW', afterMerchantDecision(at('MERCHANT_REVIEW', requirements), 'APPROVE'), 'TIMEOUT'));
  }
  seen.add(key('MERCHANT_REVIEW', 'MANUAL_REVIEW', 'TIMEOUT'));
  seen.add(key('RETURN_IN_TRANSIT', 'APPROVE', 'TIMEOUT'));
  seen.add(key('RETURN_IN_TRANSIT', 'MANUAL_REVIEW', 'TIMEOUT'));
  for (const wait of ['AWAIT_EVIDENCE', 'AWAIT_RETURN', 'AWAIT_DISPUTE'] as const)
    seen.add(key(wait, 'END', 'TIMEOUT'));
  seen.add(key('MANUAL_REVIEW', 'MANUAL_REVIEW', 'TIMEOUT'));
  // A partial offer (app/decide-as-merchant.ts), answered by the buyer or by silence (app/answer-offer.ts,
  // app/apply-timeout.ts), with each of the policy's ways to go on after a decline.
  seen.add(key('MERCHANT_REVIEW', afterMerchantDecision(at('MERCHANT_REVIEW'), 'OFFER'), 'ACTION'));
  for (const onDecline of ['MANUAL_REVIEW', 'MERCHANT_REVIEW'] as const) {
    const policy = { offer: { ...loadPolicy('prod').offer, onDecline } };
    for (const accept of [true, false])
      for (const cause of ['ACTION', 'TIMEOUT'] as const)
        seen.add(key('AWAIT_OFFER', afterOfferAnswer(at('AWAIT_OFFER'), accept, policy), cause));
  }
  // An inspector's verdict, wherever the policy sends each one; a lapsed inspection is reassigned, then reviewed.
  for (const outcome of VERDICT_OUTCOMES) {
    const verdicts = { AS_CLAIMED: outcome, NOT_AS_CLAIMED: outcome, INCONCLUSIVE: outcome };
    const policy = { inspection: { ...loadPolicy('prod').inspection, verdicts } };
    seen.add(key('AWAIT_INSPECTION', afterInspection(at('AWAIT_INSPECTION'), 'AS_CLAIMED', policy), 'ACTION'));
  }
  seen.add(key('AWAIT_INSPECTION', 'AWAIT_INSPECTION', 'TIMEOUT'));
  seen.add(key('AWAIT_INSPECTION', 'MANUAL_REVIEW', 'TIMEOUT'));
  return seen;
}

describe('who is told what at each transition', () => {
  it('every transition the domain makes has a row, with the expected buyer and merchant notices', () => {
    const walked = [...walk()].sort();
    for (const transition of walked) {
      const [from, to, cause] = transition.split('>') as [Origin, StepOutcome, Cause];
      expect(EXPECTED[transition], `no expected notices for ${transition}`).toBeDefined();
      expect(asRow(noticesFor(from, to, cause)), transition).toEqual(EXPECTED[transition]);
    }
    // Every wait is left somehow, and the table has no row the walk never reaches.
    for (const wait of WAITS)
      expect(
        walked.some((t) => t.startsWith(`${wait}>`)),
        wait,
      ).toBe(true);
    expect(Object.keys(TRANSITION_NOTICES).sort()).toEqual(walked);
    expect(Object.keys(EXPECTED).sort()).toEqual(walked);
  });

  it('no outcome leaves the buyer unaware: every close, rejection, approval and request reaches them', () => {
    for (const [transition, notices] of Object.entries(TRANSITION_NOTICES)) {
      const to = transition.split('>')[1];
      if (
        to === 'APPROVE' ||
        to === 'END' ||
        to === 'AWAIT_RETURN' ||
        to === 'AWAIT_EVIDENCE' ||
        to === 'AWAIT_DISPUTE'
      )
        expect(notices?.buyer, transition).toBeDefined();
    }
  });

  it('an unknown transition has no notices (the use case logs it and carries on)', () => {
    expect(noticesFor('AWAIT_DISPUTE', 'APPROVE', 'ACTION')).toBeUndefined();
  });
});

describe('the catalogue', () => {
  const facts = {
    refundId: 'rf-1',
    orderId: 'o-1',
    amount: 12_900,
    currency: 'CNY',
    place: 'ALIPAY' as const,
    dueBy: '2026-11-28T10:00:00.000Z',
    sender: 'REVIEWER' as const,
  };

  it('has every event of every audience in every locale, each language its own', () => {
    for (const audience of AUDIENCES) {
      for (const event of NOTICE_EVENTS[audience]) {
        const notice = { audience, event, facts: { ...facts, outcome: 'APPROVED' as const } } as Parameters<
          typeof renderNotice
        >[0];
        const [zh, en] = LOCALES.map((l) => renderNotice(notice, l));
        expect(zh?.subject && zh.text && en?.subject && en.text, `${audience} ${event}`).toBeTruthy();
        expect(zh?.text).not.toBe(en?.text);
        expect(zh?.text).toMatch(/o-1|¥129\.00/);
      }
    }
    expect(BUYER_EVENTS).toContain('EVIDENCE_REQUESTED');
  });

  it('tells the buyer the evidence deadline in China time, and the merchant the outcome in its language', () => {
    const asked = renderNotice({ audience: 'buyer', event: 'EVIDENCE_REQUESTED', facts }, 'zh-CN');
    expect(asked.text).toContain('2026-11-28 18:00（北京时间）前');
    for (const outcome of NOTICE_OUTCOMES) {
      const zh = renderNotice({ audience: 'merchant', event: 'RULING', facts: { ...facts, outcome } }, 'zh-CN');
      const en = renderNotice({ audience: 'merchant', event: 'RULING', facts: { ...facts, outcome } }, 'en');
      expect(zh.text).toMatch(/裁决：.+。$/);
      expect(en.text).toMatch(/ruled on refund rf-1 .+: [a-z]/);
    }
    const fresh = renderNotice({ audience: 'merchant', event: 'NEW_REFUND', facts }, 'en');
    expect(fresh.text).toBe(
      "Refund rf-1 (order o-1, ¥129.00) is waiting for your decision until 2026-11-28 18:00 (China time); after that the platform's rules decide.",
    );
  });
});
