/**
 * Bundles a Lambda entry point exactly as the CDK stack does: the esbuild options are derived from
 * REFUND_FUNCTION_BUNDLING (infra/constructs/refund-function.ts), the one definition NodejsFunction also uses, and
 * the sidecar packages (loaded after init) are built beside it by the same commands the stack's bundling runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { BUNDLE_ALIASES } from '../../infra/constructs/bundle-aliases.ts';
import { REFUND_FUNCTION_BUNDLING as B, SIDECAR_PACKAGES } from '../../infra/constructs/refund-function.ts';
import { ROOT } from '../../local/handlers.ts';

/** The esbuild options NodejsFunction passes for REFUND_FUNCTION_BUNDLING (it always bundles for platform node). */
export const ESBUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: B.format,
  minify: B.minify,
  sourcemap: B.sourceMap,
  sourcesContent: B.sourcesContent,
  target: B.target,
  mainFields: B.mainFields,
  external: B.externalModules,
  banner: { js: B.banner },
  alias: { ...BUNDLE_ALIASES },
  metafile: true,
  logLevel: 'silent',
};

/** A bundled function: where it is, how big, and which inputs make up most of it. */
export interface Bundle {
  file: string;
  /** The function's `index.mjs`: what Lambda parses at init. */
  bytes: number;
  /** The sidecar packages beside it (loaded after init, where tracing is on). */
  sidecarBytes: number;
  /** Bytes in the output per input, package-level where from node_modules. */
  inputs: Map<string, number>;
}

/** Groups metafile inputs by npm package (or keeps the source path): bytes each contributes to the output. */
export function inputSizes(metafile: Metafile): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const key = match ? match[1]! : path;
      sizes.set(key, (sizes.get(key) ?? 0) + bytesInOutput);
    }
  }
  return sizes;
}

/**
 * Bundles `entry` (relative to the repository root, or absolute) into `outDir/<name>/index.mjs`. `aliases: false`
 * leaves out the modules our bundles take in place of packages (BUNDLE_ALIASES): the SDK as it ships.
 */
export async function bundle(entry: string, name: string, outDir: string, { aliases = true } = {}): Promise<Bundle> {
  const dir = join(outDir, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  const result = await build({
    ...ESBUILD_OPTIONS,
    ...(aliases ? {} : { alias: {} }),
    entryPoints: [resolve(ROOT, entry)],
    outfile: file,
  });
  const metafile = result.metafile!;
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.mjs'));
  for (const command of B.commandHooks.afterBundling(ROOT, dir)) execFileSync('bash', ['-c', command], { cwd: ROOT });
  const sidecarBytes = SIDECAR_PACKAGES.reduce(
    (sum, pkg) => sum + statSync(join(dir, 'node_modules', pkg, 'index.mjs')).size,
    0,
  );
  return { file, bytes: output?.[1].bytes ?? 0, sidecarBytes, inputs: inputSizes(metafile) };
}
