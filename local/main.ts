/**
 * `npm start`: the whole refund pipeline on this machine, no AWS account needed.
 *   npm start                  keep data in .data/ across restarts
 *   npm start -- --fresh       start empty
 *   npm start -- --port 3000   choose the HTTP port (default 3000; 0 picks a free one)
 *   npm start -- --data DIR    keep data somewhere else
 *   npm start -- --memory      keep nothing on disk
 *   npm start -- --demo        seed demo orders for each scenario (local/demo.ts) and print them
 */
import { parseArgs } from 'node:util';
import { seedDemo } from './demo.ts';
import { DEFAULT_DATA_DIR, startLocalRuntime } from './runtime.ts';

const { values } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    memory: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    data: { type: 'string', default: process.env.REFUNDS_DATA_DIR ?? DEFAULT_DATA_DIR },
  },
});

const runtime = await startLocalRuntime({
  ...(values.memory ? {} : { dataDir: values.data }),
  fresh: values.fresh,
  port: Number(values.port),
});

console.log(`Refund pipeline running at ${runtime.url}`);
console.log(`  health:  curl ${runtime.url}/health`);
console.log(`  token:   curl -X POST ${runtime.url}/local/token -d '{"sub":"u-1","role":"buyer"}'`);
console.log(`  console: ${runtime.url}/`);
console.log(`  monitor: curl -X POST ${runtime.url}/local/monitor/run   (runs every 5 min)`);
console.log(`  data:    ${values.memory ? 'in memory' : values.data}   (Ctrl-C to stop)`);
if (values.demo) {
  console.log('Demo orders (buyer demo-buyer, merchant demo-merchant, reviewer demo-reviewer):');
  for (const order of await seedDemo(runtime.url)) console.log(`  ${order.orderId.padEnd(28)} ${order.label}`);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await runtime.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
