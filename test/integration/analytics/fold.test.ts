/**
 * Refund analytics' tallies and fold on DynamoDB Local, each call made as the function that makes it deployed (its
 * role and environment): RefundAnalytics records an event's tally (on time: in the slot it occurred in; late: in the
 * slot of now, with a marker); AnalyticsFold adds the tallies of closed slots to the counters. Nothing reaches the
 * counters before its slot has closed; every event reaches them exactly once: delivered again on time or late, folded
 * again, folded by several runs at once, or after a fold that failed half-way.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoAnalyticsStore } from '../../../functions/adapters/dynamodb/analytics-store.ts';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { analyticsTallyKey } from '../../../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { foldRefundAnalytics } from '../../../functions/app/refund-analytics.ts';
import { GRACE_MS, ON_TIME_MS, SLOT_MS, slotOf, TALLY_KEPT_DAYS } from '../../../functions/domain/analytics/fold.ts';
import type { EventTally } from '../../../functions/domain/analytics/tally.ts';
import { FixedClock } from '../../support/fakes/index.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';

const store = new DynamoAnalyticsStore();
let client: Client;
const asCounter = <T>(work: () => Promise<T>) => client.runtime.deployment.run('RefundAnalytics', work);
const asFold = <T>(work: () => Promise<T>) => client.runtime.deployment.run('AnalyticsFold', work);

/** A tally of one application of `amount` for `merchantId`, filed under `day`, by reason only. */
const application = (merchantId: string, day: string, amount: number): EventTally => ({
  day,
  merchantId,
  groups: [{ dimension: 'reason', key: 'DAMAGED', add: { applied: 1, appliedAmount: amount } }],
});

async function appliedOf(merchantId: string, day: string) {
  const groups = await asFold(() => store.read({ merchantId }, 'reason', [day]));
  const platform = await asFold(() => store.read({}, 'reason', [day]));
  return {
    own: groups.get('DAMAGED')?.applied ?? 0,
    amount: groups.get('DAMAGED')?.appliedAmount ?? 0,
    platform: platform.get('DAMAGED')?.applied ?? 0,
  };
}

