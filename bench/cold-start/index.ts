/**
 * Figure 2: for every Lambda entry point, the minified bundle size and the time a fresh `node` process takes to
 * import it (module load plus init code, with source maps enabled as in Lambda), against a baseline handler that
 * imports only the DynamoDB client, bundled and measured in the same run, interleaved so load noise hits all alike.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { TABLES } from '../../functions/adapters/dynamodb/tables.ts';
import { FUNCTIONS } from '../../functions/catalog.ts';
import { CHANNELS, REAL_CHANNELS } from '../../functions/domain/payout/channels.ts';
import { environmentFor } from '../../functions/manifest.ts';
import { progress } from '../lib/progress.ts';
import { median, round } from '../lib/stats.ts';
import { type Bundle, bundle } from './bundle.ts';

const run = promisify(execFile);

/** Every function the stack deploys (functions/catalog.ts): API routes, workflow tasks, event functions, channels. */
export const ENTRY_POINTS: readonly { name: string; entry: string }[] = FUNCTIONS.map((f) => ({
  name: f.id,
  entry: f.entry,
}));

/**
 * The SDK-only baseline is a handler of the SDK as it ships: bundled with the stack's esbuild options, but not with
 * the modules our bundles take in place of SDK packages (BUNDLE_ALIASES: Lambda's credentials from the environment),
 * which are our functions' own saving. The same handler bundled as our functions are is measured beside it and shown
 * as its own row, so the table also says how much of a function's import is the SDK as we ship it.
 */
const BASELINE = { name: 'Baseline', entry: 'bench/cold-start/baseline-handler.ts', aliases: false };
const BUNDLED_BASELINE = { name: 'Baseline, our bundling', entry: BASELINE.entry };

/** Figure 2 for one function. */
export interface ColdStart {
  name: string;
  entry: string;
  kb: number;
  /** Packages bundled beside the function and loaded after init (the X-Ray tracer, where tracing is on). */
  sidecarKb?: number;
  /** Median wall-clock time of the import. */
  importMs: number;
  /** Median CPU time of the import (user + system), less disturbed by other processes than wall time. */
  cpuMs: number;
  /** Median over rounds of this function's CPU time / the baseline's in the same round. */
  ratio: number;
  /** The inputs that add most beyond the baseline's (what makes this function bigger/slower to load). */
  beyondBaseline: { input: string; kb: number }[];
  error?: string;
}

/**
 * Environment a function sees in Lambda: every variable the stack gives any function (names mostly matter: each entry
 * checks its variables are there at start and builds its adapters, which call nothing at import).
 */
function lambdaEnv(): NodeJS.ProcessEnv {
  const declared = Object.fromEntries(
    FUNCTIONS.flatMap((f) => environmentFor(f.needs)).map((name) => [
      name,
      name === 'MONITORING_CONFIG' ? '{}' : `bench-${name}`,
    ]),
  );
  const tables = Object.fromEntries(TABLES.map((t) => [t.envVar, `bench-${t.id}`]));
  return {
    PATH: process.env.PATH,
    ...declared,
    ...tables,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_SERVICE_NAME: 'refund-pipeline',
    STAGE: 'prod',
    // Entries read the channel map when they load: every method through its real channel, as in prod.
    PAYMENT_CHANNELS: JSON.stringify(REAL_CHANNELS),
    PAYMENT_CHANNEL_FUNCTIONS: JSON.stringify(Object.fromEntries(CHANNELS.map((c) => [c, `bench-${c}`]))),
    NODE_OPTIONS: '--enable-source-maps',
  };
}

interface Sample {
  wall: number;
  cpu: number;
}

/** Imports `file` in a fresh node process; returns the wall-clock and CPU milliseconds the import took. */
async function importTime(file: string): Promise<Sample> {
  const url = JSON.stringify(pathToFileURL(file).href);
  const probe = `const c = process.cpuUsage(), t = performance.now(); await import(${url});
    const wall = performance.now() - t, u = process.cpuUsage(c);
    process.stdout.write(JSON.stringify({ wall, cpu: (u.user + u.system) / 1000 }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], { env: lambdaEnv() });
  const { wall, cpu } = JSON.parse(stdout);
  return { wall: Number(wall), cpu: Number(cpu) };
}

/** Runs figure 2: `repetitions` fresh imports of each bundle, interleaved with the baseline. */
export async function benchColdStart({
  repetitions = 25,
} = {}): Promise<{ baseline: ColdStart; bundledBaseline: ColdStart; functions: ColdStart[] }> {
  const outDir = mkdtempSync(join(tmpdir(), 'refund-bench-'));
  try {
    const all: { name: string; entry: string; aliases?: boolean }[] = [BASELINE, BUNDLED_BASELINE, ...ENTRY_POINTS];
    const bundles = new Map<string, Bundle>();
    const errors = new Map<string, string>();
    for (const [i, { name, entry, aliases }] of all.entries()) {
      progress('cold start', `bundling ${name} (${i + 1}/${all.length})`);
      bundles.set(name, await bundle(entry, name, outDir, { aliases }));
    }
    const samples = new Map<string, Sample[]>(all.map((e) => [e.name, []]));
    const ratios = new Map<string, number[]>(all.map((e) => [e.name, []]));
    for (let rep = 0; rep < repetitions; rep++) {
      // A new order each round, so no function always runs right after another (or first, on a cold page cache).
      const order = [...all].sort(() => Math.random() - 0.5);
      for (const [i, { name }] of order.entries()) {
        progress('cold start', `import ${rep + 1}/${repetitions}: ${name} (${i + 1}/${all.length})`);
        if (errors.has(name)) continue;
        try {
          samples.get(name)!.push(await importTime(bundles.get(name)!.file));
        } catch (error) {
          errors.set(name, error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error));
        }
      }
    }
    // Pair each function's sample with the baseline's of the same round, so slow minutes of load cancel out.
    const baselineSamples = samples.get(BASELINE.name)!;
    for (const { name } of all) {
      samples.get(name)!.forEach((x, round) => {
        const base = baselineSamples[round];
        if (base) ratios.get(name)!.push(x.cpu / base.cpu);
      });
    }
    const base = bundles.get(BASELINE.name)!;
    const figure = ({ name, entry }: { name: string; entry: string }): ColdStart => {
      const b = bundles.get(name)!;
      const taken = samples.get(name)!;
      return {
        name,
        entry,
        kb: round(b.bytes / 1024, 1),
        sidecarKb: round(b.sidecarBytes / 1024, 1),
        importMs: round(median(taken.map((x) => x.wall)), 1),
        cpuMs: round(median(taken.map((x) => x.cpu)), 1),
        ratio: round(median(ratios.get(name)!), 2),
        beyondBaseline: [...b.inputs]
          .map(([input, bytes]) => ({ input, kb: round((bytes - (base.inputs.get(input) ?? 0)) / 1024, 1) }))
          .filter((x) => x.kb >= 0.5)
          .sort((x, y) => y.kb - x.kb)
          .slice(0, 5),
        ...(errors.has(name) ? { error: errors.get(name) } : {}),
      };
    };
    return {
      baseline: figure(BASELINE),
      bundledBaseline: figure(BUNDLED_BASELINE),
      functions: ENTRY_POINTS.map(figure),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
