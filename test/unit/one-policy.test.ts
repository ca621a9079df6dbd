/**
 * One deployment, one policy: every function reads the policy through the `policy` adapter, loaded from the STAGE
 * the stack gives it. No handler loads a policy of its own or reads another variable for the stage.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

describe('the policy a deployment runs', () => {
  it('is loaded in one place, from STAGE, with no default stage', () => {
    const loaders = files(join(ROOT, 'functions'))
      .filter((file) => !file.includes(`${join('functions', 'domain')}`))
      .filter((file) => /\bloadPolicy\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(loaders).toEqual([join('functions', 'adapters', 'index.ts')]);
    const source = readFileSync(join(ROOT, 'functions/adapters/index.ts'), 'utf8');
    expect(source).toContain("loadPolicy(requireEnv('STAGE'))");
  });

  it('is never chosen by another variable', () => {
    for (const file of files(join(ROOT, 'functions'))) {
      expect(readFileSync(file, 'utf8'), relative(ROOT, file)).not.toMatch(/POLICY_STAGE|optionalEnv\('STAGE'/);
    }
  });
});
