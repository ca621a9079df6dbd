/**
 * The monitor finds refunds stuck in a step through the sparse `byState` index: a live refund is in it under the
 * status it is in, keyed by when it entered it; a refund that has ended leaves it. So the monitor's reads follow the
 * live refunds, never every refund ever paid. (Refunds paid through the payout store used to stay in it, under the
 * status they were approved with, and every monitor run past their deadline read them again.)
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { refundKey, refundStatePartition, STATE_SHARDS } from '../../../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import type { LocalRuntime } from '../../../local/runtime.ts';
import { eventually } from '../../support/local.ts';
import { applyFor, givenARuntimeWithActors, scenarios, statusOf } from '../../support/steps.ts';

const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod' });

async function stateKeysOf(runtime: LocalRuntime, refundId: string) {
  const got = await dynamoClient().send(
    new GetCommand({ TableName: runtime.tableName(MAIN_TABLE), Key: refundKey(refundId) }),
  );
  return { gsi4pk: got.Item?.gsi4pk, gsi4sk: got.Item?.gsi4sk, status: got.Item?.status };
}

const partitionsOf = (status: string) =>
  Array.from({ length: STATE_SHARDS }, (_, shard) => refundStatePartition(status, shard));

describe('the byState index', () => {
  it('holds a refund waiting for its merchant under AWAITING_MERCHANT, keyed by when it started waiting', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    const waiting = await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    const keys = await stateKeysOf(client.runtime, refundId);
    expect(partitionsOf('AWAITING_MERCHANT')).toContain(keys.gsi4pk);
    const entered = waiting.timeline.findLast((e: { status: string }) => e.status === 'AWAITING_MERCHANT').at;
    expect(keys.gsi4sk).toBe(`${entered}#${refundId}`);
  });

  it('no longer holds an instant refund once it is paid', async () => {
    const { refundId } = await applyFor(client, who, scenarios.notShipped(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'REFUNDED');
    const paid = await eventually(async () => {
      const keys = await stateKeysOf(client.runtime, refundId);
      return keys.status === 'REFUNDED' ? keys : undefined;
    });
    expect(paid).toEqual({ gsi4pk: undefined, gsi4sk: undefined, status: 'REFUNDED' });
  });
});
