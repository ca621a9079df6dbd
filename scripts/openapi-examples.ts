/**
 * `npm run openapi:examples`: runs the integration suite with every valid answer captured (local/contract.ts), keeps
 * the first answer per operation and success status in functions/api/examples.ts, and regenerates openapi.json, so
 * each operation's example is a real answer of the API.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'openapi-examples-'));
execFileSync('npx', ['vitest', 'run', '--project', 'integration'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, OPENAPI_EXAMPLES_DIR: dir },
});
const merged: Record<string, unknown> = {};
for (const name of readdirSync(dir).sort()) {
  for (const [key, value] of Object.entries(
    JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>,
  )) {
    merged[key] ??= value;
  }
}
const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(
  join(root, 'functions/api/examples.ts'),
  `/** Real answers captured from the integration suite by \`npm run openapi:examples\`; the document's examples. */\n` +
    `export const EXAMPLES: Readonly<Record<string, unknown>> = ${JSON.stringify(sorted, null, 2)};\n`,
);
// Written as the repository's formatter writes it, so the captured examples keep `npm run lint` green.
execFileSync('npx', ['biome', 'format', '--write', 'functions/api/examples.ts'], { cwd: root, stdio: 'ignore' });
execFileSync('npm', ['run', 'openapi', '--silent'], { cwd: root, stdio: 'inherit' });
console.log(`examples for ${Object.keys(sorted).length} operation answers`);
