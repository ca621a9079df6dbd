/**
 * Import layers and cycles (.dependency-cruiser.cjs): runs `npm run deps` as CI does, so `npm test` fails on a new
 * violation too, and checks each temporary exception in KNOWN_VIOLATIONS still matches an import (delete it if not).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

interface KnownViolation {
  rule: string;
  from: string;
  to: string;
}
interface CruiseResult {
  modules: { source: string; dependencies: { resolved: string; circular: boolean }[] }[];
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
}

const { knownViolations } = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as {
  knownViolations: KnownViolation[];
};

let result: CruiseResult;

beforeAll(async () => {
  const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.deps;
  const [command, ...args] = script.split(/\s+/);
  expect(command).toBe('depcruise');
  const bin = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  // Exit code 1 only means violations; the JSON on stdout says which.
  const { stdout } = await run(process.execPath, [bin, ...args, '--output-type', 'json'], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => {
    if (!error.stdout) throw error;
    return { stdout: error.stdout };
  });
  result = JSON.parse(stdout);
  // Cruising ~470 modules takes 2 s alone and far longer beside the rest of the suite on 2 shared cores.
}, 120_000);

describe('import layers and cycles', () => {
  it('has no violations beyond the known ones', () => {
    const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  });

  it('lists only known violations that still exist', () => {
    const stale = knownViolations.filter(({ rule, from, to }) => {
      const edge = result.modules.find((m) => m.source === from)?.dependencies.find((d) => d.resolved === to);
      return !edge || (rule === 'no-circular' && !edge.circular);
    });
    expect(stale, 'fixed: delete these from KNOWN_VIOLATIONS in .dependency-cruiser.cjs').toEqual([]);
  });
});
