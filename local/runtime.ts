/**
 * The whole pipeline on one machine: DynamoDB Local with the real tables, the local API gateway in front of the
 * real handlers, the real ASL run in process, the outbox instead of SNS. Used by `npm start` and by the
 * integration tests, so tests exercise exactly what a developer runs.
 */
// First: it must run before any function module loads the X-Ray SDK (see the module).
import './untraced.ts';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoLedgerStore } from '../functions/adapters/dynamodb/ledger-store.ts';
import { DynamoPayoutStore } from '../functions/adapters/dynamodb/payout-store.ts';
import { DynamoRefundStore } from '../functions/adapters/dynamodb/refund-store.ts';
import { MAIN_TABLE, TABLES, type TableDefinition } from '../functions/adapters/dynamodb/tables.ts';
import { type Ports, useAdapters } from '../functions/adapters/index.ts';
import { createTesseractOcr } from '../functions/adapters/ocr/tesseract.ts';
import { httpWebhookDelivery } from '../functions/adapters/payments/http-delivery.ts';
import { type SandboxOptions, SandboxPaymentProvider } from '../functions/adapters/payments/sandbox.ts';
import { ROUTES } from '../functions/api/routes.ts';
import { ANALYTICS_EVENT_TYPES } from '../functions/domain/analytics/tally.ts';
import type { Step } from '../functions/domain/lifecycle.ts';
import { loadPolicy } from '../functions/domain/policy/load.ts';
import type { PolicyOverride } from '../functions/domain/policy/merge.ts';
import { CHANNEL_FUNCTIONS, EVENT_FUNCTIONS } from '../functions/manifest.ts';
import { logger } from '../functions/observability/logger.ts';
import type { Clock } from '../functions/ports/clock.ts';
import { systemClock } from '../functions/ports/clock.ts';
import { localTokenSchema, sandboxFaultsSchema } from '../functions/schemas/local.ts';
import { TASKS } from '../functions/tasks/tasks.ts';
import { apiDocsRoute } from './api-docs.ts';
import type { TaskHandler } from './asl-runner.ts';
import { type FakeChannelName, type LocalChannels, startLocalChannels } from './channels/index.ts';
import { consoleRoutes, type LocalAuth } from './console.ts';
import { ResponseContract } from './contract.ts';
import { LocalDeployment } from './deployed/index.ts';
import { localSecretsManager } from './deployed/secrets.ts';
import { scopedNotifier, scopedOcr, scopedWorkflow } from './deployed/stand-ins.ts';
import { createTables, LOCAL_AWS_ENV, type LocalDynamo, startDynamoLocal, streamArnOf } from './dynamodb.ts';
import { LocalGateway, type LocalRoute, StillStarting } from './gateway.ts';
import { lambdaContext, ROOT } from './handlers.ts';
import type { Template } from './iam/intrinsics.ts';
import { LocalTokens } from './jwt.ts';
import { type LogEntry, routeFunctionLogs } from './log-lines.ts';
import { Outbox } from './outbox.ts';
import { redriveInFlight } from './recovery.ts';
import { LocalRefundEvents } from './refund-events.ts';
import { fileJournal } from './sandbox-journal.ts';
import { type LocalSchedulerOptions, scheduleEvent, startLocalScheduler } from './scheduler.ts';
import { localUploads } from './uploads.ts';
import { LocalWorkflow } from './workflows.ts';

