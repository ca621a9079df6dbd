/**
 * What a deployed function may touch and which environment variables it is given for it: the one declaration the
 * stack grants and configures from (infra/constructs/bindings.ts), every entry point checks at cold start
 * (./catalog.ts), the local runtime enforces (local/deployed.ts) and the infra test compares with the template.
 */
import { LEDGER_TABLE, MAIN_TABLE } from './adapters/dynamodb/tables.ts';
import { ConfigurationError } from './config.ts';
import type { ChannelName } from './domain/payout/channels.ts';
import type { Role } from './domain/vocabulary.ts';

/**
 * DynamoDB item actions a function may be granted on the main table. A TransactWriteItems call needs the action of
 * each of its items (Put → PutItem, Update → UpdateItem), so there is no action for the transaction itself. No code
 * scans, deletes or batch-writes, so DeleteItem, Scan and BatchWriteItem are not even expressible here.
 */
export type MainAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'ConditionCheckItem';

/**
 * The main table's action sets functions declare (which adapter commands their code reaches):
 * `read` Get + Query; `update` also UpdateItem (every change to an existing item, transactions of updates);
 * `create` also PutItem (a new refund, a review task, an alert).
 */
export const MAIN = {
  read: ['GetItem', 'Query'],
  update: ['GetItem', 'Query', 'UpdateItem'],
  create: ['GetItem', 'Query', 'UpdateItem', 'PutItem'],
} as const satisfies Record<string, readonly MainAction[]>;

/**
 * What each ledger access is granted: `read` queries entries (by refund, by day); `append` also puts new ones, each
 * put conditional on the entry not existing (ledger-store.ts). UpdateItem and DeleteItem are also explicitly denied.
 */
export const LEDGER_ACTIONS = {
  read: ['Query'],
  append: ['Query', 'PutItem'],
} as const satisfies Record<string, readonly string[]>;

/** The DynamoDB actions (`dynamodb:…`) a function with these needs is granted on each table, and no others. */
export function tableActions(needs: Needs): { main: readonly string[]; ledger: readonly string[] } {
  return {
    main: [
      ...(needs.main ?? []).map((a) => `dynamodb:${a}`),
      // Not an item action: DynamoDB reads the table's point-in-time backup and writes the files to S3 itself.
      ...(needs.tableExport ? ['dynamodb:ExportTableToPointInTime'] : []),
    ],
    ledger: needs.ledger ? LEDGER_ACTIONS[needs.ledger].map((a) => `dynamodb:${a}`) : [],
  };
}

/** What a function may touch; the stack grants exactly this and nothing more. */
export interface Needs {
  /** The main table's item actions its code uses (usually one of MAIN's sets). */
  main?: readonly MainAction[];
  ledger?: 'read' | 'append';
  /** Start executions (the lifecycle's and the payout's), resume/fail task tokens, or stop executions. */
  workflow?: 'start' | 'resume' | 'stop';
  /** Sign evidence uploads (`put`), or read evidence objects and sign read URLs for people (`read`). */
  evidence?: 'put' | 'read';
  /** Publish to the finance, buyer and merchant topics (`true`), or to the finance topic only (`'finance'`). */
  notify?: boolean | 'finance';
  /** Publish to the operations alarm topic (alerts nobody in finance acknowledged are escalated there). */
  escalate?: boolean;
  /** Read the payment webhook's HMAC secret (Secrets Manager in AWS). */
  webhookSecret?: boolean;
  /**
   * Pay through the payment channels (domain/payout/channels.ts): `send` payouts or `query` their status (the
   * monitor's late-payout check) by invoking the channels' own functions (PAYMENT_CHANNELS, the method → channel
   * map, and PAYMENT_CHANNEL_FUNCTIONS), or only `record` outcomes under the channel's name (PAYMENT_CHANNELS).
   */
  payments?: 'send' | 'record' | 'query';
  /**
   * Be one payment channel: hold its credentials. `sandbox` signs the stand-in's webhooks (the webhook secret and
   * the webhook URL); a real channel reads its own Secrets Manager secret (CHANNEL_SECRET_ARN), and Alipay and
   * WeChat Pay are told where their notifications go (CHANNEL_NOTIFY_URL).
   */
  channel?: ChannelName;
  /** The payout monitor's thresholds (MONITORING_CONFIG, JSON). */
  monitoring?: boolean;
  /** Export the main table to the analytics bucket (MAIN_TABLE_ARN, EXPORT_BUCKET): docs/analytics.md. */
  tableExport?: boolean;
}

