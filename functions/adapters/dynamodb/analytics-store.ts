/**
 * DynamoDB implementation of the AnalyticsStore port. Counting an event on time is one conditional put of its tally,
 * keyed by the slot it occurred in and its id (keys.ts `analyticsTallyKey`; only if absent: a redelivered event
 * changes nothing); counted late, it is one TransactWriteItems of a marker keyed by its id, its tally in the slot of
 * now, and a check that its on-time key is absent (domain/analytics/fold.ts says why that counts it once). Folding adds a range of closed slots' tallies to
 * the counters with one conditional UpdateItem per counter (domain/analytics/fold.ts says why that is exactly once):
 * an atomic ADD on the group's counters for the refund's application date, platform-wide and in the merchant's own
 * partition (keys.ts `analyticsKey`). The merchant dimension is kept platform-wide only: a merchant's own item there
 * is read by key, never by querying the partition that holds the others.
 * Reading a period is one Query per day (a merchant's merchant group: one GetItem per day).
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CounterDelta,
  counterDeltas,
  FIRST_FOLD_LOOKBACK_SLOTS,
  type FoldProgress,
  foldRange,
  lastClosedSlot,
  onTimeSlot,
  slotOf,
  TALLY_KEPT_DAYS,
} from '../../domain/analytics/fold.ts';
import { type AnalyticsCounts, emptyAnalyticsCounts, sumAnalyticsCounts } from '../../domain/analytics/report.ts';
import { ANALYTICS_COUNTS, type AnalyticsDimension, type EventTally } from '../../domain/analytics/tally.ts';
import type { AnalyticsScope, AnalyticsStore, FoldOutcome } from '../../ports/analytics-store.ts';
import { ReadMeter } from './capacity.ts';
import { dynamoClient, tableName } from './client.ts';
import {
  ANALYTICS_FOLD_KEY,
  analyticsEventKey,
  analyticsGroupOf,
  analyticsKey,
  analyticsPartition,
  analyticsTallyKey,
  tallyPartitions,
  tallySlotBound,
} from './keys.ts';
import { mapLimit, queryAll } from './reads.ts';
import { MAIN_TABLE } from './tables.ts';

/** How many days are read at once (a 92-day period is 92 small queries). */
const READ_CONCURRENCY = 8;
/** How many counters a fold updates at once. */
const WRITE_CONCURRENCY = 16;

function countsOf(item: Record<string, unknown>): AnalyticsCounts {
  const counts = emptyAnalyticsCounts();
  const n = (name: string) => (typeof item[name] === 'number' ? Number(item[name]) : 0);
  for (const name of ANALYTICS_COUNTS) counts[name] = n(name);
  counts.decisionHistogram = counts.decisionHistogram.map((_, i) => n(`d${i}`));
  counts.moneyHistogram = counts.moneyHistogram.map((_, i) => n(`m${i}`));
  return counts;
}

