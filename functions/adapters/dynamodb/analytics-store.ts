/**
 * DynamoDB implementation of the AnalyticsStore port. Each event is one TransactWriteItems: a marker item keyed by
 * the event's id (put only if absent) and an atomic ADD on each group's counters for the refund's application date,
 * platform-wide and in the merchant's own partition (keys.ts `analyticsKey`). A redelivered or replayed event fails
 * the marker's condition, so the whole transaction changes nothing. The merchant dimension is kept platform-wide only:
 * a merchant's own item there is read by key, never by querying the partition that holds the others.
 * Reading a period is one Query per day (a merchant's merchant group: one GetItem per day).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type AnalyticsCounts, emptyAnalyticsCounts, sumAnalyticsCounts } from '../../domain/analytics/report.ts';
import {
  ANALYTICS_COUNTS,
  type AnalyticsDimension,
  type EventTally,
  type GroupTally,
} from '../../domain/analytics/tally.ts';
import type { AnalyticsScope, AnalyticsStore } from '../../ports/analytics-store.ts';
import { dynamoClient, tableName } from './client.ts';
import { analyticsEventKey, analyticsGroupOf, analyticsKey, analyticsPartition } from './keys.ts';
import { MAIN_TABLE } from './tables.ts';

/** How many days are read at once (a 92-day period is 92 small queries). */
const READ_CONCURRENCY = 8;

function countsOf(item: Record<string, unknown>): AnalyticsCounts {
  const counts = emptyAnalyticsCounts();
  const n = (name: string) => (typeof item[name] === 'number' ? Number(item[name]) : 0);
  for (const name of ANALYTICS_COUNTS) counts[name] = n(name);
  counts.decisionHistogram = counts.decisionHistogram.map((_, i) => n(`d${i}`));
  counts.moneyHistogram = counts.moneyHistogram.map((_, i) => n(`m${i}`));
  return counts;
}

/** One group's ADD on one scope's item. */
function update(table: string, scope: AnalyticsScope, day: string, group: GroupTally) {
  const adds: [string, number][] = Object.entries(group.add).filter(([, v]) => v !== undefined && v !== 0) as [
    string,
    number,
  ][];
  if (group.decisionBucket !== undefined) adds.push([`d${group.decisionBucket}`, 1]);
  if (group.moneyBucket !== undefined) adds.push([`m${group.moneyBucket}`, 1]);
  const names: Record<string, string> = { '#day': 'day', '#dim': 'dimension', '#group': 'group' };
  const values: Record<string, unknown> = { ':day': day, ':dim': group.dimension, ':group': group.key };
  adds.forEach(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
  });
  const add = adds.map((_, i) => `#a${i} :a${i}`).join(', ');
  return {
    Update: {
      TableName: table,
      Key: analyticsKey(scope, group.dimension, day, group.key),
      UpdateExpression: `SET #day = :day, #dim = :dim, #group = :group${add ? ` ADD ${add}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
}

export class DynamoAnalyticsStore implements AnalyticsStore {
  async count(eventId: string, tally: EventTally): Promise<boolean> {
    const table = tableName(MAIN_TABLE);
    const own = { merchantId: tally.merchantId };
    const updates = tally.groups.flatMap((group) => [
      update(table, {}, tally.day, group),
      ...(group.dimension === 'merchant' ? [] : [update(table, own, tally.day, group)]),
    ]);
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
            ...updates,
          ],
        }),
      );
      return true;
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return false;
      }
      throw error;
    }
  }

  async read(scope: AnalyticsScope, dimension: AnalyticsDimension, days: readonly string[]) {
    const table = tableName(MAIN_TABLE);
    const perDay = await inBatches(days, READ_CONCURRENCY, async (day) => {
      if (scope.merchantId !== undefined && dimension === 'merchant') {
        const { Item } = await dynamoClient().send(
          new GetCommand({ TableName: table, Key: analyticsKey({}, dimension, day, scope.merchantId) }),
        );
        return Item ? [Item] : [];
      }
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await dynamoClient().send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': analyticsPartition(scope, dimension, day) },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    });
    const byGroup = new Map<string, AnalyticsCounts[]>();
    for (const item of perDay.flat()) {
      const group = analyticsGroupOf(String(item.sk));
      byGroup.set(group, [...(byGroup.get(group) ?? []), countsOf(item)]);
    }
    return new Map([...byGroup].map(([group, all]) => [group, sumAnalyticsCounts(all)]));
  }
}
