/**
 * Builds the web console (web/src → web/dist) with esbuild: one JS bundle, one CSS file and index.html, no
 * external requests at run time. `npm run build:web` runs it; `npm start` calls `ensureConsoleBuilt` so a fresh
 * clone needs no extra step, and rebuilds when any source is newer than the last build.
 */
import { copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
/** Where the console's sources live. */
export const WEB_DIR = join(ROOT, 'web');
/** Where the built console is written; gitignored. */
export const DIST_DIR = join(WEB_DIR, 'dist');
const STAMP = join(DIST_DIR, '.built');
/** Sources outside web/ that the bundle imports (the shared label catalogue and vocabulary), so edits there rebuild. */
const SHARED = [join(ROOT, 'functions/domain')];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** True when web/dist is missing or older than any source. */
export function consoleIsStale(): boolean {
  let built: number;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  const sources = [join(WEB_DIR, 'src'), join(WEB_DIR, 'index.html'), ...SHARED];
  return sources.some((source) => newestMtime(source) > built);
}

/** Bundles the console into web/dist (about 100 ms). */
export async function buildConsole(): Promise<void> {
  const { build } = await import('esbuild');
  mkdirSync(DIST_DIR, { recursive: true });
  await build({
    entryPoints: { app: join(WEB_DIR, 'src/main.ts') },
    outdir: join(DIST_DIR, 'assets'),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    target: ['es2022'],
    logLevel: 'warning',
  });
  copyFileSync(join(WEB_DIR, 'index.html'), join(DIST_DIR, 'index.html'));
  writeFileSync(STAMP, new Date().toISOString());
}

let pending: Promise<void> | undefined;

/** Builds the console once if it is missing or stale; concurrent callers share one build. */
export function ensureConsoleBuilt(): Promise<void> {
  if (!consoleIsStale()) return Promise.resolve();
  pending ??= buildConsole().finally(() => {
    pending = undefined;
  });
  return pending;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildConsole();
  console.log(`web console built in ${DIST_DIR}`);
}
