/**
 * `npm run bench`: apply throughput, cold start, AWS cost per path, rules engine, monitor scaling and payout speed, in
 * one run.
 * Prints the tables, writes bench/results/latest.json (and .md), and with `--check` exits 1 when a budget in
 * bench/budgets.json is broken. `--only=cold-start,cost` runs some phases; the others keep their earlier figures.
 * Not part of `npm test`. docs/benchmarks.md explains how to read the figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LOCAL_AWS_ENV, type LocalDynamo, startDynamoLocal } from '../local/dynamodb.ts';
import { ROOT } from '../local/handlers.ts';
import { checkBudgets } from './check.ts';
import { benchColdStart } from './cold-start/index.ts';
import { benchCost } from './cost/index.ts';
import { progressDone } from './lib/progress.ts';
import { benchMonitor } from './monitor.ts';
import { benchPayouts } from './payouts.ts';
import { toMarkdown } from './report.ts';
import { PHASES, type Phase, type Results } from './results.ts';
import { benchRules } from './rules.bench.ts';
import { benchThroughput } from './throughput.ts';

const RESULTS_DIR = join(ROOT, 'bench/results');
const LATEST = join(RESULTS_DIR, 'latest.json');

function isPhase(name: string): name is Phase {
  return (PHASES as readonly string[]).includes(name);
}

function previousResults(): Results {
  if (!existsSync(LATEST)) return {};
  const parsed: unknown = JSON.parse(readFileSync(LATEST, 'utf8'));
  return typeof parsed === 'object' && parsed !== null ? { ...parsed } : {};
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, only: { type: 'string' } },
  });
  const only = values.only?.split(',').map((s) => s.trim()) ?? [...PHASES];
  const unknown = only.filter((p) => !isPhase(p));
  if (unknown.length) throw new Error(`unknown phase ${unknown.join(', ')}; phases: ${PHASES.join(', ')}`);
  const phases = new Set(only.filter(isPhase));
  for (const [name, value] of Object.entries(LOCAL_AWS_ENV)) process.env[name] ??= value;
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

  const results: Results = values.only ? previousResults() : {};
  const measuredAt = { ...results.measuredAt };
  const stamp = (phase: Phase) => {
    measuredAt[phase] = new Date().toISOString();
  };
  const needsDynamo = ['throughput', 'cost', 'monitor', 'payouts'].some((p) => isPhase(p) && phases.has(p));
  let dynamo: LocalDynamo | undefined;
  const started = performance.now();
  try {
    if (needsDynamo) dynamo = await startDynamoLocal();
    const endpoint = dynamo?.endpoint ?? '';
    // CPU-bound figures first, before DynamoDB Local has data to hold.
    if (phases.has('rules')) {
      results.rules = benchRules();
      stamp('rules');
    }
    if (phases.has('cold-start')) {
      results.coldStart = await benchColdStart();
      stamp('cold-start');
    }
    if (phases.has('throughput')) {
      results.throughput = await benchThroughput(endpoint);
      stamp('throughput');
    }
    if (phases.has('cost')) {
      ({ paths: results.cost, foldAtVolume: results.foldAtVolume } = await benchCost(endpoint));
      stamp('cost');
    }
    if (phases.has('monitor')) {
      results.monitor = await benchMonitor(endpoint);
      stamp('monitor');
    }
    if (phases.has('payouts')) {
      results.payouts = await benchPayouts(endpoint);
      stamp('payouts');
    }
  } finally {
    progressDone();
    await dynamo?.stop();
  }
  results.machine = { node: process.version, cpus: cpus().length, loadAverage: loadavg().map((l) => +l.toFixed(2)) };
  results.measuredAt = measuredAt;
  results.budgets = checkBudgets(results);

  const markdown = toMarkdown(results);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(LATEST, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
  // Written as the repository's formatter writes them, so committing a run keeps `npm run lint` green.
  execFileSync('npx', ['biome', 'format', '--write', LATEST, join(RESULTS_DIR, 'latest.md')], { stdio: 'ignore' });
  console.log(markdown);
  console.log(`${((performance.now() - started) / 1000).toFixed(0)} s; written to bench/results/latest.{json,md}`);

  const broken = results.budgets.filter((b) => !b.pass && phases.has(b.phase));
  if (broken.length) console.log(`${broken.length} budget(s) broken: ${broken.map((b) => b.budget).join('; ')}`);
  return values.check && broken.length ? 1 : 0;
}

// Handler modules and the runner keep timers and sockets; leave once the report is out.
main().then(
  (code) => process.exit(code),
  (error) => {
    progressDone();
    console.error(error);
    process.exit(2);
  },
);
