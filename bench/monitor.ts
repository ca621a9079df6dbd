/**
 * Figure 5: read capacity of one monitor run (functions/events/monitor.ts, as deployed) against the number of
 * outstanding payouts, at two table sizes. Outstanding refunds carry the sparse `outstandingPayouts` keys
 * (outstandingPayoutKeys); settled ones do not. A full-table Scan is measured beside it for contrast.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { outstandingPayoutKeys, refundKey } from '../functions/adapters/dynamodb/keys.ts';
import { LEDGER_TABLE, MAIN_TABLE } from '../functions/adapters/dynamodb/tables.ts';
import { useAdapters } from '../functions/adapters/index.ts';
import { SANDBOX_CHANNELS } from '../functions/domain/payout/channels.ts';
import { EVENT_FUNCTIONS, environmentFor } from '../functions/manifest.ts';
import { createTables, LOCAL_AWS_ENV } from '../local/dynamodb.ts';
import { Outbox } from '../local/outbox.ts';
import { capacity, capacitySince, installCapacityMeter } from './lib/capacity.ts';
import { progress } from './lib/progress.ts';
import { pool, round } from './lib/stats.ts';

/** Figure 5 at one table size. */
export interface MonitorRun {
  refunds: number;
  outstanding: number;
  /** Read units one monitor run consumed. */
  monitorReadUnits: number;
  /** What a Scan of the whole table would read, for contrast. */
  scanReadUnits: number;
}

const PADDING = 'x'.repeat(1200);

/** A paid refund item of about 1.5 KB; outstanding ones carry the sparse index keys. */
function refundItem(n: number, outstanding: boolean) {
  const refundId = `rf_bench_${n}`;
  const promisedBy = new Date(Date.parse('2026-01-01T00:00:00Z') + n * 60_000).toISOString();
  const sentAt = new Date(Date.parse(promisedBy) - 86_400_000).toISOString();
  return {
    ...refundKey(refundId),
    refundId,
    orderId: `order_bench_${n}`,
    userId: `buyer_bench_${n % 97}`,
    merchantId: `merchant_bench_${n % 13}`,
    status: outstanding ? 'PAYOUT_PENDING' : 'REFUNDED',
    amount: 12900,
    currency: 'CNY',
    reason: 'NO_LONGER_NEEDED',
    scenario: 'NOT_SHIPPED',
    category: 'GENERAL',
    destination: 'ORIGINAL',
    timeline: [{ at: sentAt, status: 'PAYOUT_PENDING', actor: 'SYSTEM', detail: PADDING }],
    payout: {
      method: 'ALIPAY',
      destination: 'ORIGINAL',
      amount: 12900,
      promisedBy,
      sentAt,
      ...(outstanding ? {} : { settledAt: promisedBy, settledAmount: 12900 }),
    },
    createdAt: sentAt,
    updatedAt: sentAt,
    ...(outstanding ? outstandingPayoutKeys(refundId, promisedBy) : {}),
  };
}

async function fill(doc: DynamoDBDocumentClient, table: string, refunds: number, outstanding: number) {
  const items = Array.from({ length: refunds }, (_, n) => refundItem(n, n < outstanding));
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
  let written = 0;
  await pool(batches, 8, async (batch) => {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (out.UnprocessedItems?.[table] ?? []).flatMap((r) =>
        r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
      );
    }
    written += batch.length;
    progress('monitor', `${refunds} refunds: writing ${written}/${refunds}`);
  });
}

/** Runs figure 5 on the DynamoDB Local at `endpoint`. */

/** A stand-in value for each variable the monitor checks at start: JSON where it parses JSON, a name elsewhere. */
function benchValue(name: string): string {
  if (name === 'MONITORING_CONFIG') return '{}';
  if (name === 'STAGE') return 'dev';
  // Every method through the sandbox channel, as in dev: the bench's payouts are made up, none is asked about.
  if (name === 'PAYMENT_CHANNELS') return JSON.stringify(SANDBOX_CHANNELS);
  if (name === 'PAYMENT_CHANNEL_FUNCTIONS') return JSON.stringify({ sandbox: 'bench-sandbox' });
  return `bench-${name}`;
}

export async function benchMonitor(
  endpoint: string,
  { sizes = [1000, 5000], outstanding = 100 }: { sizes?: number[]; outstanding?: number } = {},
): Promise<MonitorRun[]> {
  installCapacityMeter();
  // Alerts go to an in-memory outbox: the bench measures reads, not e-mail.
  useAdapters({ notifier: new Outbox() });
  for (const [name, value] of Object.entries(LOCAL_AWS_ENV)) process.env[name] ??= value;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  const previousTable = process.env[MAIN_TABLE.envVar];
  const raw = new DynamoDBClient({ endpoint });
  const doc = DynamoDBDocumentClient.from(raw);
  // The monitor function's variables (it checks them at start); its outbox and tables are the bench's own.
  for (const name of environmentFor(EVENT_FUNCTIONS.Monitor.needs)) {
    process.env[name] ??= benchValue(name);
  }
  const { handler } = await import('../functions/events/monitor.ts');
  try {
    const runs: MonitorRun[] = [];
    for (const refunds of sizes) {
      const table = `bench-monitor-${refunds}-${MAIN_TABLE.id}`;
      const ledger = `bench-monitor-${refunds}-${LEDGER_TABLE.id}`;
      await createTables(raw, [MAIN_TABLE], () => table);
      await createTables(raw, [LEDGER_TABLE], () => ledger);
      await fill(doc, table, refunds, outstanding);
      process.env[MAIN_TABLE.envVar] = table;
      process.env[LEDGER_TABLE.envVar] = ledger;
      progress('monitor', `${refunds} refunds: monitor run`);
      const before = capacity();
      const result = await handler({});
      const monitorReadUnits = capacitySince(before).readUnits;
      if (result.outstandingPayouts !== outstanding) {
        throw new Error(`monitor saw ${result.outstandingPayouts} outstanding payouts, expected ${outstanding}`);
      }
      const scanBefore = capacity();
      let cursor: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new ScanCommand({ TableName: table, Select: 'COUNT', ...(cursor ? { ExclusiveStartKey: cursor } : {}) }),
        );
        cursor = page.LastEvaluatedKey;
      } while (cursor);
      runs.push({
        refunds,
        outstanding,
        monitorReadUnits: round(monitorReadUnits, 1),
        scanReadUnits: round(capacitySince(scanBefore).readUnits, 1),
      });
    }
    return runs;
  } finally {
    if (previousTable === undefined) delete process.env[MAIN_TABLE.envVar];
    else process.env[MAIN_TABLE.envVar] = previousTable;
    raw.destroy();
  }
}
