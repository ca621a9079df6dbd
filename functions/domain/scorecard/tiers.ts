/**
 * Tiers with consequences: the policy's `scorecard` section sorts a merchant into a tier from its record over the
 * last complete month(s), and each tier may change how the merchant's refunds are handled: a shorter or longer
 * response deadline, or the platform deciding instead of the merchant. Each consequence is a rule (an id in the
 * label catalogue, recorded on the decisions it affects) and comes with what put the merchant there and what would
 * take it out, so the merchant can be told both. A merchant below the policy's minimum volume is judged on nothing
 * (tier NEW): a new or small merchant is not penalised for a handful of requests.
 */
import type { Policy } from '../policy/schema.ts';
import { type Metric, type Scorecard, type ScorecardCounts, scorecardOf, sumCounts } from './metrics.ts';
import type { Month } from './period.ts';

/** Rule ids of the consequences, recorded on decisions and named in the label catalogue (`rule`). */
export const SCORECARD_RULES = {
  SHORTER_DEADLINE: 'SCORECARD.SHORTER_DEADLINE',
  LONGER_DEADLINE: 'SCORECARD.LONGER_DEADLINE',
  PLATFORM_DECIDES: 'SCORECARD.PLATFORM_DECIDES',
} as const;
export type ScorecardRule = (typeof SCORECARD_RULES)[keyof typeof SCORECARD_RULES];

/** Tiers that are not in the policy: too little volume to judge (NEW), or no tier's conditions met (STANDARD). */
export const NEW_TIER = 'NEW';
export const STANDARD_TIER = 'STANDARD';

/** One condition of the tier, as met or not by the merchant's record: `ABOVE` a limit, or `WITHIN` it. */
export interface TierCondition {
  metric: Metric;
  test: 'ABOVE' | 'WITHIN';
  limit: number;
  /** The merchant's value over the months judged (null when there was nothing to measure). */
  value: number | null;
}

export type Consequence =
  | {
      rule: typeof SCORECARD_RULES.SHORTER_DEADLINE | typeof SCORECARD_RULES.LONGER_DEADLINE;
      seconds: number;
      insteadOf: number;
    }
  | { rule: typeof SCORECARD_RULES.PLATFORM_DECIDES };

export interface MerchantTerms {
  tier: string;
  /** The months the tier is judged on (the last complete ones), the requests in them and the minimum needed. */
  judgedOn: { months: Month[]; asked: number; minRequests: number };
  /** Why the merchant is in its tier: the conditions it met (empty for NEW and STANDARD). */
  because: TierCondition[];
  /** What the tier changes; empty when nothing does. */
  consequences: Consequence[];
  /**
   * What would change the tier, per consequence tier: for a penalty, each condition met must be at or below its
   * limit over a whole month; for a reward, every condition must stay as it is.
   */
  changeWhen: TierCondition[];
}

type Tier = Policy['scorecard']['tiers'][number];

function conditionsOf(tier: Tier, card: Scorecard): { above: TierCondition[]; within: TierCondition[] } {
  const of = (limits: Tier['above'], test: 'ABOVE' | 'WITHIN') =>
    Object.entries(limits ?? {}).map(([metric, limit]) => ({
      metric: metric as Metric,
      test,
      limit: limit as number,
      value: card[metric as Metric].value,
    }));
  return { above: of(tier.above, 'ABOVE'), within: of(tier.within, 'WITHIN') };
}

/** A condition holds: above its limit, or at most its limit (nothing measured counts as within, never above). */
const holds = (c: TierCondition) =>
  c.test === 'ABOVE' ? c.value !== null && c.value > c.limit : (c.value ?? 0) <= c.limit;

function consequencesOf(tier: Tier, policy: Policy): Consequence[] {
  const base = policy.timeouts.merchantResponseSeconds;
  const seconds = tier.merchantResponseSeconds;
  return [
    ...(seconds !== undefined && seconds !== base
      ? [
          {
            rule: seconds < base ? SCORECARD_RULES.SHORTER_DEADLINE : SCORECARD_RULES.LONGER_DEADLINE,
            seconds,
            insteadOf: base,
          } as const,
        ]
      : []),
    ...(tier.platformDecides ? [{ rule: SCORECARD_RULES.PLATFORM_DECIDES } as const] : []),
  ];
}

/**
 * The merchant's tier from its counts over `months` (the last complete ones): NEW below the minimum volume, else the
 * first enabled tier whose conditions hold (any `above` limit exceeded, or every `within` limit kept, both when a
 * tier has both), else STANDARD.
 */
export function termsFor(
  merchantId: string,
  months: Month[],
  counts: ScorecardCounts[],
  policy: Policy,
): MerchantTerms {
  const rules = policy.scorecard;
  const total = sumCounts(counts);
  const judgedOn = { months, asked: total.asked, minRequests: rules.minRequests };
  const none = (tier: string): MerchantTerms => ({ tier, judgedOn, because: [], consequences: [], changeWhen: [] });
  if (total.asked < rules.minRequests) return none(NEW_TIER);
  const card = scorecardOf(merchantId, months[0] ?? '', months.at(-1) ?? '', total);
  for (const tier of rules.tiers) {
    if (tier.enabled === false) continue;
    const { above, within } = conditionsOf(tier, card);
    const aboveMet = above.filter(holds);
    const matches =
      (above.length === 0 || aboveMet.length > 0) && within.every(holds) && above.length + within.length > 0;
    if (!matches) continue;
    const because = [...aboveMet, ...within];
    return {
      tier: tier.id,
      judgedOn,
      because,
      consequences: consequencesOf(tier, policy),
      // A penalty lifts when what triggered it is back within its limit; a reward lasts while every limit is kept.
      changeWhen: because,
    };
  }
  return none(STANDARD_TIER);
}

/** What the consequences make of an assessment's outcome: who decides, how long the merchant has, and which rules. */
export function applyTerms<O extends string>(
  outcome: O,
  terms: Pick<MerchantTerms, 'consequences'>,
  policy: Policy,
): { outcome: O | 'MANUAL_REVIEW'; policy: Policy; rules: ScorecardRule[]; merchantResponseSeconds?: number } {
  if (outcome !== 'MERCHANT_REVIEW') return { outcome, policy, rules: [] };
  const platform = terms.consequences.find((c) => c.rule === SCORECARD_RULES.PLATFORM_DECIDES);
  if (platform) return { outcome: 'MANUAL_REVIEW', policy, rules: [platform.rule] };
  const deadline = terms.consequences.find((c) => 'seconds' in c);
  if (!deadline || !('seconds' in deadline)) return { outcome, policy, rules: [] };
  return {
    outcome,
    policy: withMerchantResponseSeconds(policy, deadline.seconds),
    rules: [deadline.rule],
    merchantResponseSeconds: deadline.seconds,
  };
}

/** The policy with another merchant response deadline (the merchant's own, set by its tier). */
export function withMerchantResponseSeconds(policy: Policy, seconds: number | undefined): Policy {
  if (seconds === undefined || seconds === policy.timeouts.merchantResponseSeconds) return policy;
  return { ...policy, timeouts: { ...policy.timeouts, merchantResponseSeconds: seconds } };
}