export interface LocalRuntimeOptions extends LocalSchedulerOptions {
  /** Where DynamoDB Local and the outbox keep their files; undefined keeps everything in memory. */
  dataDir?: string;
  /** Delete `dataDir` first. */
  fresh?: boolean;
  /** HTTP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Reuse a running DynamoDB Local (tests share one) instead of starting one. */
  dynamoEndpoint?: string;
  /** Prefix of table names, so several runtimes can share one DynamoDB Local. @default 'refunds-local' */
  tablePrefix?: string;
  /** Multiplies workflow timeouts, waits and retry intervals (tests use small values). @default 1 */
  timeScale?: number;
  /** HS256 secret for local tokens. */
  tokenSecret?: string;
  /**
   * How the console signs people in: `local` (the role switcher mints local tokens) or `oauth` (the deployed shape:
   * config.json names a local stand-in of Cognito managed login, code + PKCE; local/oauth.ts). @default 'local'
   */
  auth?: LocalAuth;
  clock?: Clock;
  quiet?: boolean;
  /** Check every route's answer against openapi.json and turn a mismatch into a 500 (the test runtimes do). */
  checkResponses?: boolean;
  /** One line per start-up phase with its duration (`npm start` prints them; tests leave it out). */
  progress?: (line: string) => void;
  /** Policy stage (functions/domain/policy/stages.ts). @default 'dev' (short timers for demos) */
  stage?: string;
  /** A further policy override applied on top of the stage (tests shorten timers this way). */
  policy?: PolicyOverride;
  /**
   * The sandbox payment provider (timers mode, 200–2000 ms to settle, webhooks signed and POSTed to this runtime's
   * /v1/payments/webhook). Its secret is also the webhook handler's (env WEBHOOK_SECRET).
   * @default { secret: process.env.WEBHOOK_SECRET ?? 'local-webhook-secret-not-for-production' }
   */
  payments?: Partial<SandboxOptions>;
  /**
   * Channels paid through their real adapters against local fakes of their APIs (`npm start -- --payments=…`);
   * the rest stay on the sandbox, balance and coupon on the local wallet stand-in (local/channels/index.ts).
   */
  fakeChannels?: readonly FakeChannelName[];
  /**
   * Changes the synthesized template before the functions are read from it. Tests remove a grant or a variable
   * this way and see the call refused or the function fail at start, as it would in AWS.
   */
  editTemplate?: (template: Template) => void;
  /**
   * Receives every line the functions log (parsed JSON, as CloudWatch Logs would hold it), at the level of
   * POWERTOOLS_LOG_LEVEL. Unless `quiet`, the lines are also printed readably (local/log-lines.ts).
   */
  logs?: (entry: LogEntry) => void;
  /**
   * Refund events (local/refund-events.ts): `to` receives each one by signed POST (`npm start -- --events-to URL`),
   * signed with `secret` (@default env EVENTS_SECRET), retried from `retryBaseMs` (@default 500) doubling.
   * `publish: false` gives the main table no stream and reads none (tests that do not look at events: on the one
   * DynamoDB Local the suite shares, a stream on every runtime's table, and reading each ten times a second, took
   * the suite from 356 s to over 600 s). @default publish true
   */
  events?: { publish?: boolean; to?: string; secret?: string; retryBaseMs?: number };
}

export interface LocalRuntime {
  url: string;
  workflow: LocalWorkflow;
  outbox: Outbox;
  tokens: LocalTokens;
  /** The sandbox provider: its attempts, stats and webhook deliveries are inspectable. */
  payments: SandboxPaymentProvider;
  /** Every channel of this run: the router the payout functions use, the wallet stand-in, the channel fakes. */
  channels: LocalChannels;
  /** The stack's functions as deployed: invoke one directly (`deployment.invoke('Payout', …)`) or inspect it. */
  deployment: LocalDeployment;
  /** The adapters this runtime gives every function (stand-ins and local AWS clients), as `useAdapters` installed them. */
  ports: Partial<Ports>;
  /** Refund events published from the main table's stream (`events.items`), and their deliveries. */
  events: LocalRefundEvents;
  tableName(table: TableDefinition): string;
  stop(): Promise<void>;
}

