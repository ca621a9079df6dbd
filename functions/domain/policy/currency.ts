/**
 * Thresholds per currency. Every minor-unit threshold written inline in a policy (amount bands, tier limits, bonus
 * caps, the inspection threshold) is in `policy.currency`; each currency in `policy.otherCurrencies` restates all of them in its own minor
 * units. An amount is only ever compared with thresholds of its own currency: `policyInCurrency` gives the policy
 * with that currency's thresholds in place, and refuses a currency the policy does not cover, which is how
 * PUT /v1/orders turns such an order away (422 CURRENCY_NOT_SUPPORTED) before anything is judged.
 */
import { DomainError } from '../errors.ts';
import type { Policy } from './schema.ts';

/** An order (or a refund of one) in a currency the policy has no thresholds for. */
export class CurrencyNotSupported extends DomainError {
  override name = 'CurrencyNotSupported';
  constructor(currency: string, supported: readonly string[]) {
    super(
      'unprocessable',
      'CURRENCY_NOT_SUPPORTED',
      `the refund policy has no thresholds in ${currency}; it covers ${supported.join(', ')}`,
      { details: { currency, supported } },
    );
  }
}

/** The currencies the policy covers: its own first, then the others it restates its thresholds in. */
export function supportedCurrencies(policy: Pick<Policy, 'currency' | 'otherCurrencies'>): string[] {
  return [policy.currency, ...Object.keys(policy.otherCurrencies ?? {}).filter((c) => c !== policy.currency)];
}

/**
 * Why `otherCurrencies` is incomplete, if it is: each currency must give every amount band and every credit tier of
 * the policy (by id, no others), with bands ascending and only the last one open, so no threshold is left in
 * `policy.currency` by omission. Used by ./load.ts when a policy is validated.
 */
export function currencyThresholdProblems(policy: Policy): string[] {
  const problems: string[] = [];
  const bandIds = policy.amountBands.map((b) => b.id);
  const tierIds = policy.creditTiers.map((t) => t.id);
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
  for (const [currency, t] of Object.entries(policy.otherCurrencies ?? {})) {
    if (!same(Object.keys(t.amountBandMax), bandIds)) {
      problems.push(`${currency}: amountBandMax must give exactly the bands ${bandIds.join(', ')}`);
    } else {
      const maxes = bandIds.map((id) => t.amountBandMax[id] ?? null);
      const open = maxes.indexOf(null);
      const ascending = maxes.every((m, i) => i === 0 || m === null || (maxes[i - 1] ?? Infinity) < m);
      if (open !== maxes.length - 1 || !ascending) {
        problems.push(`${currency}: band maxima must ascend, and only the last band (null) is open`);
      }
    }
    if (!same(Object.keys(t.creditTierLimits), tierIds)) {
      problems.push(`${currency}: creditTierLimits must give exactly the tiers ${tierIds.join(', ')}`);
    }
  }
  return problems;
}

const derived = new WeakMap<Policy, Map<string, Policy>>();

/**
 * The policy as it applies to amounts in `currency`: the same document with that currency's thresholds in place.
 * Throws CurrencyNotSupported (422) for a currency the policy does not cover; never falls back to another
 * currency's numbers.
 */
export function policyInCurrency(policy: Policy, currency: string): Policy {
  if (currency === policy.currency) return policy;
  const thresholds = policy.otherCurrencies?.[currency];
  if (!thresholds) throw new CurrencyNotSupported(currency, supportedCurrencies(policy));
  let byCurrency = derived.get(policy);
  if (!byCurrency) {
    byCurrency = new Map();
    derived.set(policy, byCurrency);
  }
  const cached = byCurrency.get(currency);
  if (cached) return cached;
  const local: Policy = Object.freeze({
    ...policy,
    currency,
    amountBands: policy.amountBands.map((band) => {
      const max = thresholds.amountBandMax[band.id];
      return max === null || max === undefined ? { id: band.id } : { id: band.id, max };
    }),
    creditTiers: policy.creditTiers.map((tier) => ({ ...tier, ...thresholds.creditTierLimits[tier.id] })),
    destinations: {
      BALANCE: { ...policy.destinations.BALANCE, capMinor: thresholds.bonusCapMinor.BALANCE },
      COUPON: { ...policy.destinations.COUPON, capMinor: thresholds.bonusCapMinor.COUPON },
    },
    inspection: { ...policy.inspection, minAmount: thresholds.inspectionMinAmount },
  });
  byCurrency.set(currency, local);
  return local;
}
