/**
 * RATE_SPIKE reads, bounded by recent activity: the applications of the last window (byCreatedDay, one partition per
 * UTC day touched), then the baseline only of buyers and merchants whose window count reaches `minCount` (nobody
 * else can spike): a buyer's through byUser, a merchant's through byMerchant, one sort-key range per status.
 */
import type { MonitoringConfig } from '../../domain/monitoring/index.ts';
import type { Refund } from '../../domain/refund.ts';
import { type IsoTime, STATUSES } from '../../domain/vocabulary.ts';
import type { ReadMeter } from './capacity.ts';
import { indexName } from './index-layout.ts';
import { refundFromItem } from './item.ts';
import { byMerchantSortPrefix, createdDayPartition, merchantPartition, userPartition } from './keys.ts';
import { itemsOf, queryAll } from './reads.ts';

const DAY_MS = 86_400_000;

function parse(items: readonly Record<string, unknown>[]): Refund[] {
  return items.flatMap((item) => {
    try {
      return [refundFromItem(item)];
    } catch {
      return [];
    }
  });
}

/** Refunds created in the window, plus the baseline refunds of the parties that could be spiking. */
export async function rateWindow(
  meter: ReadMeter,
  table: string,
  now: IsoTime,
  config: Pick<MonitoringConfig, 'rateSpike'>,
): Promise<Refund[]> {
  const { windowSeconds, baselineDays, buyer, merchant } = config.rateSpike;
  const nowMs = Date.parse(now);
  const windowStart = new Date(nowMs - windowSeconds * 1000).toISOString();
  const baselineStart = new Date(Date.parse(windowStart) - baselineDays * DAY_MS).toISOString();
  const days: string[] = [];
  for (let t = Date.parse(windowStart.slice(0, 10)); t <= nowMs; t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  // byCreatedDay and byMerchant hold keys only, byUser a few attributes: the refunds are read whole by key.
  const recent = parse(
    await itemsOf(
      meter,
      table,
      (
        await Promise.all(
          days.map((day) =>
            queryAll(meter, {
              TableName: table,
              IndexName: indexName('byCreatedDay'),
              KeyConditionExpression: 'gsi5pk = :p AND gsi5sk > :from',
              ExpressionAttributeValues: { ':p': createdDayPartition(day), ':from': windowStart },
            }),
          ),
        )
      ).flat(),
    ),
  );
  const count = (key: (r: Refund) => string) => {
    const counts = new Map<string, number>();
    for (const r of recent) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
    return counts;
  };
  const flagged = (counts: Map<string, number>, minCount: number) =>
    [...counts].filter(([, n]) => n >= minCount).map(([id]) => id);

  const buyers = flagged(
    count((r) => r.userId),
    buyer.minCount,
  ).map((userId) =>
    queryAll(meter, {
      TableName: table,
      IndexName: indexName('byUser'),
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':p': userPartition(userId), ':a': baselineStart, ':b': windowStart },
    }),
  );
  const merchants = flagged(
    count((r) => r.merchantId),
    merchant.minCount,
  ).flatMap((merchantId) =>
    STATUSES.map((status) =>
      queryAll(meter, {
        TableName: table,
        IndexName: indexName('byMerchant'),
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk BETWEEN :a AND :b',
        ExpressionAttributeValues: {
          ':p': merchantPartition(merchantId),
          ':a': byMerchantSortPrefix(status, baselineStart),
          ':b': byMerchantSortPrefix(status, windowStart),
        },
      }),
    ),
  );
  const baseline = await itemsOf(meter, table, (await Promise.all([...buyers, ...merchants])).flat());
  return [...recent, ...parse(baseline)];
}
