/**
 * The merchant scorecard's use cases: counting (called where each change happens: an order recorded, a refund
 * applied for, a request to the merchant, its answer or timeout, a dispute and the platform's ruling on it), the
 * terms a merchant's record earns (its tier and consequences, judged on the last complete months), and reading:
 * a merchant its own scorecard, finance any merchant's or every merchant of one month, a page at a time.
 */
import type { Actor } from '../domain/actor.ts';
import { Forbidden, ValidationFailed } from '../domain/errors.ts';
import type { Policy } from '../domain/policy/schema.ts';
import type { Assessment } from '../domain/rules/index.ts';
import {
  applyTerms,
  type CountName,
  completeMonthsBefore,
  type MerchantTerms,
  type Month,
  monthOf,
  monthsBetween,
  type Scorecard,
  scorecardOf,
  sumCounts,
  termsFor,
} from '../domain/scorecard/index.ts';
import type { Ports } from '../ports/index.ts';
import type { MerchantStatOutcome } from '../ports/review-store.ts';
import { merchantIdOf } from './access.ts';

/** Counts one change for the merchant, in the China month of `at`; an answer files its response time too. */
export async function countForScorecard(
  deps: Pick<Ports, 'scorecards'>,
  merchantId: string,
  at: string | Date,
  count: CountName,
  responseSeconds?: number,
  stat?: MerchantStatOutcome,
): Promise<void> {
  await deps.scorecards.add(merchantId, monthOf(at), count, responseSeconds, stat);
}

/** The tier and consequences the merchant's record over the last complete month(s) earns at `now`. */
export async function merchantTerms(
  deps: Pick<Ports, 'scorecards' | 'policy'>,
  merchantId: string,
  now: Date,
): Promise<MerchantTerms> {
  const months = completeMonthsBefore(now, deps.policy.scorecard.periods);
  return termsFor(merchantId, months, await deps.scorecards.get(merchantId, months), deps.policy);
}

/**
 * An assessment as the merchant's record changes it (its scorecard tier): who decides (`outcome`), the consequence
 * rules appended after the engine's (the first one the deciding rule when it changed the outcome), and the policy
 * whose merchant deadline the refund's wait uses. `inputs` go onto the decision's inputs (the tier, and the
 * merchant's own deadline, so a retried step finds it again).
 */
export async function underMerchantTerms(
  deps: Pick<Ports, 'scorecards' | 'policy' | 'clock'>,
  merchantId: string,
  assessed: Assessment,
): Promise<{ assessment: Assessment; policy: Policy; inputs: Record<string, unknown> }> {
  const terms = await merchantTerms(deps, merchantId, deps.clock.now());
  const applied = applyTerms(assessed.outcome, terms, deps.policy);
  if (!applied.rules.length) return { assessment: assessed, policy: deps.policy, inputs: {} };
  return {
    assessment: {
      ...assessed,
      outcome: applied.outcome,
      rules: [...assessed.rules, ...applied.rules],
      ...(applied.outcome === assessed.outcome ? {} : { reasonRule: applied.rules[0] ?? assessed.reasonRule }),
    },
    policy: applied.policy,
    inputs: {
      merchantTier: terms.tier,
      ...(applied.merchantResponseSeconds ? { merchantResponseSeconds: applied.merchantResponseSeconds } : {}),
    },
  };
}

export interface ScorecardQuery {
  from?: string | undefined;
  to?: string | undefined;
  /** Finance only: whose scorecard; without it, finance lists every merchant of one month. */
  merchantId?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export type MerchantScorecard = Scorecard & { terms: MerchantTerms };
export interface ScorecardList {
  from: Month;
  to: Month;
  items: Scorecard[];
  cursor?: string;
}

export type ScorecardDeps = Pick<Ports, 'scorecards' | 'policy' | 'clock'>;

async function oneMerchant(deps: ScorecardDeps, merchantId: string, months: Month[]): Promise<MerchantScorecard> {
  const counts = sumCounts(await deps.scorecards.get(merchantId, months));
  const card = scorecardOf(merchantId, months[0] ?? '', months.at(-1) ?? '', counts);
  return { ...card, terms: await merchantTerms(deps, merchantId, deps.clock.now()) };
}

/**
 * A merchant reads its own scorecard (naming another merchant is 403); finance reads one merchant's (`merchantId`)
 * or lists every merchant with anything counted in one month (`from`/`to` within it; 400 otherwise).
 */
export async function readScorecard(
  deps: ScorecardDeps,
  actor: Actor,
  query: ScorecardQuery,
): Promise<MerchantScorecard | ScorecardList> {
  const months = monthsBetween(query, deps.clock.now());
  if (actor.role === 'merchant') {
    const own = merchantIdOf(actor);
    if (query.merchantId !== undefined && query.merchantId !== own) {
      throw new Forbidden("a merchant reads its own scorecard, not another merchant's");
    }
    if (query.cursor !== undefined || query.limit !== undefined) {
      throw new ValidationFailed('limit and cursor page the list of all merchants (finance only)');
    }
    return oneMerchant(deps, own, months);
  }
  if (query.merchantId !== undefined) return oneMerchant(deps, query.merchantId, months);
  const [month] = months;
  if (month === undefined || months.length !== 1) {
    throw new ValidationFailed('the list of all merchants is for one month: from and to in the same month');
  }
  const page = await deps.scorecards.list(month, {
    limit: query.limit ?? 50,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return {
    from: month,
    to: month,
    items: page.items.map((m) => scorecardOf(m.merchantId, month, month, m.counts)),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}
