/** Review tasks go to the least-loaded available reviewer, with no double assignment under concurrency. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReviewStore } from '../../../functions/adapters/dynamodb/review-store.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { uniqueId } from '../../support/steps.ts';

let client: Client;

beforeAll(async () => {
  client = await startTestRuntime();
});
afterAll(() => client.runtime.stop());

describe('thirty tasks arriving at once for three available reviewers and one on leave', () => {
  it('are spread evenly, each task assigned once, nobody on leave', async () => {
    const store = new DynamoReviewStore();
    const now = new Date().toISOString();
    const reviewers = [uniqueId('r'), uniqueId('r'), uniqueId('r')];
    for (const id of reviewers) await store.setAvailability(id, true, now);
    const away = uniqueId('away');
    await store.setAvailability(away, false, now);

    const drafts = Array.from({ length: 30 }, (_, i) => ({
      taskId: uniqueId(`t${i}`),
      refundId: uniqueId('refund'),
      kind: 'REVIEW' as const,
      createdAt: now,
      dueBy: now,
    }));
    const assigned = await Promise.all(drafts.map((d) => store.assign(d)));
    const again = await Promise.all(drafts.slice(0, 5).map((d) => store.assign(d)));
    expect(again.map((t) => t.reviewerId)).toEqual(assigned.slice(0, 5).map((t) => t.reviewerId));

    const loads = await Promise.all(reviewers.map(async (id) => (await store.openTasks(id)).length));
    expect(loads.reduce((a, b) => a + b, 0)).toBe(30);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(await store.openTasks(away)).toHaveLength(0);
    console.log(`review load per reviewer: ${loads.join(', ')}`);
  });
});
