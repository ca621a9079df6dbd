/**
 * DynamoDB implementation of the ScorecardStore port: one item per China month and merchant in the month's partition
 * (keys.ts `scorecardKey`), every change one atomic ADD (a count, and a response time's histogram bucket `h<i>`), so
 * concurrent changes never lose a count. A merchant's period is a few GetItems (at most 12 months); a month's
 * merchants are one Query, paged by merchant id (the cursor is the last merchant returned).
 *
 * The same item keeps the merchant's statistics for the month (MERCHANT_STAT_ATTRIBUTES): a request asked, answered or
 * timed out is counted for both in one write (./merchant-stats.ts reads them back).
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../domain/errors.ts';
import {
  COUNT_NAMES,
  type CountName,
  emptyCounts,
  type Month,
  responseBucket,
  type ScorecardCounts,
} from '../../domain/scorecard/index.ts';
import type { MerchantStatOutcome } from '../../ports/review-store.ts';
import type { MerchantMonth, ScorecardStore } from '../../ports/scorecard-store.ts';
import { dynamoClient, tableName } from './client.ts';
import { merchantPartition, scorecardKey, scorecardPartition } from './keys.ts';
import { MAIN_TABLE } from './tables.ts';

function countsOf(item: Record<string, unknown> | undefined): ScorecardCounts {
  const counts = emptyCounts();
  if (!item) return counts;
  const n = (name: string) => (typeof item[name] === 'number' ? Number(item[name]) : 0);
  for (const name of COUNT_NAMES) counts[name] = n(name);
  counts.responseHistogram = counts.responseHistogram.map((_, i) => n(`h${i}`));
  return counts;
}

/** The statistics' attributes in a scorecard item, by what the request ended as. */
export const MERCHANT_STAT_ATTRIBUTES = {
  ASKED: 'statAsked',
  APPROVED: 'statApproved',
  REJECTED: 'statRejected',
  TIMED_OUT: 'statTimedOut',
} as const satisfies Record<MerchantStatOutcome, string>;
/** The statistics' sum of response times in seconds (an approval's or a rejection's). */
export const MERCHANT_STAT_RESPONSE_SECONDS = 'statResponseSeconds';

const encodeCursor = (merchantId: string) => Buffer.from(JSON.stringify({ after: merchantId })).toString('base64url');

function decodeCursor(cursor: string): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const after = (value as { after?: unknown } | null)?.after;
    if (typeof after === 'string' && after) return after;
  } catch {
    // any undecodable cursor is the client's mistake
  }
  throw new ValidationFailed('cursor is not valid for this list');
}

export class DynamoScorecardStore implements ScorecardStore {
  async add(merchantId: string, month: Month, count: CountName, responseSeconds?: number, stat?: MerchantStatOutcome) {
    const bucket = responseSeconds === undefined ? undefined : responseBucket(responseSeconds);
    const adds = ['#c :one'];
    const names: Record<string, string> = { '#c': count, '#month': 'month' };
    const values: Record<string, unknown> = { ':one': 1, ':m': merchantId, ':month': month };
    if (bucket !== undefined) {
      adds.push('#h :one');
      names['#h'] = `h${bucket}`;
    }
    if (stat !== undefined) {
      adds.push('#s :one');
      names['#s'] = MERCHANT_STAT_ATTRIBUTES[stat];
      if (responseSeconds !== undefined) {
        adds.push('#rs :rs');
        names['#rs'] = MERCHANT_STAT_RESPONSE_SECONDS;
        values[':rs'] = Math.round(responseSeconds);
      }
    }
    await dynamoClient().send(
      new UpdateCommand({
        TableName: tableName(MAIN_TABLE),
        Key: scorecardKey(month, merchantId),
        UpdateExpression: `SET merchantId = :m, #month = :month ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async get(merchantId: string, months: readonly Month[]): Promise<ScorecardCounts[]> {
    return Promise.all(
      months.map(async (month) => {
        const result = await dynamoClient().send(
          new GetCommand({ TableName: tableName(MAIN_TABLE), Key: scorecardKey(month, merchantId) }),
        );
        return countsOf(result.Item);
      }),
    );
  }

  async list(month: Month, page: { limit: number; cursor?: string }) {
    const pk = scorecardPartition(month);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const result = await dynamoClient().send(
      new QueryCommand({
        TableName: tableName(MAIN_TABLE),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: page.limit,
        ...(after ? { ExclusiveStartKey: { pk, sk: merchantPartition(after) } } : {}),
      }),
    );
    const items: MerchantMonth[] = (result.Items ?? []).map((item) => ({
      merchantId: String(item.merchantId),
      month,
      counts: countsOf(item),
    }));
    const last = items.at(-1);
    return { items, ...(result.LastEvaluatedKey && last ? { cursor: encodeCursor(last.merchantId) } : {}) };
  }
}
