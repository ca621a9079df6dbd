import { describe, expect, it } from 'vitest';
import { guidanceFor } from '../../../functions/domain/guidance/guidance.ts';
import {
  type AssessmentInput,
  defaultPolicy,
  type OptionsInput,
  refundOptions as optionsFor,
  REASON_LABELS,
} from '../../../functions/domain/rules/index.ts';
import { hoursAgo, NOW, RISKY_BUYER } from './steps.ts';

/** A delivered order of general goods, 129.00 left to refund, a mid-tier buyer with no refund history. */
const order: Omit<AssessmentInput, 'reason'> = {
  scenario: 'DELIVERED',
  category: 'GENERAL',
  deliveredAt: hoursAgo(48),
  amount: 12900,
  buyer: { creditScore: 650 },
  now: NOW,
};
const refundOptions = (application: Omit<AssessmentInput, 'reason'>) =>
  optionsFor({ application } satisfies OptionsInput, defaultPolicy());

describe('the refund form for a delivered order of general goods', () => {
  const options = refundOptions(order);

  it('offers every delivered-goods reason, labelled in Chinese and English', () => {
    expect(options.reasons.map((r) => r.code)).toEqual(defaultPolicy().reasonsByScenario.DELIVERED);
    expect(options.reasons[0]?.label).toEqual({
      'zh-CN': '不想要了(七天无理由)',
      en: 'No longer needed (7-day no-reason return)',
    });
    expect(options.reasons[1]?.label).toEqual(REASON_LABELS.ORDERED_BY_MISTAKE);
  });

  it('asks for the goods back only where the buyer holds them', () => {
    const byCode = Object.fromEntries(options.reasons.map((r) => [r.code, r]));
    expect(byCode.NO_LONGER_NEEDED).toMatchObject({ outcome: 'AWAIT_RETURN', payWhen: 'RETURN_RECEIVED' });
    expect(byCode.NOT_RECEIVED).toMatchObject({ outcome: 'MANUAL_REVIEW', returnRequired: false });
    expect(byCode.MISSING_PARTS).toMatchObject({ returnRequired: false });
    expect(byCode.DAMAGED).toMatchObject({ outcome: 'AWAIT_EVIDENCE', returnRequired: true });
  });

  it('asks for photos on quality claims and a waybill on returns', () => {
    expect(options.evidenceRequired.DAMAGED).toEqual(['PHOTO']);
    expect(options.evidenceRequired.NO_LONGER_NEEDED).toEqual(['WAYBILL']);
  });

  it('caps the amount at what is still refundable and carries the destination bonuses', () => {
    expect(options.maxAmount).toBe(12900);
    expect(options.destinations.COUPON).toEqual({ bonusBp: 200, capMinor: 2000 });
  });
});

describe('the refund form for an unshipped order', () => {
  const options = refundOptions({ ...order, scenario: 'NOT_SHIPPED', deliveredAt: undefined });

  it('is instant', () => {
    expect(options.instantEligible).toBe(true);
    expect(options.reasons.map((r) => r.code)).not.toContain('DAMAGED');
    expect(options.reasons.every((r) => r.payWhen === 'NOW' && !r.returnRequired)).toBe(true);
  });

  it('does not call changing one’s mind a 7-day no-reason return', () => {
    const label = options.reasons.find((r) => r.code === 'NO_LONGER_NEEDED')?.label;
    expect(label).toEqual({ 'zh-CN': '不想要了', en: 'No longer needed' });
    expect(label?.['zh-CN']).not.toContain('七天无理由');
  });
});

describe('the refund form for an order in transit', () => {
  it('offers the reasons that make the merchant intercept the parcel, and no quality claim', () => {
    const options = refundOptions({ ...order, scenario: 'IN_TRANSIT', deliveredAt: undefined });
    expect(options.reasons.map((r) => r.code)).toEqual(defaultPolicy().reasonsByScenario.IN_TRANSIT);
    expect(options.instantEligible).toBe(false);
  });
});

describe('the refund form for a mixed order with fresh goods', () => {
  it('follows the strictest category and offers no no-reason return', () => {
    const options = refundOptions({ ...order, category: 'FRESH' });
    expect(options.category).toBe('FRESH');
    expect(options.reasons.map((r) => r.code)).not.toContain('NO_LONGER_NEEDED');
    expect(options.reasons.every((r) => !r.returnRequired)).toBe(true);
  });
});

describe('the refund form for a redeemed voucher or a fully refunded order', () => {
  it('offers nothing', () => {
    const redeemed = refundOptions({ ...order, category: 'VIRTUAL', redeemed: true });
    const spent = refundOptions({ ...order, amount: 0 });
    for (const o of [redeemed, spent]) expect(o).toMatchObject({ reasons: [], maxAmount: 0, instantEligible: false });
  });
});

describe('the refund form for an unredeemed voucher', () => {
  it('offers no claim about a parcel, and no return', () => {
    const options = refundOptions({ ...order, category: 'VIRTUAL', redeemed: false });
    const codes = options.reasons.map((r) => r.code);
    for (const parcel of ['DAMAGED', 'MISSING_PARTS', 'WRONG_ITEM'] as const) expect(codes).not.toContain(parcel);
    expect(codes).toContain('QUALITY_ISSUE');
    expect(options.reasons.every((r) => !r.returnRequired)).toBe(true);
    expect(options.reasons.find((r) => r.code === 'NO_LONGER_NEEDED')?.label['zh-CN']).toBe('不想要了');
  });
});

describe('the refund form for a buyer whose history makes them high risk', () => {
  it('promises no instant refund: a person decides every reason', () => {
    const options = refundOptions({ ...order, scenario: 'NOT_SHIPPED', deliveredAt: undefined, buyer: RISKY_BUYER });
    expect(options.instantEligible).toBe(false);
    expect(options.reasons.every((r) => r.outcome === 'MANUAL_REVIEW')).toBe(true);
  });
});

describe('reviewer guidance', () => {
  it('gives the combination’s own checks first, in both languages', () => {
    const g = guidanceFor('QUALITY_ISSUE', 'FRESH');
    expect(g.checks[0]?.en).toMatch(/photos were taken/);
    expect(g.checks.every((c) => c['zh-CN'].length > 0 && c.en.length > 0)).toBe(true);
  });
});
