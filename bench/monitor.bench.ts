/**
 * The monitor's read cost at scale: 100 outstanding payouts beside 100,000 settled refunds (SETTLED_COUNT to change)
 * in DynamoDB Local, one run measured before and one after loading the settled refunds. Not part of `npm test`
 * (loading takes a few minutes here): `npm run bench:monitor`. Expect the same RCU both times.
 */
import { MAIN_TABLE } from '../functions/adapters/dynamodb/tables.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { batchWrite, outstandingRefunds, settledRefunds } from '../test/support/bulk.ts';

const OUTSTANDING = Number(process.env.OUTSTANDING_COUNT ?? 100);
const SETTLED = Number(process.env.SETTLED_COUNT ?? 100_000);
const NOW = Date.parse('2026-11-26T04:00:00.000Z');

const runtime = await startLocalRuntime({ quiet: true, clock: { now: () => new Date(NOW) }, monitorEverySeconds: 0 });
const table = runtime.tableName(MAIN_TABLE);
const run = async () => {
  const response = await fetch(`${runtime.url}/local/monitor/run`, { method: 'POST' });
  const body: unknown = await response.json();
  if (!response.ok || typeof body !== 'object' || body === null)
    throw new Error(`monitor run failed: ${response.status}`);
  const figure = (name: string) => (name in body ? Number(Reflect.get(body, name)) : Number.NaN);
  return { readCapacityUnits: figure('readCapacityUnits'), readRequests: figure('readRequests') };
};
try {
  await batchWrite(table, outstandingRefunds(OUTSTANDING, NOW, 10));
  await run();
  const before = await run();
  const started = Date.now();
  for (let done = 0; done < SETTLED; done += 10_000) {
    const old = new Date(NOW - 90 * 86_400_000).toISOString();
    const batch = settledRefunds(Math.min(10_000, SETTLED - done), old, done);
    await batchWrite(table, batch);
    process.stdout.write(`\rloaded ${done + batch.length} settled refunds`);
  }
  const loadSeconds = (Date.now() - started) / 1000;
  const timed = Date.now();
  const after = await run();
  console.log(
    `\n${OUTSTANDING} outstanding payouts, ${SETTLED} settled refunds (loaded in ${loadSeconds.toFixed(0)} s)\n` +
      `  before loading: ${before.readCapacityUnits} RCU in ${before.readRequests} requests\n` +
      `  after loading:  ${after.readCapacityUnits} RCU in ${after.readRequests} requests, run took ${Date.now() - timed} ms\n` +
      `  = ${(after.readCapacityUnits / OUTSTANDING).toFixed(2)} RCU per outstanding payout`,
  );
} finally {
  await runtime.stop();
}
