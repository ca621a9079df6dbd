/**
 * The local runtime stops in the middle of refunds (as if killed) and starts again on the same tables: every
 * refund still in flight is picked up from its stored state and can finish.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { newRefundItem } from '../../../functions/adapters/dynamodb/refund-store.ts';
import { MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { aRefund } from '../../support/builders.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { actors, applyFor, PAID_OUT, scenarios, statusOf } from '../../support/steps.ts';

const tablePrefix = `restart${randomUUID().slice(0, 6)}`;
const clients: Client[] = [];
afterAll(async () => {
  for (const c of clients) await c.runtime.stop();
});

describe('a runtime that dies while refunds wait for merchants', () => {
  it('picks them up again on restart, and the merchant can still decide each once', async () => {
    const first = await startTestRuntime({ tablePrefix, timeScale: 1, stage: 'prod' });
    const who = await actors(first);
    const refunds = await Promise.all(
      Array.from({ length: 5 }, () => applyFor(first, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' })),
    );
    for (const { refundId } of refunds) await statusOf(first, who, refundId, 'AWAITING_MERCHANT');
    // A refund the recovery cannot assess (its order is gone): it must not keep the runtime from starting.
    const orphan = aRefund({ refundId: `rf_orphan${randomUUID().slice(0, 8)}`, orderId: 'no-such-order' });
    await dynamoClient().send(
      new PutCommand({ TableName: first.runtime.tableName(MAIN_TABLE), Item: newRefundItem(orphan) }),
    );
    // Crash: executions vanish with the process; nothing is told to the store.
    await first.runtime.stop();

    const second = await startTestRuntime({ tablePrefix, timeScale: 1, stage: 'prod' });
    clients.push(second);
    const again = {
      ...who,
      merchant: await second.token('merchant', `${who.merchantId}-staff`, who.merchantId),
      buyer: await second.token('buyer', who.buyerId),
    };
    expect(second.runtime.workflow.execution(orphan.refundId)).toBeUndefined();
    for (const { refundId } of refunds) {
      expect(second.runtime.workflow.execution(refundId)).toBeDefined();
      await statusOf(second, again, refundId, 'AWAITING_MERCHANT');
      const decided = await second.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
        token: again.merchant,
        body: { decision: 'APPROVE' },
      });
      expect(decided.status).toBe(200);
      await statusOf(second, again, refundId, PAID_OUT);
      // Started again in the wait where the refund stood (recovery asked the Assess function).
      const journey = await second.runtime.workflow.finished(refundId);
      expect(journey?.standardStates).toEqual(['Route', 'Wait', 'Route', 'StartPayout']);
    }
  });
});
