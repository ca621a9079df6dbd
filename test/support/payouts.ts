/** Steps shared by the payout tests: signed webhooks, table snapshots, and what the ledger and outbox hold. */
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { orderKey } from '../../functions/adapters/dynamodb/keys.ts';
import { entryFromItem } from '../../functions/adapters/dynamodb/ledger-store.ts';
import { LEDGER_TABLE, MAIN_TABLE, type TableDefinition } from '../../functions/adapters/dynamodb/tables.ts';
import type { LedgerEntry } from '../../functions/domain/ledger/entry.ts';
import type { LocalRuntime } from '../../local/runtime.ts';
import { type Client, eventually } from './local.ts';

/** Every item of a table (tests use small private tables). */
export async function scanAll(runtime: LocalRuntime, table: TableDefinition): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamoClient().send(
      new ScanCommand({ TableName: runtime.tableName(table), ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function ledgerEntries(runtime: LocalRuntime): Promise<LedgerEntry[]> {
  return (await scanAll(runtime, LEDGER_TABLE)).map(entryFromItem);
}

/**
 * What a refund's journey paid, once it has ended: the amounts of its SENT ledger entries and the payout attempts
 * the provider saw. The journey is the lifecycle, then the payout run an approval starts (Payout is its last task),
 * so once both have ended nothing can add to these: a status of PAYOUT_PENDING alone is not enough, the payout is
 * recorded before it is sent.
 */
export async function paidWhenDone(client: Client, refundId: string): Promise<{ sent: number[]; attempts: number }> {
  await eventually(async () => {
    const record = client.runtime.workflow.execution(refundId);
    return record && record.status !== 'RUNNING' ? client.runtime.workflow.finished(refundId) : undefined;
  }, 60_000);
  const sent = (await ledgerEntries(client.runtime)).filter((e) => e.refundId === refundId && e.kind === 'SENT');
  return { sent: sent.map((e) => e.amount), attempts: client.runtime.payments.attempts(refundId).length };
}

/** Both tables, serialised in a stable order, to prove a request recorded nothing. */
export async function snapshot(runtime: LocalRuntime): Promise<string> {
  const key = (i: Record<string, unknown>) => `${String(i.pk)}|${String(i.sk)}`;
  const all = [...(await scanAll(runtime, MAIN_TABLE)), ...(await scanAll(runtime, LEDGER_TABLE))];
  return JSON.stringify(all.sort((a, b) => key(a).localeCompare(key(b))));
}

/**
 * Both tables once nothing in the background writes any more (the refund events drained, two snapshots a second
 * apart equal): what a test compares its requests against when refunds it set up may still be moving (a payout run,
 * a wait storing its token, the analytics counting an event).
 */
export async function settledSnapshot(runtime: LocalRuntime, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let last = await snapshot(runtime);
  for (;;) {
    await runtime.events.drained();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await snapshot(runtime);
    if (now === last || Date.now() > until) return now;
    last = now;
  }
}

/** The items that differ between two snapshots, by key: what a request wrote that it should not have. */
export function changedItems(before: string, after: string): string[] {
  const byKey = (json: string) =>
    new Map(
      (JSON.parse(json) as Record<string, unknown>[]).map((i) => [
        `${String(i.pk)}|${String(i.sk)}`,
        JSON.stringify(i),
      ]),
    );
  const a = byKey(before);
  const b = byKey(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
}

export async function storedOrder(runtime: LocalRuntime, orderId: string) {
  const got = await dynamoClient().send(
    new GetCommand({ TableName: runtime.tableName(MAIN_TABLE), Key: orderKey(orderId) }),
  );
  return got.Item;
}

/** The buyer notification events sent for a refund, in order. */
export function buyerEvents(runtime: LocalRuntime, refundId: string): string[] {
  return runtime.outbox.entries
    .filter((e) => e.channel === 'buyer' && e.attributes?.refundId === refundId)
    .map((e) => e.attributes?.event ?? '');
}