/** A function of the stack: its construct id, its handler module and what it needs. */
export interface FunctionSpec {
  /** Construct id of the function; stable, PascalCase. */
  id: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  needs: Needs;
}

export type Method = 'GET' | 'POST' | 'PUT';

/**
 * An HTTP route (functions/api/routes.ts): either public (no JWT: the health check, the API document and the signed
 * payment webhook) or naming the roles that may call it; the HTTP wrapper enforces them (403 otherwise) and the
 * OpenAPI document lists them. Paths use API Gateway's `{param}` syntax.
 */
export type Route = FunctionSpec & {
  method: Method;
  path: string;
  /**
   * A stand-in's route, not deployed in a production stack (infra/constructs/api.ts): the sandbox's callback, since
   * the sandbox pays nothing there and a callback in its name could only be forged.
   */
  notInProduction?: true;
} & ({ public: true; roles?: never } | { public?: false; roles: readonly Role[] });

/** A Lambda task of the lifecycle state machine (functions/tasks/tasks.ts). */
/**
 * The two state machines: `lifecycle` (statemachines/refund-lifecycle.asl.json, Standard: the waits for people) and
 * `payout` (statemachines/refund-payout.asl.json, Express: paying an approved refund).
 */
export type MachineName = 'lifecycle' | 'payout';

export interface TaskFunction extends FunctionSpec {
  /** The state machine whose ASL file calls this function. */
  machine: MachineName;
  /** The `${...}` placeholder in that machine's ASL file that names this function. */
  substitution: string;
  /** Its Lambda timeout when not the default 10 s (test/infra/payout-time.test.ts keeps the payout run in budget). */
  timeoutSeconds?: number;
}

/** The variables every function is given, whatever it needs. */
export const COMMON_ENVIRONMENT = [
  /** Policy stage (functions/domain/policy/stages.ts): dev, staging, prod… The stack's `-c stage=`. */
  'STAGE',
  'POWERTOOLS_SERVICE_NAME',
] as const;

/** Every environment variable a function with these needs is given, and so may require. */
export function environmentFor(needs: Needs): readonly string[] {
  return [
    ...COMMON_ENVIRONMENT,
    ...(needs.main?.length ? [MAIN_TABLE.envVar] : []),
    ...(needs.ledger ? [LEDGER_TABLE.envVar] : []),
    ...(needs.workflow ? ['STATE_MACHINE_ARN'] : []),
    ...(needs.workflow === 'start' ? ['PAYOUT_STATE_MACHINE_ARN'] : []),
    ...(needs.evidence ? ['EVIDENCE_BUCKET'] : []),
    ...(needs.notify ? ['FINANCE_TOPIC_ARN'] : []),
    ...(needs.notify === true ? ['BUYER_TOPIC_ARN', 'MERCHANT_TOPIC_ARN'] : []),
    ...(needs.escalate ? ['OPERATIONS_TOPIC_ARN'] : []),
    ...(needs.webhookSecret ? ['WEBHOOK_SECRET_ARN'] : []),
    ...(needs.payments ? ['PAYMENT_CHANNELS'] : []),
    ...(needs.payments === 'send' || needs.payments === 'query' ? ['PAYMENT_CHANNEL_FUNCTIONS'] : []),
    ...(needs.channel === 'sandbox' ? ['WEBHOOK_SECRET_ARN', 'PAYMENT_WEBHOOK_URL'] : []),
    ...(needs.channel && needs.channel !== 'sandbox' ? ['CHANNEL_SECRET_ARN'] : []),
    ...(needs.channel === 'alipay' || needs.channel === 'wechat' ? ['CHANNEL_NOTIFY_URL'] : []),
    ...(needs.monitoring ? ['MONITORING_CONFIG'] : []),
    ...(needs.tableExport ? ['MAIN_TABLE_ARN', 'EXPORT_BUCKET'] : []),
  ];
}

/**
 * One function per payment channel (functions/channels/): the only functions that hold a channel's credentials. The
 * payout functions invoke them (adapters/payments/lambda-channel.ts); each is deployed whatever the stage's channel
 * map, and invoked only by functions whose map uses it.
 */
