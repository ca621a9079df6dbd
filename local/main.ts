/**
 * `npm start`: the whole refund pipeline on this machine, no AWS account needed.
 *   npm start                  keep data in .data/ across restarts
 *   npm start -- --fresh       start empty
 *   npm start -- --port 3000   choose the HTTP port (default 3000; 0 picks a free one)
 *   npm start -- --data DIR    keep data somewhere else
 *   npm start -- --memory      keep nothing on disk
 *   npm start -- --demo        seed demo orders for each scenario (local/demo.ts) and print them
 *   npm start -- --dynamodb-endpoint URL   use a DynamoDB Local already running (no Java needed; or DYNAMODB_ENDPOINT)
 *   npm start -- --quiet       print only the banner
 *   npm start -- --auth=oauth  sign in to the console as when deployed: authorization code + PKCE against a local
 *                              stand-in of Cognito managed login (pick a demo user) instead of the role switcher
 *   npm start -- --events-to URL   POST every refund event to URL, signed like the payment webhook (secret: env
 *                              EVENTS_SECRET), retried with backoff until it answers 2xx (docs/events.md)
 *   npm start -- --payments=alipay-fake,wechat-fake   pay ALIPAY / WECHAT_PAY refunds through the real Alipay and
 *                              WeChat Pay adapters against local fakes of their APIs (default: the sandbox stand-in)
 * What it needs is checked first (local/preflight.ts; `npm run doctor` shows the same and the optional parts).
 */
// First: before any function module loads the X-Ray SDK (see the module).
import './untraced.ts';
import { parseArgs } from 'node:util';
import { type FakeChannelName, parseFakeChannels } from './channels/index.ts';
import type { LocalAuth } from './console.ts';
import { seedDemo } from './demo.ts';
import { problems, requiredFindings } from './preflight.ts';
import { DEFAULT_DATA_DIR, startLocalRuntime } from './runtime.ts';

const started = performance.now();

/** Wraps a paragraph at 100 columns for the terminal. */
const wrap = (text: string) => text.replace(/(.{1,100})(\s+|$)/g, '$1\n').trimEnd();

/** One paragraph per problem, no stack trace, exit code 1. */
function fail(paragraphs: string[]): never {
  console.error(
    `npm start cannot start the pipeline.\n\n${paragraphs.map(wrap).join('\n\n')}\n\n(npm run doctor checks again.)`,
  );
  process.exit(1);
}

let values: {
  fresh: boolean;
  memory: boolean;
  demo: boolean;
  quiet: boolean;
  port: string;
  data: string;
  payments: string;
  auth: string;
  'dynamodb-endpoint'?: string;
  'events-to'?: string;
};
try {
  values = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      memory: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      data: { type: 'string', default: process.env.REFUNDS_DATA_DIR ?? DEFAULT_DATA_DIR },
      payments: { type: 'string', default: 'sandbox' },
      auth: { type: 'string', default: 'local' },
      'events-to': { type: 'string' },
      'dynamodb-endpoint': {
        type: 'string',
        ...(process.env.DYNAMODB_ENDPOINT ? { default: process.env.DYNAMODB_ENDPOINT } : {}),
      },
    },
  }).values;
} catch (error) {
  fail([
    `${error instanceof Error ? error.message : String(error)}. Options: --fresh --memory --demo --quiet --port N --data DIR --dynamodb-endpoint URL --payments=sandbox|alipay-fake,wechat-fake --auth=local|oauth --events-to URL`,
  ]);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail([`--port ${values.port} is not a port number (0–65535).`]);
const dynamoEndpoint = values['dynamodb-endpoint'];
let fakeChannels: FakeChannelName[];
try {
  fakeChannels = parseFakeChannels(values.payments);
} catch (error) {
  fail([`--payments=${values.payments}: ${error instanceof Error ? error.message : String(error)}.`]);
}
if (values.auth !== 'local' && values.auth !== 'oauth')
  fail([`--auth=${values.auth}: use --auth=local or --auth=oauth.`]);
const auth: LocalAuth = values.auth;
const eventsTo = values['events-to'];
if (eventsTo !== undefined && !URL.canParse(eventsTo)) fail([`--events-to ${eventsTo} is not a URL.`]);
const dataDir = values.memory ? undefined : values.data;
const say = values.quiet ? () => undefined : (line: string) => console.log(line);

const missing = problems(
  await requiredFindings({ port, ...(dataDir ? { dataDir } : {}), ...(dynamoEndpoint ? { dynamoEndpoint } : {}) }),
);
if (missing.length) fail(missing);

say('Starting the refund pipeline:');
let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
try {
  runtime = await startLocalRuntime({
    ...(dataDir ? { dataDir } : {}),
    ...(dynamoEndpoint ? { dynamoEndpoint } : {}),
    fresh: values.fresh,
    fakeChannels,
    auth,
    port,
    ...(eventsTo ? { events: { to: eventsTo } } : {}),
    quiet: values.quiet,
    progress: say,
  });
} catch (error) {
  fail([`${error instanceof Error ? error.message : String(error)}`]);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`Refund pipeline running at ${runtime.url} (started in ${seconds} s)`);
console.log(`  health:  curl ${runtime.url}/health`);
console.log(`  token:   curl -X POST ${runtime.url}/local/token -d '{"sub":"u-1","role":"buyer"}'`);
console.log(
  `  console: ${runtime.url}/${auth === 'oauth' ? '   (sign-in: code + PKCE through the local managed-login stand-in)' : ''}`,
);
console.log(`  payouts: ${runtime.channels.describe()}`);
console.log(
  `  events:  ${eventsTo ? `POSTed to ${eventsTo} (signed, retried)` : 'kept in memory (--events-to URL delivers them)'}`,
);
console.log(`  monitor: curl -X POST ${runtime.url}/local/monitor/run   (runs every 5 min)`);
console.log(
  `  analytics: curl -X POST ${runtime.url}/local/analytics/fold   (folds counted events every 5 s; figures trail by ~45 s)`,
);
console.log(
  `  report:  curl -X POST ${runtime.url}/local/report/run   (daily at 09:00 China time; e-mail in the outbox)`,
);
console.log(
  `  data:    ${dynamoEndpoint ? `${dynamoEndpoint} (tables refunds-local-*)` : (dataDir ?? 'in memory')}   (Ctrl-C to stop)`,
);
if (values.demo) {
  say('Seeding demo orders…');
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
