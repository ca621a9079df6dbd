/**
 * Write units of a TransactWriteItems call as DynamoDB bills them, for the cost bench.
 *
 * DynamoDB Local under-reports transactions: it sums the units of the transaction's items as a set, so items of the
 * same size are counted once (five 1 KB puts report 2 WRU, not 10; measured on the DynamoDB Local this repository
 * pins). DynamoDB bills every item of a transaction twice its size in KB, and every index copy written. So the
 * meter reads each item before and after the transaction (reads it does not count) and works the units out:
 * - the table: 2 × ceil(max(size before, size after) / 1 KB) per Put, Update or Delete, 2 × ceil(size / 1 KB) per
 *   ConditionCheck;
 * - each index of the table (tables.ts): a copy deleted where the item left the index or changed its index keys,
 *   a copy written where it entered or changed keys or projected attributes, each ceil(projected size / 1 KB),
 *   doubled as DynamoDB Local doubles them.
 * Sizes follow DynamoDB's rules (attribute names plus values; numbers about one byte per two digits).
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { type IndexDefinition, TABLES, type TableDefinition } from '../../functions/adapters/dynamodb/tables.ts';

type Item = Record<string, AttributeValue>;

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length / 2) + 1;
  if (v.B !== undefined) return v.B.byteLength;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((s, e) => s + Buffer.byteLength(e), 0);
  if (v.NS) return v.NS.reduce((s, e) => s + valueSize({ N: e }), 0);
  if (v.L) return 3 + v.L.reduce((s, e) => s + 1 + valueSize(e), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((s, [k, e]) => s + Buffer.byteLength(k) + 1 + valueSize(e), 0);
  return 0;
}

/** An item's size in bytes, as DynamoDB counts it. */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + valueSize(v), 0);
}

const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

function tableOf(name: string): TableDefinition | undefined {
  return TABLES.find((t) => name === t.id || name.endsWith(`-${t.id}`));
}

/** The index's copy of an item (undefined when the item is not in the sparse index). */
function projection(table: TableDefinition, index: IndexDefinition, item: Item | undefined): Item | undefined {
  if (!item) return undefined;
  const keys = [index.partitionKey.name, index.sortKey?.name].filter((k): k is string => k !== undefined);
  if (keys.some((k) => item[k] === undefined)) return undefined;
  if (!index.keysOnly && !index.nonKeyAttributes) return item;
  const names = [...keys, table.partitionKey.name, table.sortKey?.name, ...(index.nonKeyAttributes ?? [])];
  const copy: Item = {};
  for (const n of names) {
    const value = n ? item[n] : undefined;
    if (n && value) copy[n] = value;
  }
  return copy;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function indexUnits(table: TableDefinition, before: Item | undefined, after: Item | undefined): number {
  let units = 0;
  for (const index of table.indexes) {
    const old = projection(table, index, before);
    const now = projection(table, index, after);
    const keys = [index.partitionKey.name, index.sortKey?.name].filter((k): k is string => k !== undefined);
    const moved = old && now && keys.some((k) => !same(old[k], now[k]));
    if (old && (!now || moved)) units += kb(itemSize(old));
    if (now && (!old || moved || !same(old, now))) units += kb(itemSize(now));
  }
  return units * 2;
}

interface TransactItem {
  TableName: string;
  Key?: Record<string, unknown>;
  Item?: Record<string, unknown>;
}

/** One transaction item: its kind, table and key, whether the input is marshalled or plain (lib-dynamodb). */
function partsOf(entry: Record<string, TransactItem>, marshalled: boolean) {
  const [kind, body] = Object.entries(entry)[0] ?? [];
  if (!kind || !body) return undefined;
  const table = tableOf(body.TableName);
  if (!table) return undefined;
  const source = body.Key ?? body.Item ?? {};
  const keys = [table.partitionKey, table.sortKey].filter((k) => k !== undefined);
  const key: Item = {};
  for (const { name, type } of keys) {
    const value = source[name];
    key[name] = marshalled ? (value as AttributeValue) : type === 'S' ? { S: String(value) } : { N: String(value) };
  }
  return { kind, tableName: body.TableName, table, key };
}

type Send = (command: unknown) => Promise<{ Item?: Item }>;

/** Reads every item a transaction touches (before it runs, and again after), through `send` (not metered). */
export async function snapshotItems(send: Send, input: Record<string, unknown>, marshalled: boolean) {
  const entries = (input.TransactItems as Record<string, TransactItem>[] | undefined) ?? [];
  return Promise.all(
    entries.map(async (entry) => {
      const parts = partsOf(entry, marshalled);
      if (!parts) return undefined;
      const got = await send(new GetItemCommand({ TableName: parts.tableName, Key: parts.key, ConsistentRead: true }));
      return { ...parts, item: got.Item };
    }),
  );
}

/** The transaction's write units from the items before and after it. */
export function transactionUnits(
  before: Awaited<ReturnType<typeof snapshotItems>>,
  after: Awaited<ReturnType<typeof snapshotItems>>,
): number {
  let units = 0;
  before.forEach((was, i) => {
    const now = after[i];
    if (!was || !now) return;
    const size = Math.max(was.item ? itemSize(was.item) : 0, now.item ? itemSize(now.item) : 0);
    units += 2 * kb(size);
    if (was.kind !== 'ConditionCheck') units += indexUnits(was.table, was.item, now.item);
  });
  return units;
}