export const CHANNEL_FUNCTIONS = {
  sandbox: { id: 'ChannelSandbox', entry: 'functions/channels/sandbox.ts', needs: { channel: 'sandbox' } },
  alipay: { id: 'ChannelAlipay', entry: 'functions/channels/alipay.ts', needs: { channel: 'alipay' } },
  wechat: { id: 'ChannelWechatPay', entry: 'functions/channels/wechat.ts', needs: { channel: 'wechat' } },
  wallet: { id: 'ChannelWallet', entry: 'functions/channels/wallet.ts', needs: { channel: 'wallet' } },
} as const satisfies Record<ChannelName, FunctionSpec>;

/**
 * Throws (at module scope, so the function fails its init) when any variable `spec` needs is unset. Entries that know
 * their own spec call this directly (event and channel functions: their bundles then leave out the route table);
 * others go through catalog.ts `requireEnvironmentOf(id)`.
 */
export function requireEnvironment(spec: FunctionSpec): void {
  const missing = environmentFor(spec.needs).filter((name) => !process.env[name]);
  if (missing.length) {
    throw new ConfigurationError(`function ${spec.id} is missing environment variable(s) ${missing.join(', ')}`);
  }
}

/** Functions invoked by events rather than by the API or the state machine. */
export const EVENT_FUNCTIONS = {
  /** S3 ObjectCreated under evidence/ → OCR → the refund moves on. */
  Ocr: {
    id: 'Ocr',
    entry: 'functions/events/evidence-uploaded.ts',
    needs: { main: MAIN.update, workflow: 'resume', notify: true, evidence: 'read' },
  },
  /** EventBridge Scheduler, every 5 minutes. */
  Monitor: {
    id: 'Monitor',
    entry: 'functions/events/monitor.ts',
    // Saves alerts (PutItem) and reads back the refunds and alerts it watches in batches. Before alerting it asks the
    // provider about late payouts and settles or fails them (app/check-late-payouts.ts): ledger append, payments query.
    // Escalates alerts finance left unacknowledged to the operations topic. Reminds merchants of deadlines about to
    // lapse (app/remind-deadlines.ts): a conditional UpdateItem marks the refund, then the merchant topic and inbox.
    needs: {
      main: [...MAIN.create, 'BatchGetItem'],
      ledger: 'append',
      notify: true,
      escalate: true,
      monitoring: true,
      payments: 'query',
    },
  },
  /** EventBridge Scheduler, once a day (09:00 China time): yesterday's reconciliation report to finance. */
  DailyReport: {
    id: 'DailyReport',
    entry: 'functions/events/daily-report.ts',
    // Reads the ledger and the unresolved alerts (a Query of the byState index, which holds their keys, then the
    // alerts by key: BatchGetItem); records the day's e-mail under REPORT#<date>: a conditional PutItem claims it,
    // UpdateItem marks it sent or releases it. No GetItem.
    needs: { main: ['Query', 'BatchGetItem', 'PutItem', 'UpdateItem'], ledger: 'read', notify: 'finance' },
  },
  /**
   * Enrichment of the EventBridge Pipe from the main table's stream to the refunds bus: maps each refund write to its
   * integrator event (docs/events.md). Pure: the pipe reads the stream and puts on the bus, the function touches nothing.
   */
  RefundEvents: { id: 'RefundEvents', entry: 'functions/events/refund-events.ts', needs: {} },
  /**
   * EventBridge Scheduler, once a day: exports the main table to S3 for Athena (docs/analytics.md). It calls only
   * DynamoDB's export API (no item reads); DynamoDB writes the files with the function's S3 permissions.
   */
  TableExport: { id: 'TableExport', entry: 'functions/events/table-export.ts', needs: { tableExport: true } },
  /**
   * A rule on the refunds bus → refund analytics (docs/api.md, "Analytics"): reads the refund and its order (GetItem)
   * and records each event's tally: on time one conditional put (PutItem); late one transaction of its marker and
   * tally (PutItem both) and a check that it was not counted on time (ConditionCheckItem).
   */
  RefundAnalytics: {
    id: 'RefundAnalytics',
    entry: 'functions/events/refund-analytics.ts',
    needs: { main: ['GetItem', 'PutItem', 'ConditionCheckItem'] },
  },
  /**
   * EventBridge Scheduler, every minute: adds closed slots' tallies to the analytics counters. Reads and takes its
   * progress (GetItem, PutItem the first time, UpdateItem), queries the tallies, updates the counters.
   */
  AnalyticsFold: {
    id: 'AnalyticsFold',
    entry: 'functions/events/analytics-fold.ts',
    needs: { main: ['GetItem', 'Query', 'PutItem', 'UpdateItem'] },
  },
} as const satisfies Record<string, FunctionSpec>;
