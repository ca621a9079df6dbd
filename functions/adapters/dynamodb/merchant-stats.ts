/** Per-merchant response counters (the basis for rewards and penalties), one item per merchant, atomic ADDs. */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MerchantStats, MerchantStatsStore } from '../../ports/review-store.ts';
import { dynamoClient, tableName } from './client.ts';
import { merchantStatsKey } from './keys.ts';
import { MAIN_TABLE } from './tables.ts';

const FIELD = { ASKED: 'asked', APPROVED: 'approved', REJECTED: 'rejected', TIMED_OUT: 'timedOut' } as const;

export class DynamoMerchantStats implements MerchantStatsStore {
  async record(merchantId: string, outcome: keyof typeof FIELD, responseSeconds?: number) {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: tableName(MAIN_TABLE),
        Key: merchantStatsKey(merchantId),
        UpdateExpression: `ADD #f :one${responseSeconds === undefined ? '' : ', responseSecondsTotal :s'}`,
        ExpressionAttributeNames: { '#f': FIELD[outcome] },
        ExpressionAttributeValues: {
          ':one': 1,
          ...(responseSeconds === undefined ? {} : { ':s': Math.round(responseSeconds) }),
        },
      }),
    );
  }

  async get(merchantId: string): Promise<MerchantStats> {
    const result = await dynamoClient().send(
      new GetCommand({ TableName: tableName(MAIN_TABLE), Key: merchantStatsKey(merchantId) }),
    );
    const n = (name: string) => (typeof result.Item?.[name] === 'number' ? Number(result.Item[name]) : 0);
    return {
      merchantId,
      asked: n('asked'),
      approved: n('approved'),
      rejected: n('rejected'),
      timedOut: n('timedOut'),
      responseSecondsTotal: n('responseSecondsTotal'),
    };
  }
}
