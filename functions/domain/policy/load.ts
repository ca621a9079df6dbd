/**
 * Turning policy documents into validated policies. Handlers call `loadPolicy(stage)` once at module scope; the
 * result is immutable and shared by every decision of that Lambda instance.
 */
// `import * as z`, not `import { z }`: esbuild cannot tree-shake the `z` namespace object, which drags in every
// locale (417 KB against 12 KB for a one-schema bundle, measured with esbuild 0.28 and zod 4.6).
import * as z from 'zod/mini';
import { currencyThresholdProblems } from './currency.ts';
import { DEFAULT_POLICY_DOCUMENT } from './default-policy.ts';
import { deepMerge, type PolicyOverride } from './merge.ts';
import { type Policy, policySchema } from './schema.ts';
import { STAGE_OVERRIDES } from './stages.ts';

/** Thrown when a policy document (after merging) is incomplete or inconsistent; `cause` holds the zod issues. */
export class InvalidPolicy extends Error {
  override readonly name = 'InvalidPolicy';
}

function checkConsistency(policy: Policy): void {
  const tiers = policy.creditTiers;
  if (tiers[0]?.minScore !== 0) throw new InvalidPolicy('the first credit tier must start at score 0');
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i]!.minScore <= tiers[i - 1]!.minScore) throw new InvalidPolicy('credit tiers must ascend by minScore');
  }
  const bands = policy.amountBands;
  if (bands.length === 0 || bands.at(-1)?.max !== undefined) {
    throw new InvalidPolicy('the last amount band must have no max');
  }
  const catchAll = policy.rules.decide.filter((r) => r.enabled !== false).at(-1);
  if (!catchAll || Object.keys(catchAll.when).length > 0) {
    throw new InvalidPolicy('the decide rules must end with an enabled catch-all (empty `when`)');
  }
  const silent = [...policy.rules.decide, ...policy.rules.adjust].find(
    (r) => r.enabled !== false && r.effect.outcome === 'REJECT' && r.effect.refusal === undefined,
  );
  if (silent) throw new InvalidPolicy(`rule ${silent.id} rejects without saying why: give its effect a \`refusal\``);
  const ids = [...policy.rules.decide, ...policy.rules.adjust].map((r) => r.id);
  if (new Set(ids).size !== ids.length) throw new InvalidPolicy('rule ids must be unique');
  checkHighRiskNeverInstant(policy);
  const currencies = currencyThresholdProblems(policy);
  if (currencies.length) throw new InvalidPolicy(`otherCurrencies: ${currencies.join('; ')}`);
}

/**
 * High risk is never paid instantly, and the policy's own rule (RISK.HIGH.NEVER_INSTANT in ./default-rules.ts) is
 * the one place that says so: the engine adds no veto of its own. So every policy must keep that guard effective:
 * an enabled adjust rule whose only condition is `riskLevel: 'HIGH'` and whose effect is `instant: false`, with no
 * enabled adjust rule after it that sets `instant: true` (adjust rules apply in order, the last write wins).
 */
function checkHighRiskNeverInstant(policy: Policy): void {
  const adjust = policy.rules.adjust.filter((r) => r.enabled !== false);
  const guard = adjust.findLastIndex(
    (r) => r.effect.instant === false && r.when.riskLevel === 'HIGH' && Object.keys(r.when).length === 1,
  );
  if (guard === -1) {
    throw new InvalidPolicy(
      "the adjust rules must keep an enabled high-risk guard (when { riskLevel: 'HIGH' }, effect { instant: false })",
    );
  }
  const after = adjust.slice(guard + 1).find((r) => r.effect.instant === true);
  if (after) {
    throw new InvalidPolicy(
      `adjust rule ${after.id} sets instant after the high-risk guard ${adjust[guard]?.id}: move it before the guard`,
    );
  }
}

/** Validates a whole policy document; throws InvalidPolicy with a readable message. */
export function parsePolicy(document: unknown): Policy {
  const parsed = policySchema.safeParse(document);
  if (!parsed.success) throw new InvalidPolicy(z.prettifyError(parsed.error), { cause: parsed.error });
  checkConsistency(parsed.data);
  return Object.freeze(parsed.data);
}

/**
 * The policy for a stage: the default document with that stage's override deep-merged in (see ./merge.ts).
 * Unless the override sets its own `version`, the version becomes `<default>+<stage>` so decisions show both.
 * @param stage e.g. `dev`, `staging`, `prod`; an unknown stage gets the default unchanged.
 * @param extra a further override applied last (tests, experiments).
 */
export function loadPolicy(stage?: string, extra?: PolicyOverride): Policy {
  let document: unknown = DEFAULT_POLICY_DOCUMENT;
  const stageOverride = stage === undefined ? undefined : STAGE_OVERRIDES[stage];
  if (stageOverride && Object.keys(stageOverride).length > 0) {
    document = deepMerge(document, { version: `${DEFAULT_POLICY_DOCUMENT.version}+${stage}`, ...stageOverride });
  }
  if (extra) document = deepMerge(document, extra);
  return parsePolicy(document);
}

let defaultParsed: Policy | undefined;

/** The default policy, validated on first use (not at import: every Lambda would pay for it at cold start). */
export function defaultPolicy(): Policy {
  defaultParsed ??= parsePolicy(DEFAULT_POLICY_DOCUMENT);
  return defaultParsed;
}
