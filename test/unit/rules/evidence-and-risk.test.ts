import { describe, expect, it } from 'vitest';
import { assess, assessEvidence, defaultPolicy, scoreRisk } from '../../../functions/domain/rules/index.ts';
import { application, TRUSTED_BUYER } from './steps.ts';

const signals = {
  refundCount90d: 0,
  orderCount90d: 10,
  refundsLast24h: 0,
  accountAgeDays: 400,
  amount: 10000,
  usualAmount: 10000,
  waybill: 'NONE' as const,
  notReceivedButDelivered: false,
};

describe('a buyer who sends photos for a quality claim', () => {
  it('moves the claim to the merchant', () => {
    const input = application({ reason: 'DAMAGED' });
    const d = assessEvidence(input, { kinds: ['PHOTO'] }, defaultPolicy());
    expect(d).toMatchObject({
      outcome: 'MERCHANT_REVIEW',
      rules: ['QUALITY.MERCHANT_REVIEW', 'RETURN.DELIVERED_GOODS'],
    });
  });
});

describe('a trusted buyer who records a return waybill', () => {
  const input = application({ amount: 30000, buyer: TRUSTED_BUYER });

  it('is paid at once when the waybill matches', () => {
    const d = assessEvidence(
      input,
      { kinds: ['WAYBILL'], waybill: { verification: 'MATCH', confidence: 0.97 } },
      defaultPolicy(),
    );
    expect(d).toMatchObject({ outcome: 'APPROVE', instant: true, refundOnWaybill: true });
    expect(d.rules).toContain('WAYBILL.MATCH.RELEASE');
  });

  it('raises risk and waits for the merchant when the waybill does not match', () => {
    const d = assessEvidence(input, { kinds: ['WAYBILL'], waybill: { verification: 'MISMATCH' } }, defaultPolicy());
    expect(d.riskScore).toBeGreaterThan(assess(input, defaultPolicy()).riskScore);
    expect(d.outcome).not.toBe('APPROVE');
    expect(d.refundOnWaybill).toBe(false);
  });

  it('goes to a person, never to a rejection, when the waybill cannot be read', () => {
    const unreadable = assessEvidence(
      input,
      { kinds: ['WAYBILL'], waybill: { verification: 'UNREADABLE' } },
      defaultPolicy(),
    );
    const blurry = assessEvidence(
      input,
      { kinds: ['WAYBILL'], waybill: { verification: 'MATCH', confidence: 0.4 } },
      defaultPolicy(),
    );
    for (const d of [unreadable, blurry]) expect(d).toMatchObject({ outcome: 'MANUAL_REVIEW', instant: false });
    expect(blurry.inputs.waybill).toBe('UNREADABLE');
  });
});

describe('the risk score', () => {
  it('is zero for a long-standing buyer with a clean history', () => {
    expect(scoreRisk(signals, defaultPolicy())).toEqual({ score: 0, level: 'LOW', factors: [] });
  });

  it('rises with refund count, refund rate and velocity', () => {
    const r = scoreRisk({ ...signals, refundCount90d: 8, refundsLast24h: 4 }, defaultPolicy());
    expect(r.factors.map((f) => f.factor)).toEqual(['refundCount90d', 'refundRate90d', 'refundsLast24h']);
    expect(r.level).toBe('HIGH');
  });

  it('counts a new account and an amount far above the buyer’s usual', () => {
    const r = scoreRisk({ ...signals, accountAgeDays: 3, amount: 60000 }, defaultPolicy());
    expect(r).toMatchObject({ score: 30, level: 'MEDIUM' });
    expect(r.factors).toContainEqual({ factor: 'amountVsUsual', value: 6, points: 15 });
  });

  it('counts a waybill mismatch and a "not received" on a delivered parcel', () => {
    const r = scoreRisk({ ...signals, waybill: 'MISMATCH', notReceivedButDelivered: true }, defaultPolicy());
    expect(r.score).toBe(50);
  });

  it('never exceeds 100', () => {
    const worst = {
      ...signals,
      refundCount90d: 99,
      refundsLast24h: 9,
      accountAgeDays: 0,
      amount: 1e9,
      waybill: 'MISMATCH' as const,
    };
    expect(scoreRisk({ ...worst, notReceivedButDelivered: true }, defaultPolicy()).score).toBe(100);
  });
});
