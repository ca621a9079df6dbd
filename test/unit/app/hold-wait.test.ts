/**
 * Holding a wait for a reviewer: the round's task is assigned first and kept on the refund in the same write as the
 * token; a refund that left the wait meanwhile gets no token, and its task is closed again, not left in a queue.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { applyTimeout } from '../../../functions/app/apply-timeout.ts';
import { decideReview } from '../../../functions/app/decide-review.ts';
import { holdWait } from '../../../functions/app/hold-wait.ts';
import { InvalidTransition } from '../../../functions/domain/errors.ts';
import { aDeliveredRefundWaiting } from '../../support/fakes/given.ts';
import { fakePorts } from '../../support/fakes/index.ts';

let ports: ReturnType<typeof fakePorts>;
const NOW = '2026-11-20T10:00:00.000Z';

beforeEach(async () => {
  ports = fakePorts({ now: NOW });
  await ports.reviews.setAvailability('reviewer-1', true, NOW);
  await aDeliveredRefundWaiting(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW' });
});

describe('holding a manual review', () => {
  it('assigns the round and keeps the task with the token on the refund', async () => {
    await holdWait(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW', timeoutSeconds: 60, taskToken: 'token-1' });
    expect(ports.store.refunds.get('rf-1')).toMatchObject({
      taskToken: 'token-1',
      review: { taskId: 'rf-1.1', reviewerId: 'reviewer-1' },
    });
    expect(await ports.reviews.getTask('rf-1.1')).toMatchObject({ status: 'OPEN', reviewerId: 'reviewer-1' });
    expect(await ports.reviews.getReviewer('reviewer-1')).toMatchObject({ openTasks: 1 });
  });

  it('closes the task again when the refund left the wait before its token was kept', async () => {
    const assign = ports.reviews.assign.bind(ports.reviews);
    ports.reviews.assign = async (draft, exclude) => {
      const task = await assign(draft, exclude);
      // The buyer cancels at this moment.
      const stored = ports.store.refunds.get('rf-1');
      if (stored) stored.step = 'END';
      return task;
    };
    await expect(
      holdWait(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW', timeoutSeconds: 60, taskToken: 'token-1' }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    expect(ports.store.refunds.get('rf-1')?.taskToken).toBeUndefined();
    expect(await ports.reviews.getTask('rf-1.1')).toMatchObject({ status: 'REASSIGNED' });
    expect(await ports.reviews.getReviewer('reviewer-1')).toMatchObject({ openTasks: 0 });
  });

  it("leaves an earlier try's task to the person deciding on it when a retried hold finds the refund moved on", async () => {
    await holdWait(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW', timeoutSeconds: 60, taskToken: 'token-1' });
    ports.clock.advance(5_000);
    // The reviewer decides with the first token while the hold is retried (its function failed after writing).
    const stored = ports.store.refunds.get('rf-1');
    if (stored) stored.step = 'APPROVE';
    await expect(
      holdWait(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW', timeoutSeconds: 60, taskToken: 'token-2' }),
    ).rejects.toBeInstanceOf(InvalidTransition);
    expect(await ports.reviews.getTask('rf-1.1')).toMatchObject({ status: 'OPEN', reviewerId: 'reviewer-1' });
  });
});

describe("a reviewer's deadline passing, the timeout retried after a failure", () => {
  it("leaves no lapsed task open in the reviewer's queue, whichever write the failure came after", async () => {
    await holdWait(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW', timeoutSeconds: 60, taskToken: 'token-1' });
    ports.clock.advance(61_000);
    // The first try fails at the lapsed task's close (the function timed out there), and Step Functions retries it.
    const close = ports.reviews.close.bind(ports.reviews);
    let failures = 1;
    ports.reviews.close = async (task, status, decision) => {
      if (failures-- > 0) throw Object.assign(new Error('timed out'), { name: 'TimeoutError' });
      return close(task, status, decision);
    };
    await expect(applyTimeout(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW' })).rejects.toThrow('timed out');
    const step = await applyTimeout(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW' });
    expect(step.outcome).toBe('MANUAL_REVIEW');
    expect(await ports.reviews.getTask('rf-1.1')).toMatchObject({ status: 'REASSIGNED' });
    expect(await ports.reviews.getReviewer('reviewer-1')).toMatchObject({ openTasks: 0 });
    expect(ports.store.tokenOf('rf-1')).toBeUndefined();
  });

  it('leaves a task its reviewer decided in time as decided, when the decision beat the timeout to the wait', async () => {
    await holdWait(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW', timeoutSeconds: 60, taskToken: 'token-1' });
    ports.clock.advance(59_000);
    const claim = ports.store.claimWait.bind(ports.store);
    let raced = false;
    ports.store.claimWait = async (refund, waits, change, options) => {
      if (!raced && !options?.reviewTaskId) {
        raced = true;
        // The reviewer's decision, a second before the deadline, takes the wait just before the timeout's claim.
        await decideReview(
          ports,
          { sub: 'reviewer-1', role: 'reviewer' },
          {
            taskId: 'rf-1.1',
            decision: 'APPROVE',
            note: 'the carrier confirms the loss',
          },
        );
      }
      return claim(refund, waits, change, options);
    };
    const step = await applyTimeout(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW' });
    expect(step.outcome).toBe('APPROVE');
    expect(await ports.reviews.getTask('rf-1.1')).toMatchObject({ status: 'DONE' });
  });
});
