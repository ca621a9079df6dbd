import { describe, expect, it } from 'vitest';
import { guidanceFor } from '../../../functions/domain/guidance/guidance.ts';
import { defaultPolicy, REASON_LABELS, refundOptions } from '../../../functions/domain/rules/index.ts';
import { hoursAgo, NOW } from './steps.ts';

const order = {
  scenario: 'DELIVERED' as const,
  categories: ['GENERAL' as const],
  deliveredAt: hoursAgo(48),
  refundableAmount: 12900,
  creditScore: 650,
  now: NOW,
};

describe('the refund form for a delivered order of general goods', () => {
  const options = refundOptions(order, defaultPolicy());

  it('offers every delivered-goods reason, labelled in Chinese and English', () => {
    expect(options.reasons.map((r) => r.code)).toEqual(defaultPolicy().reasonsByScenario.DELIVERED);
    expect(options.reasons[0]?.label).toEqual(REASON_LABELS.NO_LONGER_NEEDED);
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
  it('is instant', () => {
    const options = refundOptions({ ...order, scenario: 'NOT_SHIPPED', deliveredAt: undefined }, defaultPolicy());
    expect(options.instantEligible).toBe(true);
    expect(options.reasons.map((r) => r.code)).not.toContain('DAMAGED');
  });
});

describe('the refund form for an order in transit', () => {
  it('offers the reasons that make the merchant intercept the parcel, and no quality claim', () => {
    const options = refundOptions({ ...order, scenario: 'IN_TRANSIT', deliveredAt: undefined }, defaultPolicy());
    expect(options.reasons.map((r) => r.code)).toEqual(defaultPolicy().reasonsByScenario.IN_TRANSIT);
    expect(options.instantEligible).toBe(false);
  });
});

describe('the refund form for a mixed order with fresh goods', () => {
  it('follows the strictest category and offers no no-reason return', () => {
    const options = refundOptions({ ...order, categories: ['GENERAL', 'FRESH'] }, defaultPolicy());
    expect(options.category).toBe('FRESH');
    expect(options.reasons.map((r) => r.code)).not.toContain('NO_LONGER_NEEDED');
  });
});

describe('the refund form for a redeemed voucher or a fully refunded order', () => {
  it('offers nothing', () => {
    const redeemed = refundOptions({ ...order, categories: ['VIRTUAL'], redeemed: true }, defaultPolicy());
    const spent = refundOptions({ ...order, refundableAmount: 0 }, defaultPolicy());
    for (const o of [redeemed, spent]) expect(o).toMatchObject({ reasons: [], maxAmount: 0, instantEligible: false });
  });
});

describe('reviewer guidance', () => {
  it('gives the combination’s own checks first, in both languages', () => {
    const g = guidanceFor('QUALITY_ISSUE', 'FRESH');
    expect(g.checks[0]?.en).toMatch(/photos were taken/);
    expect(g.checks.every((c) => c['zh-CN'].length > 0 && c.en.length > 0)).toBe(true);
  });
});
