/**
 * Compiles the policy's declarative rules into closures once per policy object (cached in a WeakMap), so deciding
 * is a loop over precompiled predicates: no parsing, no allocation per condition, no promises.
 */

import type { FactKey, Matcher, Outcome, Policy, RefusalCode, Rule } from '../policy/schema.ts';
import type { EvidenceKind } from '../vocabulary.ts';

/** The facts plus the decision so far: adjusting rules may test both. */
export type View = Record<FactKey, unknown>;
type Test = (value: unknown) => boolean;

export interface CompiledRule {
  id: string;
  explain: string;
  test: (view: View) => boolean;
  effect: Rule['effect'];
}

export interface CompiledPolicy {
  decide: CompiledRule[];
  adjust: CompiledRule[];
  offered: Record<string, ReadonlySet<string>>;
}

const norm = (v: unknown): unknown => (v === undefined ? null : v);

function compileMatcher(m: Matcher): Test {
  if (m === null || typeof m !== 'object') return (v) => norm(v) === m;
  if (Array.isArray(m)) {
    const set = new Set<unknown>(m);
    return (v) => set.has(norm(v));
  }
  if ('not' in m) {
    const set = new Set<unknown>(m.not);
    return (v) => !set.has(norm(v));
  }
  const { gt, gte, lt, lte } = m;
  return (v) =>
    typeof v === 'number' &&
    (gt === undefined || v > gt) &&
    (gte === undefined || v >= gte) &&
    (lt === undefined || v < lt) &&
    (lte === undefined || v <= lte);
}

function compileRule(rule: Rule): CompiledRule {
  const checks: [FactKey, Test][] = [];
  for (const [key, m] of Object.entries(rule.when) as [FactKey, Matcher | undefined][]) {
    if (m !== undefined) checks.push([key, compileMatcher(m)]);
  }
  const test = (view: View): boolean => {
    for (const [key, check] of checks) if (!check(view[key])) return false;
    return true;
  };
  return { id: rule.id, explain: rule.explain, test, effect: rule.effect };
}

const cache = new WeakMap<Policy, CompiledPolicy>();

/** The compiled form of a policy, built on first use. */
export function compiledFor(policy: Policy): CompiledPolicy {
  let compiled = cache.get(policy);
  if (!compiled) {
    const offered: Record<string, ReadonlySet<string>> = {};
    for (const [scenario, reasons] of Object.entries(policy.reasonsByScenario)) offered[scenario] = new Set(reasons);
    compiled = {
      decide: policy.rules.decide.filter((r) => r.enabled !== false).map(compileRule),
      adjust: policy.rules.adjust.filter((r) => r.enabled !== false).map(compileRule),
      offered,
    };
    cache.set(policy, compiled);
  }
  return compiled;
}

/** The mutable decision a rule's `effect` writes into. */
export interface DecisionState {
  outcome: Outcome | null;
  instant: boolean;
  returnRequired: boolean;
  refundOnWaybill: boolean;
  evidence: EvidenceKind[];
  refusal: RefusalCode | null;
}

/** Applies a rule's `effect` to the decision and mirrors it into the view for later rules. */
export function applyEffect(effect: Rule['effect'], state: DecisionState, view: View): void {
  if (effect.outcome !== undefined) view.outcome = state.outcome = effect.outcome;
  if (effect.instant !== undefined) view.instant = state.instant = effect.instant;
  if (effect.returnRequired !== undefined) view.returnRequired = state.returnRequired = effect.returnRequired;
  if (effect.refundOnWaybill !== undefined) view.refundOnWaybill = state.refundOnWaybill = effect.refundOnWaybill;
  if (effect.refusal !== undefined) state.refusal = effect.refusal;
  if (effect.evidence !== undefined) state.evidence = [...effect.evidence];
  if (effect.addEvidence) for (const k of effect.addEvidence) if (!state.evidence.includes(k)) state.evidence.push(k);
}
