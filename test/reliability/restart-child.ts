/**
 * The local runtime as its own process for the restart test: `tsx test/reliability/restart-child.ts <dataDir>`
 * prints `READY <url>` once it serves. The test SIGKILLs its process group (DynamoDB Local's java included).
 */
import { startLocalRuntime } from '../../local/runtime.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: restart-child.ts <dataDir>');
// A clock days ahead lets a later run see payouts whose promise has passed (the monitor's LATE_PAYOUT).
const offset = Number(process.env.CLOCK_OFFSET_DAYS ?? 0) * 86_400_000;
const runtime = await startLocalRuntime({
  ...(offset ? { clock: { now: () => new Date(Date.now() + offset) } } : {}),
  dataDir,
  port: 0,
  quiet: true,
  // Merchants have a day, so waits outlive the kill; nothing runs the monitor but the test.
  stage: 'prod',
  monitorEverySeconds: 0,
});
console.log(`READY ${runtime.url}`);
process.on('SIGTERM', () => {
  void runtime.stop().then(() => process.exit(0));
});
