/**
 * `npm run analytics:local -- --refunds 100000 [--seed 20] [--runs 3] [--keep DIR]`: generates a data set, writes it
 * as a DynamoDB export (full + incremental), loads it into DuckDB as the Glue tables, creates the views and runs
 * every documented query, printing each step's time (the median of `--runs` runs for a query). docs/analytics.md
 * records what this machine measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openExport } from './duckdb.ts';
import { writeDataSet } from './export-files.ts';
import { generateDataSet } from './generate.ts';
import { QUERIES } from './schema.ts';

const { values } = parseArgs({
  options: {
    refunds: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'string' },
  },
});
const refunds = Number(values.refunds);
const runs = Math.max(1, Number(values.runs));
if (!Number.isInteger(refunds) || refunds < 1) throw new Error('--refunds must be a positive whole number');

const timed = async <T>(label: string, work: () => Promise<T> | T): Promise<T> => {
  const started = performance.now();
  const result = await work();
  console.log(`${label.padEnd(36)} ${(performance.now() - started).toFixed(0).padStart(7)} ms`);
  return result;
};

const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'refund-analytics-'));
try {
  const data = await timed(`generate ${refunds} refunds`, () =>
    generateDataSet({ refunds, seed: Number(values.seed) }),
  );
  const written = await timed('write the export (json.gz)', () => writeDataSet(dir, data));
  console.log(`  ${data.orders.length} orders; full export ${written.fullItems} items, ${written.changes} changes`);
  const analytics = await timed('load into DuckDB, create the views', () => openExport(dir));
  for (const name of QUERIES) {
    const times: number[] = [];
    let rows = 0;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      rows = (await analytics.query(name)).length;
      times.push(performance.now() - started);
    }
    const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
    console.log(`${name.padEnd(36)} ${median.toFixed(0).padStart(7)} ms  (${rows} rows, median of ${runs})`);
  }
  analytics.close();
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
