/**
 * Thresholds are per currency: an amount is judged against thresholds of its own currency, and a currency the policy
 * does not cover is refused, never compared with the yuan's numbers.
 */
import { describe, expect, it } from 'vitest';
import {
  CurrencyNotSupported,
  policyInCurrency,
  supportedCurrencies,
} from '../../../functions/domain/policy/currency.ts';
import { InvalidPolicy, loadPolicy } from '../../../functions/domain/policy/load.ts';
import { assess } from '../../../functions/domain/rules/index.ts';
import { application } from './steps.ts';

/** Yen thresholds for a test: ¥1 ≈ 0.05 CNY, rounded to figures a Japanese policy would write. */
const YEN = {
  amountBandMax: { SMALL: 1_000, MEDIUM: 10_000, LARGE: null },
  creditTierLimits: {
    BASIC: { instantLimit: 1_000, noReturnLimit: 0 },
    GOOD: { instantLimit: 2_000, noReturnLimit: 0 },
    TRUSTED: { instantLimit: 4_000, noReturnLimit: 2_000 },
  },
  bonusCapMinor: { BALANCE: 0, COUPON: 400 },
  inspectionMinAmount: 40_000,
};

describe('the default policy', () => {
  const policy = loadPolicy('prod');

  it('covers the yuan only, and judges yuan amounts by its thresholds as written', () => {
    expect(supportedCurrencies(policy)).toEqual(['CNY']);
    expect(policyInCurrency(policy, 'CNY')).toBe(policy);
  });

  it('refuses a yen amount (422 CURRENCY_NOT_SUPPORTED) instead of comparing it with fen', () => {
    expect(() => policyInCurrency(policy, 'JPY')).toThrow(CurrencyNotSupported);
    try {
      policyInCurrency(policy, 'JPY');
    } catch (error) {
      expect(error).toMatchObject({
        kind: 'unprocessable',
        code: 'CURRENCY_NOT_SUPPORTED',
        details: { currency: 'JPY', supported: ['CNY'] },
      });
    }
  });
});

describe('a policy that restates its thresholds in yen', () => {
  const policy = loadPolicy('prod', { otherCurrencies: { JPY: YEN } });

  it("judges ¥4,500 by the yen's bands and limits, not as 45 yuan", () => {
    const yuan = assess(application({ amount: 4_500, buyer: {} }), policy);
    const yen = assess(application({ amount: 4_500, buyer: {} }), policyInCurrency(policy, 'JPY'));
    expect(yuan.inputs).toMatchObject({ amountBand: 'SMALL', withinInstantLimit: true });
    expect(yen.inputs).toMatchObject({ amountBand: 'MEDIUM', withinInstantLimit: false });
  });

  it('swaps every minor-unit threshold and keeps the rest of the policy', () => {
    const jpy = policyInCurrency(policy, 'JPY');
    expect(jpy.currency).toBe('JPY');
    expect(jpy.amountBands).toEqual([{ id: 'SMALL', max: 1_000 }, { id: 'MEDIUM', max: 10_000 }, { id: 'LARGE' }]);
    expect(jpy.creditTiers.map((t) => [t.id, t.minScore, t.instantLimit, t.noReturnLimit])).toEqual([
      ['BASIC', 0, 1_000, 0],
      ['GOOD', 600, 2_000, 0],
      ['TRUSTED', 800, 4_000, 2_000],
    ]);
    expect(jpy.destinations).toEqual({
      BALANCE: { bonusBp: policy.destinations.BALANCE.bonusBp, capMinor: 0 },
      COUPON: { bonusBp: policy.destinations.COUPON.bonusBp, capMinor: 400 },
    });
    expect(jpy.rules).toBe(policy.rules);
    expect(policyInCurrency(policy, 'JPY')).toBe(jpy);
  });

  it('is refused when a currency leaves out a band or a tier (it would fall back to yuan numbers)', () => {
    const { TRUSTED: _left, ...twoTiers } = YEN.creditTierLimits;
    expect(() => loadPolicy('prod', { otherCurrencies: { JPY: { ...YEN, creditTierLimits: twoTiers } } })).toThrow(
      InvalidPolicy,
    );
    expect(() =>
      loadPolicy('prod', {
        otherCurrencies: { JPY: { ...YEN, amountBandMax: { SMALL: 1_000, MEDIUM: null, LARGE: null } } },
      }),
    ).toThrow(/only the last band/);
  });
});