/** The UpdateItem adding one fold's delta to one counter, unless that counter has this range or a later one. */
function addDelta(table: string, delta: CounterDelta, rangeEnd: number) {
  const names: Record<string, string> = { '#day': 'day', '#dim': 'dimension', '#group': 'group', '#folded': 'folded' };
  const values: Record<string, unknown> = {
    ':day': delta.day,
    ':dim': delta.dimension,
    ':group': delta.group,
    ':folded': rangeEnd,
  };
  Object.entries(delta.add).forEach(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
  });
  const add = Object.keys(delta.add)
    .map((_, i) => `#a${i} :a${i}`)
    .join(', ');
  return new UpdateCommand({
    TableName: table,
    Key: analyticsKey(delta, delta.dimension, delta.day, delta.group),
    UpdateExpression: `SET #day = :day, #dim = :dim, #group = :group, #folded = :folded ADD ${add}`,
    ConditionExpression: 'attribute_not_exists(#folded) OR #folded < :folded',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

const conditionFailed = (error: unknown) => error instanceof ConditionalCheckFailedException;

export class DynamoAnalyticsStore implements AnalyticsStore {
  async count(eventId: string, tally: EventTally, occurredAt: Date, now: Date): Promise<boolean> {
    const table = tableName(MAIN_TABLE);
    // Compact JSON: a tally is read whole by the fold and never queried by its parts.
    const counted = { t: JSON.stringify(tally), ttl: Math.floor(now.getTime() / 1000) + TALLY_KEPT_DAYS * 86_400 };
    const ownSlot = onTimeSlot(occurredAt, now);
    if (ownSlot !== undefined) {
      try {
        await dynamoClient().send(
          new PutCommand({
            TableName: table,
            Item: { ...analyticsTallyKey(ownSlot, eventId), ...counted },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (conditionFailed(error)) return false;
        throw error;
      }
    }
    try {
      await dynamoClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: { ...analyticsEventKey(eventId), day: tally.day, merchantId: tally.merchantId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: table, Item: { ...analyticsTallyKey(slotOf(now.getTime()), eventId), ...counted } } },
            // Counted on time before: its tally is in the slot it occurred in.
            {
              ConditionCheck: {
                TableName: table,
                Key: analyticsTallyKey(slotOf(occurredAt.getTime()), eventId),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return false;
      throw error;
    }
  }

  async fold(now: Date): Promise<FoldOutcome> {
    const table = tableName(MAIN_TABLE);
    const client = dynamoClient();
    for (;;) {
      const { Item } = await client.send(
        new GetCommand({ TableName: table, Key: ANALYTICS_FOLD_KEY, ConsistentRead: true }),
      );
      if (!Item) {
        // The first fold ever: start a day back, where tallies counted before it ran may be.
        await client
          .send(
            new PutCommand({
              TableName: table,
              Item: { ...ANALYTICS_FOLD_KEY, next: lastClosedSlot(now) + 1 - FIRST_FOLD_LOOKBACK_SLOTS },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          )
          .catch((error: unknown) => {
            if (!conditionFailed(error)) throw error;
          });
        continue;
      }
      const progress: FoldProgress = {
        next: Number(Item.next),
        ...(typeof Item.pending === 'number' ? { pending: Item.pending } : {}),
      };
      const range = foldRange(progress, now);
      if (!range) return { tallies: 0, counters: 0 };
      if (progress.pending === undefined) {
        // Take the range before adding anything, so whoever folds next folds exactly it; lost to another fold: read again.
        const taken = await client
          .send(
            new UpdateCommand({
              TableName: table,
              Key: ANALYTICS_FOLD_KEY,
              UpdateExpression: 'SET #pending = :to',
              ConditionExpression: '#next = :from AND attribute_not_exists(#pending)',
              ExpressionAttributeNames: { '#next': 'next', '#pending': 'pending' },
              ExpressionAttributeValues: { ':from': range.from, ':to': range.to },
            }),
          )
          .then(
            () => true,
            (error: unknown) => {
              if (conditionFailed(error)) return false;
              throw error;
            },
          );
        if (!taken) continue;
      }
      const tallies = await this.tallies(range.from, range.to);
      const deltas = counterDeltas(tallies);
      await mapLimit(deltas, WRITE_CONCURRENCY, (delta) =>
        client.send(addDelta(table, delta, range.to)).catch((error: unknown) => {
          // This counter has this range already (a retry, or a concurrent fold of the same range).
          if (!conditionFailed(error)) throw error;
        }),
      );
      await client
        .send(
          new UpdateCommand({
            TableName: table,
            Key: ANALYTICS_FOLD_KEY,
            UpdateExpression: 'SET #next = :next REMOVE #pending',
            ConditionExpression: '#pending = :to',
            ExpressionAttributeNames: { '#next': 'next', '#pending': 'pending' },
            ExpressionAttributeValues: { ':next': range.to + 1, ':to': range.to },
          }),
        )
        .catch((error: unknown) => {
          if (!conditionFailed(error)) throw error;
        });
      return { from: range.from, to: range.to, tallies: tallies.length, counters: deltas.length };
    }
  }

  /** Every tally counted in the slots `from`..`to`: each hour's shards, that range of sort keys. */
  private async tallies(from: number, to: number): Promise<EventTally[]> {
    const table = tableName(MAIN_TABLE);
    const pages = await mapLimit(tallyPartitions(from, to), READ_CONCURRENCY, (pk) =>
      queryAll(new ReadMeter(), {
        TableName: table,
        ConsistentRead: true,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': tallySlotBound(from), ':to': `${tallySlotBound(to)}$` },
      }),
    );
    return pages.flat().map((item) => JSON.parse(String(item.t)) as EventTally);
  }

  async read(scope: AnalyticsScope, dimension: AnalyticsDimension, days: readonly string[]) {
    const table = tableName(MAIN_TABLE);
    const perDay = await mapLimit(days, READ_CONCURRENCY, async (day) => {
      if (scope.merchantId !== undefined && dimension === 'merchant') {
        const { Item } = await dynamoClient().send(
          new GetCommand({ TableName: table, Key: analyticsKey({}, dimension, day, scope.merchantId) }),
        );
        return Item ? [Item] : [];
      }
      return queryAll(new ReadMeter(), {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': analyticsPartition(scope, dimension, day) },
      });
    });
    const byGroup = new Map<string, AnalyticsCounts[]>();
    for (const item of perDay.flat()) {
      const group = analyticsGroupOf(String(item.sk));
      byGroup.set(group, [...(byGroup.get(group) ?? []), countsOf(item)]);
    }
    return new Map([...byGroup].map(([group, all]) => [group, sumAnalyticsCounts(all)]));
  }
}
