/**
 * Paginated Query and chunked BatchGet that count their consumed read capacity, for readers (the monitor) whose cost
 * must be measurable, and for any reader that pages. Eventually consistent unless the input asks (`ConsistentRead`):
 * a monitor run a few hundred milliseconds stale is harmless; the analytics fold must see every tally.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { ReadMeter } from './capacity.ts';
import { dynamoClient } from './client.ts';

type Item = Record<string, unknown>;

/** Every item the query matches, following LastEvaluatedKey. */
export async function queryAll(meter: ReadMeter, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page: QueryCommandOutput = await dynamoClient().send(
      new QueryCommand({ ...input, ReturnConsumedCapacity: 'TOTAL', ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    meter.add(page.ConsumedCapacity);
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The items with these keys (at most 100 per request; unprocessed keys are retried). Missing keys are absent. */
export async function batchGetAll(meter: ReadMeter, table: string, keys: readonly Item[]): Promise<Item[]> {
  const items: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Item[] | undefined = keys.slice(i, i + 100);
    while (pending?.length) {
      const result: BatchGetCommandOutput = await dynamoClient().send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } }, ReturnConsumedCapacity: 'TOTAL' }),
      );
      meter.add(result.ConsumedCapacity);
      items.push(...(result.Responses?.[table] ?? []));
      pending = result.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return items;
}

/**
 * The whole items behind index entries (whose copies hold only keys or a few attributes), in the index's order.
 * An item deleted since the index was read is left out.
 */
export async function itemsOf(meter: ReadMeter, table: string, entries: readonly Item[]): Promise<Item[]> {
  const key = (item: Item) => `${String(item.pk)}|${String(item.sk)}`;
  const keys = [...new Map(entries.map((e) => [key(e), { pk: e.pk, sk: e.sk }])).values()];
  const found = new Map((await batchGetAll(meter, table, keys)).map((item) => [key(item), item]));
  return entries.flatMap((e) => {
    const item = found.get(key(e));
    return item ? [item] : [];
  });
}

/** `fn` over `items` with at most `limit` calls in flight, so a large run does not open thousands of requests. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