export const DEFAULT_DATA_DIR = resolve(ROOT, '.data');

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const log = options.quiet
    ? () => undefined
    : (message: string, detail?: unknown) => console.log(message, detail ?? '');
  const phase = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    const result = await work();
    options.progress?.(`  ${name.padEnd(44, '.')} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };
  if (options.dataDir && options.fresh) rmSync(options.dataDir, { recursive: true, force: true });
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });

  for (const [name, value] of Object.entries(LOCAL_AWS_ENV)) process.env[name] ??= value;
  const dynamo: LocalDynamo | undefined = options.dynamoEndpoint
    ? undefined
    : await phase('data store (DynamoDB Local)', () =>
        startDynamoLocal(options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb') } : {}),
      );
  const endpoint = options.dynamoEndpoint ?? dynamo?.endpoint ?? '';
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;

  const prefix = options.tablePrefix ?? 'refunds-local';
  const tableName = (table: TableDefinition) => `${prefix}-${table.id}`;
  for (const table of TABLES) process.env[table.envVar] = tableName(table);
  process.env.POWERTOOLS_SERVICE_NAME ??= 'refund-pipeline';
  process.env.POWERTOOLS_LOG_LEVEL ??= options.quiet ? 'ERROR' : 'INFO';
  // The logger may have been created before this line (modules load first): give it the level now.
  try {
    logger.setLogLevel(process.env.POWERTOOLS_LOG_LEVEL.toUpperCase() as 'INFO');
  } catch {
    // Not a level Powertools knows: it keeps the one it chose when it was created, as in Lambda.
  }
  // No X-Ray daemon here (Powertools also turns tracing off outside Lambda by itself).
  process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
  const restoreLogs = routeFunctionLogs({
    print: options.quiet ? undefined : (line) => console.log(line),
    sink: options.logs,
  });

  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const admin = dynamo?.client ?? new DynamoDBClient({ endpoint });
  const publishEvents = options.events?.publish !== false;
  await phase(`tables (${options.dynamoEndpoint ? options.dynamoEndpoint : 'DynamoDB Local'})`, () =>
    createTables(admin, TABLES, tableName, (t) =>
      publishEvents && t.id === MAIN_TABLE.id ? 'NEW_AND_OLD_IMAGES' : undefined,
    ),
  );
  const mainStream = publishEvents ? await streamArnOf(admin, tableName(MAIN_TABLE)) : undefined;
  if (publishEvents && !mainStream) throw new Error('the main table has no stream (refund events)');

  // Every function runs as deployed (its template environment and IAM policy); loaded once the gateway listens.
  let deployment: LocalDeployment | undefined;
  const deployed = () => {
    if (!deployment) throw new StillStarting('the local deployment is not loaded yet');
    return deployment;
  };
  const tasks: Record<string, TaskHandler> = Object.fromEntries(
    TASKS.map((task) => [task.substitution, (payload: unknown) => deployed().invoke(task.id, payload)]),
  );
  const workflow = await phase(
    'state machines (lifecycle, payout)',
    () =>
      new LocalWorkflow({
        lifecycleDefinition: resolve(ROOT, 'statemachines/refund-lifecycle.asl.json'),
        payoutDefinition: resolve(ROOT, 'statemachines/refund-payout.asl.json'),
        tasks,
        timeScale: options.timeScale ?? 1,
        log,
      }),
  );
  const outbox = new Outbox(options.dataDir ? join(options.dataDir, 'outbox.jsonl') : undefined);
  const stage = options.stage ?? 'dev';
  process.env.STAGE = stage;
  const secret = options.payments?.secret ?? process.env.WEBHOOK_SECRET ?? 'local-webhook-secret-not-for-production';
  // For tests that call the webhook handler directly; functions read the secret from Secrets Manager (local endpoint).
  process.env.WEBHOOK_SECRET = secret;
  // Its attempts are kept with the data, so a restarted runtime pays no refund twice (local/sandbox-journal.ts).
  const journal = options.dataDir ? { journal: fileJournal(join(options.dataDir, 'sandbox-attempts.jsonl')) } : {};
  const payments = new SandboxPaymentProvider({ mode: 'timers', ...journal, ...options.payments, secret });
  const channels = await phase('payment channels', () =>
    startLocalChannels({ sandbox: payments, fakes: options.fakeChannels ?? [], apiUrl: () => url }),
  );
  const store = new DynamoRefundStore();
  const clock = options.clock ?? systemClock;
  const uploads = localUploads({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    clock,
    store,
    baseUrl: () => url,
    bucket: () => deployed().get(EVENT_FUNCTIONS.Ocr.id).env.EVIDENCE_BUCKET ?? '',
    notify: (event) => deployed().invoke(EVENT_FUNCTIONS.Ocr.id, event),
  });
  // The local OCR engine starts its workers on the first evidence file, not at startup.
  const ocr = createTesseractOcr({ loadObject: uploads.readObject });
  const ports = {
    ocr: scopedOcr(ocr),
    store,
    workflow: scopedWorkflow(workflow),
    notifier: scopedNotifier(outbox),
    clock,
    policy: loadPolicy(stage, options.policy),
    payments: channels.router,
    ledger: new DynamoLedgerStore(),
    payouts: new DynamoPayoutStore(),
  };
  useAdapters(ports);

  const tokens = new LocalTokens(options.tokenSecret ?? 'local-development-secret-not-for-production');
  const localRoutes: LocalRoute[] = [
    {
      method: 'POST',
      pattern: /^\/local\/token$/,
      async handle(request) {
        const parsed = localBody(request, localTokenSchema, 'expected { sub, role, merchantId? }');
        return 'refused' in parsed
          ? parsed.refused
          : { statusCode: 200, body: { token: await tokens.sign(parsed.data) } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/local\/outbox$/,
      handle: async () => ({ statusCode: 200, body: { items: outbox.entries } }),
    },
    {
      // The sandbox provider's fault injection, so a person can make payouts fail and try finance's retry or the
      // buyer's switch to balance (docs/payouts.md). Applies to attempts accepted from now on.
      method: 'PUT',
      pattern: /^\/local\/payments\/faults$/,
      async handle(request) {
        const parsed = localBody(
          request,
          sandboxFaultsSchema,
          "expected { channel?: 'sandbox'|'alipay'|'wechat', failureRate?, transientErrorRate? } with rates from 0 to 1",
        );
        if ('refused' in parsed) return parsed.refused;
        const { channel = 'sandbox', ...faults } = parsed.data;
        if (channel === 'sandbox') {
          payments.setFaults(faults);
        } else {
          const fake = channels.fakes[channel];
          if (!fake) {
            const message = `the ${channel} channel is not faked in this run: start with --payments=${channel}-fake`;
            return { statusCode: 409, body: { error: { code: 'CHANNEL_NOT_FAKED', message } } };
          }
          fake.setFaults(faults);
        }
        return { statusCode: 200, body: parsed.data };
      },
    },
    ...consoleRoutes(options.auth ?? 'local', tokens),
    apiDocsRoute(),
  ];
  localRoutes.push(uploads.route, uploads.readRoute);
  const scheduler = startLocalScheduler(
    // Nothing is counted when no event is published: no fold to run then, but on demand.
    { ...options, ...(publishEvents ? {} : { analyticsFoldEverySeconds: 0 }) },
    log,
    () =>
      deployed().invoke(
        EVENT_FUNCTIONS.Monitor.id,
        scheduleEvent(),
        lambdaContext(EVENT_FUNCTIONS.Monitor.id, 120_000),
      ),
    (event) =>
      deployed().invoke(EVENT_FUNCTIONS.DailyReport.id, event, lambdaContext(EVENT_FUNCTIONS.DailyReport.id, 120_000)),
    (event) =>
      deployed().invoke(
        EVENT_FUNCTIONS.AnalyticsFold.id,
        event,
        lambdaContext(EVENT_FUNCTIONS.AnalyticsFold.id, 60_000),
      ),
  );
  localRoutes.push(scheduler.route, scheduler.reportRoute, scheduler.foldRoute);
  localRoutes.push(
    localSecretsManager(
      () =>
        new Map([
          ...deployed()
            .valuesOf('WEBHOOK_SECRET_ARN')
            .map((arn): [string, string] => [arn, secret]),
          ...Object.values(CHANNEL_FUNCTIONS).flatMap(({ id, needs }): [string, string][] => {
            const arn = deployed().get(id).env.CHANNEL_SECRET_ARN;
            return arn && needs.channel !== 'sandbox' ? [[arn, channels.secretFor(needs.channel)]] : [];
          }),
        ]),
    ),
  );
  const gateway = new LocalGateway(
    ROUTES,
    tokens,
    localRoutes,
    (route, event) => deployed().invoke(route.id, event),
    options.checkResponses ? new ResponseContract() : undefined,
    options.quiet ? () => undefined : (message, detail) => console.error(message, detail),
  );
  const url = await phase('HTTP gateway', () => gateway.listen(options.port ?? 0));
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = `${url}/local/aws/secretsmanager`;
  try {
    deployment = await phase('functions as deployed (template, IAM)', () =>
      LocalDeployment.load({
        region: process.env.AWS_REGION ?? LOCAL_AWS_ENV.AWS_REGION,
        tableName: (id) => `${prefix}-${id}`,
        apiEndpoint: () => url,
        overrides: {
          STAGE: stage,
          PAYMENT_CHANNELS: JSON.stringify(channels.map),
          ...(options.monitoring ? { MONITORING_CONFIG: JSON.stringify(options.monitoring) } : {}),
        },
        runtimeOnly: ['WEBHOOK_SECRET'],
        log,
        ...(options.editTemplate ? { editTemplate: options.editTemplate } : {}),
      }),
    );
  } catch (error) {
    restoreLogs();
    await channels.close();
    await gateway.close();
    if (!dynamo) admin.destroy();
    await dynamo?.stop();
    throw error;
  }
  if (!options.payments?.deliver) payments.setDelivery(httpWebhookDelivery(`${url}/v1/payments/webhook`));
  // Before the re-drive below writes anything: every change from now on is on the stream and published.
  const events = new LocalRefundEvents({
    endpoint,
    streamArn: mainStream ?? '',
    enrich: (records) => deployed().invoke(EVENT_FUNCTIONS.RefundEvents.id, records),
    // The analytics rule on the bus (infra/constructs/refund-events.ts), here: the same function, as deployed.
    targets: [
      {
        name: EVENT_FUNCTIONS.RefundAnalytics.id,
        types: ANALYTICS_EVENT_TYPES,
        invoke: (envelope) => deployed().invoke(EVENT_FUNCTIONS.RefundAnalytics.id, envelope),
      },
    ],
    ...(options.events?.to ? { deliverTo: options.events.to } : {}),
    ...(options.events?.secret ? { secret: options.events.secret } : {}),
    ...(options.events?.retryBaseMs !== undefined ? { retryBaseMs: options.events.retryBaseMs } : {}),
    ...(options.dataDir ? { checkpointPath: join(options.dataDir, 'events-checkpoint.json') } : {}),
    log,
  });
  if (publishEvents) events.start();
  // As the lifecycle's Assess task is invoked (functions/tasks/assess.ts): where the refund stands, as a step.
  const assess = async (refundId: string) =>
    (await deployed().invoke('Assess', { refundId, correlationId: null, execution: refundId })) as Step;
  const redriven = await redriveInFlight(workflow, assess, log);
  if (redriven) log(`re-driving ${redriven} refund(s) left in flight by the last run`);

  return {
    url,
    ports,
    workflow,
    outbox,
    tokens,
    payments,
    channels,
    deployment,
    tableName,
    events,
    async stop() {
      await events.stop();
      payments.close();
      await channels.close();
      await ocr.close();
      scheduler.stop();
      workflow.shutdown();
      await gateway.close();
      if (!dynamo) admin.destroy();
      await dynamo?.stop();
      restoreLogs();
    },
  };
}

/** A local route's JSON body checked against `schema`, or the 400 to answer (the API's error shape). */
function localBody<T>(
  request: { body: Buffer },
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  expected: string,
): { data: T } | { refused: { statusCode: 400; body: unknown } } {
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    return {
      refused: { statusCode: 400, body: { error: { code: 'MALFORMED_JSON', message: 'body is not valid JSON' } } },
    };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return { refused: { statusCode: 400, body: { error: { code: 'VALIDATION_FAILED', message: expected } } } };
  }
  return { data: parsed.data };
}
