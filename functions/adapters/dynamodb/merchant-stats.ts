/**
 * A merchant's response statistics (the basis for rewards and penalties): counted by the scorecard's writes, in the
 * merchant's month item (./scorecard-store.ts MERCHANT_STAT_ATTRIBUTES), in the same UpdateItem as the scorecard's
 * count, so a request costs one write where it cost two (issue 18, item 3).
 *
 * Until 2026-12 they were kept in one item per merchant (`MERCHANT#<id>` / `STATS`), which is no longer written: what
 * it holds is added to the months counted since (STATS_IN_SCORECARD_SINCE, the month the change was made, so no
 * request is counted in both, and none is left out, whenever it is deployed). Reading is one GetItem and one
 * BatchGetItem of the months since then.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { addMonths, type Month, monthOf } from '../../domain/scorecard/index.ts';
import type { MerchantStats, MerchantStatsStore } from '../../ports/review-store.ts';
import { ReadMeter } from './capacity.ts';
import { dynamoClient, tableName } from './client.ts';
import { merchantStatsKey, scorecardKey } from './keys.ts';
import { batchGetAll } from './reads.ts';
import { MERCHANT_STAT_ATTRIBUTES, MERCHANT_STAT_RESPONSE_SECONDS } from './scorecard-store.ts';
import { MAIN_TABLE } from './tables.ts';

/** The first month whose scorecard items count the statistics; the STATS item holds everything before. */
export const STATS_IN_SCORECARD_SINCE: Month = '2026-12';

/** The months from STATS_IN_SCORECARD_SINCE to the month of `now`, oldest first. */
export function statsMonths(now: Date): Month[] {
  const months: Month[] = [];
  for (let m = STATS_IN_SCORECARD_SINCE; m <= monthOf(now); m = addMonths(m, 1)) months.push(m);
  return months;
}

const n = (item: Record<string, unknown> | undefined, name: string) =>
  typeof item?.[name] === 'number' ? Number(item[name]) : 0;

export class DynamoMerchantStats implements MerchantStatsStore {
  async get(merchantId: string, now: Date): Promise<MerchantStats> {
    const table = tableName(MAIN_TABLE);
    const [legacy, months] = await Promise.all([
      dynamoClient().send(new GetCommand({ TableName: table, Key: merchantStatsKey(merchantId) })),
      batchGetAll(
        new ReadMeter(),
        table,
        statsMonths(now).map((month) => scorecardKey(month, merchantId)),
      ),
    ]);
    const sum = (legacyName: string, monthName: string) =>
      n(legacy.Item, legacyName) + months.reduce((total, item) => total + n(item, monthName), 0);
    return {
      merchantId,
      asked: sum('asked', MERCHANT_STAT_ATTRIBUTES.ASKED),
      approved: sum('approved', MERCHANT_STAT_ATTRIBUTES.APPROVED),
      rejected: sum('rejected', MERCHANT_STAT_ATTRIBUTES.REJECTED),
      timedOut: sum('timedOut', MERCHANT_STAT_ATTRIBUTES.TIMED_OUT),
      responseSecondsTotal: sum('responseSecondsTotal', MERCHANT_STAT_RESPONSE_SECONDS),
    };
  }
}
