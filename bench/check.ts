/** Checks benchmark results against bench/budgets.json. */
import budgets from './budgets.json' with { type: 'json' };
import type { BudgetCheck, Phase, Results } from './results.ts';

/** Checks every budget whose phase has results. */
export function checkBudgets(r: Results): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  const add = (phase: Phase, budget: string, limit: number, actual: number, pass: boolean) =>
    checks.push({ phase, budget, limit, actual, pass });
  for (const f of r.coldStart?.functions ?? []) {
    const { maxImportRatio, maxBundleKiB } = budgets.coldStart;
    // A function may have a documented exception (bench/budgets.json says why, docs/benchmarks.md more).
    const exceptions: Record<string, { maxBundleKiB?: number; maxImportRatio?: number } | undefined> =
      budgets.coldStart.exceptions;
    const bundleLimit = exceptions[f.name]?.maxBundleKiB ?? maxBundleKiB;
    const importLimit = exceptions[f.name]?.maxImportRatio ?? maxImportRatio;
    add('cold-start', `${f.name} import time / baseline`, importLimit, f.ratio, !f.error && f.ratio <= importLimit);
    add('cold-start', `${f.name} bundle KiB`, bundleLimit, f.kb, f.kb <= bundleLimit);
  }
  if (r.throughput) {
    const { minRatio, maxApplyP99Ms } = budgets.throughput;
    const { ratio, concurrency, applyLatencyMs } = r.throughput;
    add('throughput', 'accepted applications/s ÷ raw PutItem/s (minimum)', minRatio, ratio, ratio >= minRatio);
    add(
      'throughput',
      `apply p99 ms at concurrency ${concurrency}`,
      maxApplyP99Ms,
      applyLatencyMs.p99,
      applyLatencyMs.p99 <= maxApplyP99Ms,
    );
  }
  const instant = r.cost?.find((c) => c.path === 'instant');
  if (instant) {
    const { instantMaxStateTransitions, instantMaxUsdPerMillion, instantMaxWriteUnits, instantMaxReadUnits } =
      budgets.cost;
    const { stateTransitions, writeUnits, readUnits } = instant.usage;
    // Standard transitions: an instant refund has no Standard execution (its payout is an Express run).
    add(
      'cost',
      'instant path Standard state transitions',
      instantMaxStateTransitions,
      stateTransitions,
      stateTransitions <= instantMaxStateTransitions,
    );
    const usd = instant.perMillion.total;
    add('cost', 'instant path USD per million refunds', instantMaxUsdPerMillion, usd, usd <= instantMaxUsdPerMillion);
    add('cost', 'instant path WRU per refund', instantMaxWriteUnits, writeUnits, writeUnits <= instantMaxWriteUnits);
    add('cost', 'instant path RRU per refund', instantMaxReadUnits, readUnits, readUnits <= instantMaxReadUnits);
  }
  const pathLimits: Record<string, number | undefined> = budgets.cost.maxWriteUnits;
  for (const path of r.cost ?? []) {
    const limit = pathLimits[path.path];
    if (limit === undefined) continue;
    const actual = path.usage.writeUnits;
    add('cost', `${path.path} path WRU per refund`, limit, actual, actual <= limit);
  }
  if (r.rules) {
    const limit = budgets.rules.minDecisionsPerCpuSecond;
    add(
      'rules',
      'rules decisions per CPU-second (minimum)',
      limit,
      r.rules.perCpuSecond,
      r.rules.perCpuSecond >= limit,
    );
  }
  const [small, large] = [r.monitor?.[0], r.monitor?.at(-1)];
  if (small && large && small !== large) {
    const growth = large.monitorReadUnits / small.monitorReadUnits;
    const limit = budgets.monitor.maxReadGrowthWithTableSize;
    add(
      'monitor',
      `monitor reads at ${large.refunds} / at ${small.refunds} refunds`,
      limit,
      +growth.toFixed(2),
      growth <= limit,
    );
  }
  if (r.payouts) {
    const limit = budgets.payouts.minRatio;
    add('payouts', 'payouts/s ÷ raw PutItem/s (minimum)', limit, r.payouts.ratio, r.payouts.ratio >= limit);
  }
  return checks;
}

/** One row per budget, the per-function cold-start budgets folded into their worst case plus every failure. */
export function budgetRows(checks: BudgetCheck[]): (string | number)[][] {
  const row = (b: BudgetCheck) => [b.budget, b.limit, b.actual, b.pass ? 'pass' : '**FAIL**'];
  const rows: (string | number)[][] = [];
  for (const kind of [' import time / baseline', ' bundle KiB']) {
    const group = checks.filter((b) => b.phase === 'cold-start' && b.budget.endsWith(kind));
    if (!group.length) continue;
    const worst = group.reduce((a, b) => (b.actual > a.actual ? b : a));
    const failed = group.filter((b) => !b.pass);
    rows.push([
      `every function${kind} (worst: ${worst.budget})`,
      worst.limit,
      worst.actual,
      failed.length ? `**${failed.length} FAIL**` : 'pass',
    ]);
    rows.push(...failed.filter((b) => b !== worst).map(row));
  }
  rows.push(...checks.filter((b) => b.phase !== 'cold-start').map(row));
  return rows;
}
