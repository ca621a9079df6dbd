import { describe, expect, it } from 'vitest';
import { CN_MAINLAND_CALENDAR } from '../../../functions/domain/payout/calendar.ts';
import {
  type BonusConfig,
  bonusFor,
  destinationOptions,
  NO_BONUS,
  type PayoutMethod,
  payoutMethodFor,
  promisedArrival,
} from '../../../functions/domain/payout/promise.ts';

const cn = CN_MAINLAND_CALENDAR;
const bonus: BonusConfig = { BALANCE: { bps: 100, cap: 500 }, COUPON: { bps: 300, cap: 2_000 } };

describe('promisedArrival', () => {
  it.each([
    ['ALIPAY', '2026-11-27T02:00:00Z', '2026-12-02T15:59:59.999Z', 'Friday + 3 business days'],
    [
      'WECHAT_PAY',
      '2026-02-12T02:00:00Z',
      '2026-02-24T15:59:59.999Z',
      'Thursday before Spring Festival: Fri, Sat(work), Tue',
    ],
    [
      'BANK_CARD',
      '2026-09-28T02:00:00Z',
      '2026-10-13T15:59:59.999Z',
      'over National Day: 29, 30, 8, 9, 10 (Sat), 12, 13',
    ],
    ['BALANCE', '2026-10-01T02:00:00Z', '2026-10-01T02:05:00.000Z', 'within five minutes, even on a holiday'],
    ['COUPON', '2026-10-01T02:00:00Z', '2026-10-01T02:05:00.000Z', 'within five minutes'],
  ] satisfies [PayoutMethod, string, string, string][])(
    '%s from %s is promised by %s (%s)',
    (method, from, by, _why) => {
      expect(promisedArrival(method, from, cn).promisedBy).toBe(by);
    },
  );

  it('describes the window', () => {
    expect(promisedArrival('BANK_CARD', '2026-11-26T02:00:00Z', cn).promisedWithin).toEqual({
      minBusinessDays: 3,
      maxBusinessDays: 7,
    });
    expect(promisedArrival('BALANCE', '2026-11-26T02:00:00Z', cn).promisedWithin).toBe('IMMEDIATE');
  });
});

describe('bonusFor', () => {
  it.each([
    [10_000, { bps: 100, cap: 500 }, 100, '1% of 100 yuan'],
    [99, { bps: 100, cap: 500 }, 0, 'floors below one fen'],
    [199, { bps: 100, cap: 500 }, 1, 'floors 1.99 fen to 1'],
    [1_000_000, { bps: 100, cap: 500 }, 500, 'capped'],
    [12_345, { bps: 0, cap: 500 }, 0, 'disabled'],
    [Number.MAX_SAFE_INTEGER, { bps: 10_000, cap: Number.MAX_SAFE_INTEGER }, Number.MAX_SAFE_INTEGER, 'no overflow'],
  ])('amount %i with %o → %i (%s)', (amount, rule, expected) => {
    expect(bonusFor(amount, rule)).toBe(expected);
  });

  it('refuses floats and negatives', () => {
    expect(() => bonusFor(10.5, { bps: 100, cap: 1 })).toThrow(RangeError);
    expect(() => bonusFor(-1, { bps: 100, cap: 1 })).toThrow(RangeError);
    expect(() => bonusFor(100, { bps: 1.5, cap: 1 })).toThrow(RangeError);
  });
});

describe('destinationOptions', () => {
  const now = '2026-11-27T02:00:00Z';

  it('offers the original way first, then balance and coupon with their bonuses', () => {
    expect(destinationOptions('ALIPAY', 12_900, bonus, now, cn)).toEqual([
      {
        type: 'ORIGINAL',
        method: 'ALIPAY',
        bonusAmount: 0,
        promisedWithin: { minBusinessDays: 1, maxBusinessDays: 3 },
        promisedBy: '2026-12-02T15:59:59.999Z',
      },
      {
        type: 'BALANCE',
        method: 'BALANCE',
        bonusAmount: 129,
        promisedWithin: 'IMMEDIATE',
        promisedBy: '2026-11-27T02:05:00.000Z',
      },
      {
        type: 'COUPON',
        method: 'COUPON',
        bonusAmount: 387,
        promisedWithin: 'IMMEDIATE',
        promisedBy: '2026-11-27T02:05:00.000Z',
      },
    ]);
  });

  it('caps the bonus on large refunds', () => {
    const [, balance, coupon] = destinationOptions('BANK_CARD', 10_000_000, bonus, now, cn);
    expect(balance?.bonusAmount).toBe(500);
    expect(coupon?.bonusAmount).toBe(2_000);
  });

  it('offers no separate balance option when the order was paid from the balance', () => {
    const options = destinationOptions('BALANCE', 5_000, bonus, now, cn);
    expect(options.map((o) => [o.type, o.method, o.bonusAmount])).toEqual([
      ['ORIGINAL', 'BALANCE', 0],
      ['COUPON', 'COUPON', 150],
    ]);
  });

  it('gives zero bonuses without a campaign', () => {
    expect(destinationOptions('WECHAT_PAY', 5_000, NO_BONUS, now, cn).every((o) => o.bonusAmount === 0)).toBe(true);
  });

  it('maps a chosen destination to its payout method', () => {
    expect(payoutMethodFor('ORIGINAL', 'BANK_CARD')).toBe('BANK_CARD');
    expect(payoutMethodFor('COUPON', 'BANK_CARD')).toBe('COUPON');
  });
});
