/**
 * A review that arrives while no reviewer is available waits UNASSIGNED; the first reviewer to join takes it (it
 * does not wait for its deadline's reassignment), decides it, and the refund is paid. Reviewers joining at the same
 * moment take each waiting task once.
 */
import { describe, expect, it } from 'vitest';
import { DynamoReviewStore } from '../../../functions/adapters/dynamodb/review-store.ts';
import { UNASSIGNED } from '../../../functions/ports/review-store.ts';
import { eventually } from '../../support/local.ts';
import { aDisputedRefund, givenARuntimeWithActors, PAID_OUT, statusOf, uniqueId } from '../../support/steps.ts';

// Nobody in the rotation: the cast's reviewer has not joined.
const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod' });

const tasksOf = async (token: string) =>
  (await client.call('GET', '/v1/review/tasks', { token })).body.items as { taskId: string; refundId: string }[];

describe('a dispute arriving while no reviewer is available', () => {
  it('is taken by the first reviewer to join, who decides it', async () => {
    const refundId = await aDisputedRefund(client, who);
    const store = new DynamoReviewStore();
    const waiting = await eventually(async () => store.getTask(`${refundId}.1`));
    expect(waiting.reviewerId).toBe(UNASSIGNED);
    expect(await tasksOf(who.reviewer)).toEqual([]);

    const joined = await client.call('PUT', '/v1/review/availability', {
      token: who.reviewer,
      body: { available: true },
    });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ available: true, openTasks: 1 });
    const [task] = await tasksOf(who.reviewer);
    expect(task).toMatchObject({ taskId: `${refundId}.1`, refundId });

    const ruled = await client.call('POST', `/v1/review/tasks/${task?.taskId}/decision`, {
      token: who.reviewer,
      body: { decision: 'APPROVE', note: 'Carrier confirms the parcel was lost' },
    });
    expect(ruled.status).toBe(200);
    await statusOf(client, who, refundId, PAID_OUT);
    expect(await store.getReviewer(who.reviewerId)).toMatchObject({ openTasks: 0 });
  });
});

describe('reviewers joining at the same moment', () => {
  it('take each waiting task once, and their counters add up', async () => {
    const store = new DynamoReviewStore();
    const now = new Date().toISOString();
    const drafts = Array.from({ length: 6 }, (_, i) => ({
      taskId: uniqueId(`unassigned${i}`),
      refundId: uniqueId('refund'),
      kind: 'REVIEW' as const,
      createdAt: now,
      dueBy: now,
    }));
    // Nobody is available (the first test's reviewer left again): every task waits.
    await store.setAvailability(who.reviewerId, false, now);
    const assigned = await Promise.all(drafts.map((d) => store.assign(d)));
    expect(assigned.every((t) => t.reviewerId === UNASSIGNED)).toBe(true);

    const people = [uniqueId('r'), uniqueId('r'), uniqueId('r')];
    for (const id of people) await store.setAvailability(id, true, now);
    const taken = await Promise.all(people.map((id) => store.takeUnassigned(id, 20)));
    const ids = taken.flat().map((t) => t.taskId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(drafts.map((d) => d.taskId)));
    const counters = await Promise.all(people.map(async (id) => (await store.getReviewer(id)).openTasks));
    expect(counters).toEqual(taken.map((t) => t.length));
    expect(await store.openTasks(UNASSIGNED)).toEqual([]);
    for (const id of people) await store.setAvailability(id, false, now);
  });
});

describe('a waiting task closed from a copy read before someone took it', () => {
  it("frees the slot of whoever holds it now (the deadline's reassignment, a cancellation)", async () => {
    const store = new DynamoReviewStore();
    const now = new Date().toISOString();
    const read = await store.assign({
      taskId: uniqueId('race'),
      refundId: uniqueId('refund'),
      kind: 'REVIEW',
      createdAt: now,
      dueBy: now,
    });
    expect(read.reviewerId).toBe(UNASSIGNED);
    const taker = uniqueId('r');
    await store.setAvailability(taker, true, now);
    expect((await store.takeUnassigned(taker, 20)).map((t) => t.taskId)).toContain(read.taskId);
    expect(await store.getReviewer(taker)).toMatchObject({ openTasks: 1 });

    expect(await store.close(read, 'REASSIGNED')).toBe(true);
    expect(await store.getTask(read.taskId)).toMatchObject({ status: 'REASSIGNED', reviewerId: taker });
    expect(await store.getReviewer(taker)).toMatchObject({ openTasks: 0 });
    expect(await store.close(read, 'REASSIGNED')).toBe(false);
  });
});