describe('analytics tallies and their fold', () => {
  // Each test counts on a day of its own, at a time of its own, far from the others' slots.
  let clock: FixedClock;
  beforeAll(async () => {
    client = await startTestRuntime({ analyticsFoldEverySeconds: 0 });
    clock = new FixedClock(new Date());
    // The first fold ever starts a day back: let it run through the empty day first.
    await asFold(() => foldRefundAnalytics({ analytics: store, clock }));
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => client.runtime.stop());

  const closeSlots = () => clock.advance(SLOT_MS + GRACE_MS);
  const fold = () => asFold(() => foldRefundAnalytics({ analytics: store, clock }));

  it('adds a tally once its slot has closed, and only once', async () => {
    const merchant = `m-${randomUUID()}`;
    const day = '2030-01-01';
    expect(
      await asCounter(() => store.count(randomUUID(), application(merchant, day, 100), clock.now(), clock.now())),
    ).toBe(true);
    const again = randomUUID();
    expect(await asCounter(() => store.count(again, application(merchant, day, 50), clock.now(), clock.now()))).toBe(
      true,
    );
    // The same event counted again (a redelivery) records nothing.
    expect(await asCounter(() => store.count(again, application(merchant, day, 50), clock.now(), clock.now()))).toBe(
      false,
    );

    // The tally expires (DynamoDB's TTL) a month after it was counted, long after its fold.
    const { Item } = await dynamoClient().send(
      new GetCommand({
        TableName: client.runtime.tableName(MAIN_TABLE),
        Key: analyticsTallyKey(slotOf(clock.now().getTime()), again),
      }),
    );
    expect(Item?.ttl).toBe(Math.floor(clock.now().getTime() / 1000) + TALLY_KEPT_DAYS * 86_400);

    // Its slot is still open: the fold leaves it.
    expect(await fold()).toMatchObject({ tallies: 0 });
    expect(await appliedOf(merchant, day)).toEqual({ own: 0, amount: 0, platform: 0 });

    closeSlots();
    expect(await fold()).toMatchObject({ ranges: 1, tallies: 2 });
    expect(await appliedOf(merchant, day)).toEqual({ own: 2, amount: 150, platform: 2 });
    expect(await fold()).toMatchObject({ ranges: 0, tallies: 0 });
    expect(await appliedOf(merchant, day)).toEqual({ own: 2, amount: 150, platform: 2 });
  });

  it('counts an event delivered late once, whether or not it was counted on time before, and folds it', async () => {
    const merchant = `m-${randomUUID()}`;
    const day = '2030-01-04';
    const occurred = clock.now();
    const count = (id: string) =>
      asCounter(() => store.count(id, application(merchant, day, 1), occurred, clock.now()));
    const onTime = randomUUID();
    expect(await count(onTime)).toBe(true);
    // Past its slot's end and the on-time window: a backlog, an outage, a replay from the archive.
    clock.advance(SLOT_MS + ON_TIME_MS + 1_000);
    expect(await count(onTime)).toBe(false);
    const late = randomUUID();
    expect(await count(late)).toBe(true);
    expect(await count(late)).toBe(false);
    // Filed in the slot of now, which is open, not in the one it occurred in, which is about to close.
    const table = client.runtime.tableName(MAIN_TABLE);
    const filed = async (slot: number) =>
      (await dynamoClient().send(new GetCommand({ TableName: table, Key: analyticsTallyKey(slot, late) }))).Item;
    expect(await filed(slotOf(clock.now().getTime()))).toBeDefined();
    expect(await filed(slotOf(occurred.getTime()))).toBeUndefined();

    closeSlots();
    await fold();
    expect(await appliedOf(merchant, day)).toEqual({ own: 2, amount: 2, platform: 2 });
  });

  it('adds each tally once when several folds run at once', async () => {
    const merchant = `m-${randomUUID()}`;
    const day = '2030-01-02';
    for (let i = 0; i < 5; i++) {
      await asCounter(() => store.count(randomUUID(), application(merchant, day, 10), clock.now(), clock.now()));
      clock.advance(SLOT_MS);
    }
    closeSlots();
    const runs = await Promise.all([fold(), fold(), fold()]);
    // Each range was added by one run or shared, never twice: the counters say so.
    expect(runs.reduce((sum, r) => sum + r.tallies, 0)).toBeGreaterThanOrEqual(5);
    expect(await appliedOf(merchant, day)).toEqual({ own: 5, amount: 50, platform: 5 });
  });

  it('adds exactly the rest after a fold that failed half-way', async () => {
    const day = '2030-01-03';
    const merchants = [`m-${randomUUID()}`, `m-${randomUUID()}`, `m-${randomUUID()}`];
    for (const merchant of merchants) {
      await asCounter(() => store.count(randomUUID(), application(merchant, day, 7), clock.now(), clock.now()));
    }
    closeSlots();
    // The third counter update fails: a crash after some counters have the range and others not.
    const send = dynamoClient().send.bind(dynamoClient());
    let updates = 0;
    vi.spyOn(dynamoClient(), 'send').mockImplementation(((command: { input: { UpdateExpression?: string } }) => {
      if (command.input.UpdateExpression?.includes(' ADD ') && ++updates === 3) {
        return Promise.reject(new Error('the process died'));
      }
      return send(command as never);
    }) as never);
    await expect(fold()).rejects.toThrow('the process died');
    vi.restoreAllMocks();

    // The next run adds exactly that range again: the counters that had it keep it once.
    expect(await fold()).toMatchObject({ ranges: 1, tallies: 3 });
    for (const merchant of merchants) {
      expect((await appliedOf(merchant, day)).own).toBe(1);
    }
    const platform = await asFold(() => store.read({}, 'reason', [day]));
    expect(platform.get('DAMAGED')).toMatchObject({ applied: 3, appliedAmount: 21 });
  });
});
