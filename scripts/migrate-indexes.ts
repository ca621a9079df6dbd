/**
 * `npm run deploy:migrate-indexes -- --stage <stage> [-c key=value …] [--from N] [--synth] [--dry-run]`: moves a
 * stack deployed before the index projections to the declared indexes, one `npx cdk deploy -c indexMigration=N`
 * per step (functions/adapters/dynamodb/index-layout.ts; docs/deploy.md "Moving to new index names").
 * CloudFormation creates or deletes one GSI per table and update, so each step is one deployment, in order, each
 * waiting for the one before (a new index is filled before its deployment ends). It stops at the first failure
 * and says how to go on from that step. `--synth` synthesizes every step offline instead (`npx cdk synth -q`, no AWS
 * needed); `--dry-run` prints the commands only.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { finalMigrationStep, INDEX_MIGRATION_CONTEXT } from '../functions/adapters/dynamodb/index-layout.ts';

export const USAGE = `usage: npm run deploy:migrate-indexes -- --stage <stage> [-c key=value …] [--from N] [--synth] [--dry-run]

  --stage     the stage deployed before (dev, staging, prod)
  -c          every other context value the stage is deployed with (financeAlertEmail, opsAlertEmail, callbackUrls, …)
  --from N    go on from step N (after a step failed: the steps before it are deployed)
  --synth     synthesize each step offline (npx cdk synth -q) instead of deploying it
  --dry-run   print the commands without running them`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface MigrationOptions {
  stage: string;
  context: readonly string[];
  from: number;
  synth: boolean;
}

export function parseOptions(args: readonly string[]): MigrationOptions & { dryRun: boolean } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { stage, context = [], from = '1', synth = false } = parsed.values;
  if (!stage) throw new UsageError('--stage is required');
  const last = finalMigrationStep();
  const step = Number(from);
  if (!/^\d+$/.test(from) || step < 1 || step > last) throw new UsageError(`--from must be a step from 1 to ${last}`);
  for (const value of context) {
    if (!/^[A-Za-z][\w:@-]*=/.test(value)) throw new UsageError(`-c ${value}: expected key=value`);
    const key = value.slice(0, value.indexOf('='));
    if (key === 'stage' || key === INDEX_MIGRATION_CONTEXT) throw new UsageError(`-c ${key}: set by the script`);
  }
  return { stage, context, from: step, synth, dryRun: parsed.values['dry-run'] ?? false };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: {
      stage: { type: 'string' },
      context: { type: 'string', short: 'c', multiple: true },
      from: { type: 'string' },
      synth: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
}

/** The `npx cdk` argument lists, one per step from `from` to the last, in the order they must run. */
export function migrationCommands(options: MigrationOptions): { step: number; args: string[] }[] {
  const steps = Array.from({ length: finalMigrationStep() - options.from + 1 }, (_, i) => options.from + i);
  return steps.map((step) => ({
    step,
    args: [
      'cdk',
      ...(options.synth ? ['synth', '-q'] : ['deploy', `RefundPipeline-${options.stage}`]),
      '-c',
      `stage=${options.stage}`,
      ...options.context.flatMap((value) => ['-c', value]),
      '-c',
      `${INDEX_MIGRATION_CONTEXT}=${step}`,
    ],
  }));
}

function main(args: readonly string[]): number {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const last = finalMigrationStep();
  for (const { step, args: command } of migrationCommands(options)) {
    console.log(`step ${step} of ${last}: npx ${command.join(' ')}`);
    if (options.dryRun) continue;
    const run = spawnSync('npx', command, { stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(
        `step ${step} failed (exit ${run.status ?? run.signal}). Steps before it are in place; once the cause is ` +
          `fixed, go on with --from ${step}.`,
      );
      return 1;
    }
  }
  if (!options.dryRun) {
    console.log(
      options.synth
        ? `every step synthesizes; the last one is what a plain npx cdk deploy gives.`
        : `done: the stack has the declared indexes. Deploy as usual from now on (without -c ${INDEX_MIGRATION_CONTEXT}).`,
    );
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(main(process.argv.slice(2)));
