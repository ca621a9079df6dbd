/** Turns benchmark results into markdown tables and checks them against bench/budgets.json. */
import budgets from './budgets.json' with { type: 'json' };
import type { ColdStart } from './cold-start/index.ts';
import type { PathCost } from './cost/index.ts';
import type { MonitorRun } from './monitor.ts';
import type { RulesResult } from './rules.bench.ts';
import type { ThroughputResult } from './throughput.ts';

/** Everything one run measured; a phase left out by `--only` keeps its figure from an earlier run. */
export interface Results {
  machine?: { node: string; cpus: number; loadAverage: number[] };
  measuredAt?: Partial<Record<Phase, string>>;
  throughput?: ThroughputResult;
  coldStart?: { baseline: ColdStart; functions: ColdStart[] };
  cost?: PathCost[];
  rules?: RulesResult;
  monitor?: MonitorRun[];
  budgets?: BudgetCheck[];
}

/** The phases, in the order they run. */
export const PHASES = ['throughput', 'cold-start', 'cost', 'rules', 'monitor'] as const;
export type Phase = (typeof PHASES)[number];

/** One budget: what is allowed, what was measured, and whether it holds. */
export interface BudgetCheck {
  phase: Phase;
  budget: string;
  limit: number;
  actual: number;
  pass: boolean;
}

const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
const usd = (n: number) => `$${n.toFixed(2)}`;

/** Checks every budget whose phase has results. */
export function checkBudgets(r: Results): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  const add = (phase: Phase, budget: string, limit: number, actual: number, pass: boolean) =>
    checks.push({ phase, budget, limit, actual, pass });
  for (const f of r.coldStart?.functions ?? []) {
    const { maxImportRatio, maxBundleKiB } = budgets.coldStart;
    add(
      'cold-start',
      `${f.name} import time / baseline`,
      maxImportRatio,
      f.ratio,
      !f.error && f.ratio <= maxImportRatio,
    );
    add('cold-start', `${f.name} bundle KiB`, maxBundleKiB, f.kb, f.kb <= maxBundleKiB);
  }
  const instant = r.cost?.find((c) => c.path === 'instant');
  if (instant) {
    const limit = budgets.cost.instantMaxStateTransitions;
    const actual = instant.usage.stateTransitions;
    add('cost', 'instant path state transitions', limit, actual, actual <= limit);
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
  return checks;
}

/** One row per budget, the per-function cold-start budgets folded into their worst case plus every failure. */
function budgetRows(checks: BudgetCheck[]): (string | number)[][] {
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

/** The results as markdown: one table per figure, then the budgets. */
export function toMarkdown(r: Results): string {
  const out: string[] = [];
  const at = (p: Phase) => (r.measuredAt?.[p] ? ` (measured ${r.measuredAt[p]})` : '');
  if (r.throughput) {
    const t = r.throughput;
    out.push(`### 1. Apply throughput, instant path, concurrency ${t.concurrency}${at('throughput')}`);
    out.push(
      table(
        ['refunds', 'accepted/s', 'not accepted', 'apply p50 ms', 'apply p99 ms', 'raw PutItem/s', 'ratio'],
        [
          [
            t.refunds,
            t.appliesPerSecond,
            t.rejected,
            t.applyLatencyMs.p50,
            t.applyLatencyMs.p99,
            t.putItemsPerSecond,
            t.ratio,
          ],
        ],
      ),
    );
  }
  if (r.coldStart) {
    const { baseline, functions } = r.coldStart;
    out.push(`### 2. Cold start: bundle size and import time against the SDK-only baseline${at('cold-start')}`);
    const rows = [baseline, ...functions].map((f) => [
      f.name,
      f.kb,
      f.importMs,
      f.cpuMs,
      f.ratio,
      f.beyondBaseline
        .slice(0, 4)
        .map((b) => `${b.input} ${b.kb}`)
        .join(', ') + (f.error ? ` **error: ${f.error}**` : ''),
    ]);
    out.push(
      table(
        [
          'function',
          'KiB',
          'import ms (wall)',
          'import ms (CPU)',
          '× baseline (CPU)',
          'largest additions to the baseline (KiB)',
        ],
        rows,
      ),
    );
  }
  if (r.cost) {
    out.push(`### 3. AWS cost per million refunds (USD, prices in bench/prices.json)${at('cost')}`);
    const usage = r.cost.map((c) => {
      const u = c.usage;
      const sns = u.snsPublishes.buyer + u.snsPublishes.finance;
      return [
        c.path,
        u.stateTransitions,
        u.lambdaInvocations,
        u.lambdaGbSeconds,
        u.readUnits,
        u.writeUnits,
        `${u.dynamoCalls.total} (${u.dynamoCalls.failed})`,
        sns,
        u.textractPages,
        u.apiRequests,
      ];
    });
    out.push(
      table(
        [
          'path',
          'state transitions',
          'Lambda invocations',
          'GB-s',
          'RRU',
          'WRU',
          'DynamoDB calls (failed)',
          'SNS',
          'Textract pages',
          'API requests',
        ],
        usage,
      ),
    );
    const money = r.cost.map((c) => {
      const m = c.perMillion;
      return [
        c.path,
        usd(m.stepFunctions),
        usd(m.lambda),
        usd(m.dynamodb),
        usd(m.apiGateway),
        usd(m.sns),
        usd(m.textract),
        `**${usd(m.total)}**`,
      ];
    });
    out.push(table(['path', 'Step Functions', 'Lambda', 'DynamoDB', 'API Gateway', 'SNS', 'Textract', 'total'], money));
  }
  if (r.rules) {
    out.push(`### 4. Rules engine, one core${at('rules')}`);
    out.push(
      table(
        ['policy', 'decisions/s (wall)', 'decisions per CPU-second'],
        [[r.rules.policyVersion, r.rules.perSecond, r.rules.perCpuSecond]],
      ),
    );
  }
  if (r.monitor) {
    out.push(`### 5. Monitor reads per run${at('monitor')}`);
    const rows = r.monitor.map((m) => [m.refunds, m.outstanding, m.monitorReadUnits, m.scanReadUnits]);
    out.push(
      table(['refunds in table', 'outstanding payouts', 'monitor RRU per run', 'full Scan RRU (contrast)'], rows),
    );
  }
  if (r.budgets?.length) {
    out.push('### Budgets (bench/budgets.json; every function is checked, the worst one is shown)');
    out.push(table(['budget', 'limit', 'measured', ''], budgetRows(r.budgets)));
  }
  return `${out.join('\n\n')}\n`;
}
