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
import { NotFound } from '../../../functions/domain/errors.ts';
import type { Step } from '../../../functions/domain/lifecycle.ts';
import { redriveInFlight } from '../../../local/recovery.ts';
import { aRefund } from '../../support/builders.ts';
import { RecordingWorkflow } from '../../support/fakes/workflow.ts';
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

describe('recovery that cannot assess a refund at the first try', () => {
  it('tries a failing store again, as the Assess state retries, and gives up at once on a refund of its own error', async () => {
    const fresh = await startTestRuntime({ tablePrefix: `redrive${randomUUID().slice(0, 6)}`, stage: 'prod' });
    clients.push(fresh);
    const throttled = aRefund({ refundId: `rf_slow${randomUUID().slice(0, 8)}` });
    const gone = aRefund({ refundId: `rf_gone${randomUUID().slice(0, 8)}`, orderId: 'no-such-order' });
    for (const refund of [throttled, gone]) {
      await dynamoClient().send(
        new PutCommand({ TableName: fresh.runtime.tableName(MAIN_TABLE), Item: newRefundItem(refund) }),
      );
    }
    const wait: Step = { outcome: 'MERCHANT_REVIEW', timeoutSeconds: 86_400 };
    const asked: string[] = [];
    const assess = async (refundId: string): Promise<Step> => {
      asked.push(refundId);
      if (refundId === gone.refundId) throw new NotFound(`order no-such-order of ${refundId}`);
      if (asked.filter((id) => id === refundId).length < 3) {
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
          name: 'ProvisionedThroughputExceededException',
        });
      }
      return wait;
    };
    const workflow = new RecordingWorkflow();
    const logged: string[] = [];

    const count = await redriveInFlight(workflow, assess, (message) => logged.push(message));

    expect(count).toBe(1);
    expect(workflow.calls).toEqual([{ kind: 'start', refundId: throttled.refundId, step: wait }]);
    expect(asked.filter((id) => id === throttled.refundId)).toHaveLength(3);
    expect(asked.filter((id) => id === gone.refundId)).toHaveLength(1);
    expect(logged).toEqual(['could not re-drive a refund left in flight']);
  });
});
