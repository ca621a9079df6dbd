import { describe, expect, it } from 'vitest';
import { enterStep, resumeStepOf, stepFor, WAIT_STATUS, WAITS, waitSeconds } from '../../functions/domain/lifecycle.ts';
import type { Refund } from '../../functions/domain/refund.ts';
import { defaultPolicy } from '../../functions/domain/rules/index.ts';
import {
  afterDispute,
  afterMerchantDecision,
  afterOfferAnswer,
  afterReturnReceived,
  afterReturnShipped,
  afterReview,
} from '../../functions/domain/transitions.ts';
import { aRefund } from '../support/builders.ts';

/** A delivered-goods refund waiting for its merchant; each test says which step it is at. */
const refund = (over: Partial<Refund>): Refund =>
  aRefund({ scenario: 'DELIVERED', status: 'AWAITING_MERCHANT', ...over });

describe('the steps after a person acts', () => {
  it('merchant approval pays, unless the goods must come back first', () => {
    expect(afterMerchantDecision(refund({ step: 'MERCHANT_REVIEW' }), 'APPROVE')).toBe('APPROVE');
    const mustReturn = { returnRequired: true, refundOnWaybill: false, evidenceRequired: [] };
    expect(afterMerchantDecision(refund({ step: 'MERCHANT_REVIEW', requirements: mustReturn }), 'APPROVE')).toBe(
      'AWAIT_RETURN',
    );
    expect(afterMerchantDecision(refund({ step: 'MERCHANT_REVIEW' }), 'REJECT')).toBe('AWAIT_DISPUTE');
  });

  it('a merchant offer waits for the buyer, whose answer pays the offer or goes where the policy says', () => {
    const policy = defaultPolicy();
    const mustReturn = { returnRequired: true, refundOnWaybill: false, evidenceRequired: [] };
    expect(afterMerchantDecision(refund({ step: 'MERCHANT_REVIEW', requirements: mustReturn }), 'OFFER')).toBe(
      'AWAIT_OFFER',
    );
    expect(WAIT_STATUS.AWAIT_OFFER).toBe('AWAITING_BUYER');
    expect(waitSeconds('AWAIT_OFFER', policy)).toBe(policy.offer.answerSeconds);
    // Accepted: paid at once, the goods stay with the buyer (no return even when the rules wanted one).
    expect(afterOfferAnswer(refund({ step: 'AWAIT_OFFER', requirements: mustReturn }), true, policy)).toBe('APPROVE');
    expect(afterOfferAnswer(refund({ step: 'AWAIT_OFFER' }), false, policy)).toBe('MANUAL_REVIEW');
    const back = { offer: { ...policy.offer, onDecline: 'MERCHANT_REVIEW' as const } };
    expect(afterOfferAnswer(refund({ step: 'AWAIT_OFFER' }), false, back)).toBe('MERCHANT_REVIEW');
    expect(() => afterOfferAnswer(refund({ step: 'MANUAL_REVIEW' }), true, policy)).toThrow(/not waiting/);
  });

  it('a return pays trusted buyers on a valid waybill and waits for the merchant otherwise', () => {
    const trusted = { returnRequired: true, refundOnWaybill: true, evidenceRequired: [] };
    expect(afterReturnShipped(refund({ step: 'AWAIT_RETURN', requirements: trusted }), true)).toBe('APPROVE');
    expect(afterReturnShipped(refund({ step: 'AWAIT_RETURN', requirements: trusted }), false)).toBe(
      'RETURN_IN_TRANSIT',
    );
    expect(afterReturnShipped(refund({ step: 'AWAIT_RETURN' }), true)).toBe('RETURN_IN_TRANSIT');
  });

  it('damaged returns, disputes and evidence requests go to the right person', () => {
    expect(afterReturnReceived(refund({ step: 'RETURN_IN_TRANSIT' }), 'INTACT')).toBe('APPROVE');
    expect(afterReturnReceived(refund({ step: 'RETURN_IN_TRANSIT' }), 'DAMAGED')).toBe('MANUAL_REVIEW');
    expect(afterDispute(refund({ step: 'AWAIT_DISPUTE' }))).toBe('MANUAL_REVIEW');
    expect(afterReview(refund({ step: 'MANUAL_REVIEW' }), 'REQUEST_EVIDENCE')).toBe('AWAIT_EVIDENCE');
    expect(afterReview(refund({ step: 'MANUAL_REVIEW' }), 'REJECT')).toBe('END');
  });

  it('an action the refund is not waiting for is a conflict', () => {
    expect(() => afterDispute(refund({ step: 'MERCHANT_REVIEW' }))).toThrowError(
      expect.objectContaining({ kind: 'conflict' }),
    );
  });
});

describe('waits', () => {
  it('last as long as the policy says and are never shorter than a second', () => {
    expect(waitSeconds('MERCHANT_REVIEW', defaultPolicy())).toBe(24 * 3600);
    expect(waitSeconds('AWAIT_EVIDENCE', defaultPolicy())).toBe(7 * 24 * 3600);
    for (const wait of WAITS) expect(stepFor(wait, defaultPolicy()).timeoutSeconds).toBeGreaterThanOrEqual(1);
  });

  it('show the status and deadline the buyer sees', () => {
    const change = enterStep('MERCHANT_REVIEW', '2026-11-26T00:00:00.000Z', 'SYSTEM', defaultPolicy());
    expect(change.status).toBe(WAIT_STATUS.MERCHANT_REVIEW);
    expect(change.nextStep).toEqual({ who: 'MERCHANT', action: 'DECIDE', dueBy: '2026-11-27T00:00:00.000Z' });
  });

  it('continue from the stored state when a decision and a timeout race', () => {
    expect(resumeStepOf({ status: 'APPROVED', step: 'APPROVE' }, defaultPolicy()).outcome).toBe('APPROVE');
    expect(resumeStepOf({ status: 'AWAITING_RETURN', step: 'AWAIT_RETURN' }, defaultPolicy()).outcome).toBe(
      'AWAIT_RETURN',
    );
    expect(resumeStepOf({ status: 'CANCELLED', step: 'END' }, defaultPolicy()).outcome).toBe('END');
  });

  it('re-enter a wait for what is left of its deadline, not a whole new wait', () => {
    const waiting = {
      status: 'AWAITING_MERCHANT' as const,
      step: 'MERCHANT_REVIEW' as const,
      nextStep: { who: 'MERCHANT' as const, action: 'DECIDE' as const, dueBy: '2026-12-04T10:00:00.000Z' },
    };
    // An hour before the deadline (a restart, a retried application): an hour's timer, as the merchant was told.
    expect(resumeStepOf(waiting, defaultPolicy(), '2026-12-04T09:00:00.000Z')).toEqual({
      outcome: 'MERCHANT_REVIEW',
      timeoutSeconds: 3600,
    });
    // Past it (the runtime was down over the deadline): the timeout at once.
    expect(resumeStepOf(waiting, defaultPolicy(), '2026-12-05T00:00:00.000Z').timeoutSeconds).toBe(1);
    // Without a deadline to keep, the policy's whole wait.
    expect(resumeStepOf({ ...waiting, nextStep: undefined }, defaultPolicy(), '2026-12-04T09:00:00.000Z')).toEqual(
      stepFor('MERCHANT_REVIEW', defaultPolicy()),
    );
  });
});
