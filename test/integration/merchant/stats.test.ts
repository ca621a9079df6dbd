/**
 * A merchant's statistics (`GET /v1/merchant/stats`) are counted in the scorecard's own write, one UpdateItem of the
 * merchant's month per request where there were two (adapters/dynamodb/merchant-stats.ts), and read back as what the
 * item kept before 2026-12 holds plus the months counted since: a merchant with a history keeps it, and the old item
 * is never written again.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { merchantStatsKey } from '../../../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { applyFor, givenARuntimeWithActors, PAID_OUT, scenarios, statusOf } from '../../support/steps.ts';

const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod' });

describe("a merchant's statistics", () => {
  it('add the answers counted since to the history kept before, which is never written again', async () => {
    const table = client.runtime.tableName(MAIN_TABLE);
    const history = { asked: 10, approved: 6, rejected: 3, timedOut: 1, responseSecondsTotal: 5_400 };
    await dynamoClient().send(
      new PutCommand({ TableName: table, Item: { ...merchantStatsKey(who.merchantId), ...history } }),
    );
    const stats = async () => (await client.call('GET', '/v1/merchant/stats', { token: who.merchant })).body;
    expect(await stats()).toMatchObject({ ...history, approvalRate: 6 / 9, timeoutRate: 0.1 });

    const decide = async (decision: 'APPROVE' | 'REJECT') => {
      const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
      await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
      const answer = await client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
        token: who.merchant,
        body: { decision, reason: 'checked' },
      });
      expect(answer.status).toBe(200);
      return refundId;
    };
    await statusOf(client, who, await decide('APPROVE'), PAID_OUT);
    await decide('REJECT');

    const now = await stats();
    expect(now).toMatchObject({ merchantId: who.merchantId, asked: 12, approved: 7, rejected: 4, timedOut: 1 });
    expect(now.responseSecondsTotal).toBeGreaterThanOrEqual(history.responseSecondsTotal);
    expect(now.approvalRate).toBeCloseTo(7 / 11);
    const { Item } = await dynamoClient().send(
      new GetCommand({ TableName: table, Key: merchantStatsKey(who.merchantId) }),
    );
    expect(Item).toEqual({ ...merchantStatsKey(who.merchantId), ...history });
  });
});
