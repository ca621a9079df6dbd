/** The shape of a benchmark run's results (bench/results/latest.json) and of its budget checks. */
import type { ColdStart } from './cold-start/index.ts';
import type { FoldAtVolume, PathCost } from './cost/index.ts';
import type { MonitorRun } from './monitor.ts';
import type { PayoutsResult } from './payouts.ts';
import type { RulesResult } from './rules.bench.ts';
import type { ThroughputResult } from './throughput.ts';

/** Everything one run measured; a phase left out by `--only` keeps its figure from an earlier run. */
export interface Results {
  machine?: { node: string; cpus: number; loadAverage: number[] };
  measuredAt?: Partial<Record<Phase, string>>;
  throughput?: ThroughputResult;
  coldStart?: { baseline: ColdStart; bundledBaseline?: ColdStart; functions: ColdStart[] };
  cost?: PathCost[];
  /** The analytics fold when it covers many refunds at once (figure 3 folds one refund at a time). */
  foldAtVolume?: FoldAtVolume;
  rules?: RulesResult;
  monitor?: MonitorRun[];
  payouts?: PayoutsResult;
  budgets?: BudgetCheck[];
}

/** The phases, in the order they run. */
export const PHASES = ['throughput', 'cold-start', 'cost', 'rules', 'monitor', 'payouts'] as const;
export type Phase = (typeof PHASES)[number];

/** One budget: what is allowed, what was measured, and whether it holds. */
export interface BudgetCheck {
  phase: Phase;
  budget: string;
  limit: number;
  actual: number;
  pass: boolean;
}
