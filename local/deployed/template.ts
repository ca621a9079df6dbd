/**
 * The deployed stack's CloudFormation template, as the local runtime reads it: synthesized without bundling and
 * cached under node_modules/.cache, keyed by a hash of everything that shapes it (infra/, functions/, the ASL,
 * cdk.json, package-lock.json). A cache hit costs a few milliseconds; a miss runs ./synth.ts once (~5–10 s).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../handlers.ts';
import type { Template } from '../iam/intrinsics.ts';

const INPUTS = ['infra', 'functions', 'statemachines', 'local/deployed/synth.ts', 'cdk.json', 'package-lock.json'];
export const TEMPLATE_CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'refund-pipeline');

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** A digest of the sources the template is synthesized from. */
export function templateKey(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => files(join(ROOT, input)))) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Drops templates of older sources (an hour old, so a checkout running beside this one keeps its own). */
function prune(keep: string): void {
  for (const name of readdirSync(TEMPLATE_CACHE_DIR)) {
    const path = join(TEMPLATE_CACHE_DIR, name);
    if (path !== keep && /^template-.*\.json$/.test(name) && Date.now() - statSync(path).mtimeMs > 3_600_000) {
      rmSync(path, { force: true });
    }
  }
}

let pending: Promise<Template> | undefined;

/** The template for the current sources, synthesized on the first call after a change (`log` says so). */
export function deployedTemplate(log: (message: string) => void = () => undefined): Promise<Template> {
  pending ??= load(log).finally(() => {
    pending = undefined;
  });
  return pending;
}

async function load(log: (message: string) => void): Promise<Template> {
  const file = join(TEMPLATE_CACHE_DIR, `template-${templateKey()}.json`);
  if (!existsSync(file)) {
    log('synthesizing the stack template for local mode (first start after a change to infra/ or functions/)…');
    mkdirSync(TEMPLATE_CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
    const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    try {
      await promisify(execFile)(process.execPath, [tsx, join(ROOT, 'local/deployed/synth.ts'), partial], {
        cwd: ROOT,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`could not synthesize the stack for local mode (npx cdk synth shows why):\n${stderr}`);
    }
    // Atomic: parallel test files may synthesize at once; each rename leaves a whole file.
    renameSync(partial, file);
    prune(file);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Template;
}
