/**
 * A reviewer's decision claims the wait only while their task is the refund's: once the review deadline handed the
 * round to someone else, a late decision claims nothing, not even the next round's token. A cancellation closes the
 * task the refund holds when it is cancelled.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { cancelRefund, WITHDRAWN } from '../../../functions/app/cancel-refund.ts';
import { decideReview } from '../../../functions/app/decide-review.ts';
import { holdWait } from '../../../functions/app/hold-wait.ts';
import { setAvailability } from '../../../functions/app/set-availability.ts';
import { UNASSIGNED } from '../../../functions/ports/review-store.ts';
import { aDeliveredRefundWaiting } from '../../support/fakes/given.ts';
import { fakePorts } from '../../support/fakes/index.ts';

let ports: ReturnType<typeof fakePorts>;
const NOW = '2026-11-20T10:00:00.000Z';
const ANNA = { sub: 'reviewer-anna', role: 'reviewer' as const };
const BEN = { sub: 'reviewer-ben', role: 'reviewer' as const };

beforeEach(async () => {
  ports = fakePorts({ now: NOW });
  await ports.reviews.setAvailability(ANNA.sub, true, NOW);
  await aDeliveredRefundWaiting(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW' });
  await holdWait(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW', timeoutSeconds: 60, taskToken: 'token-1' });
});

describe("a reviewer's decision", () => {
  it('claims the wait of their own round', async () => {
    const decided = await decideReview(ports, ANNA, { taskId: 'rf-1.1', decision: 'APPROVE', note: 'photos match' });
    expect(decided).toMatchObject({ refundId: 'rf-1', decision: 'APPROVE' });
    expect(ports.workflow.calls).toContainEqual(expect.objectContaining({ kind: 'resume', taskToken: 'token-1' }));
  });

  it('is refused (409) when the deadline gave the round to someone else meanwhile, and leaves their token alone', async () => {
    // Between Anna reading the refund and claiming its wait, the review deadline reassigns the round: task rf-1.2 is
    // the refund's now, with the next execution's token.
    const claimWait = ports.store.claimWait.bind(ports.store);
    ports.store.claimWait = async (refund, waits, change, options) => {
      const stored = ports.store.refunds.get('rf-1');
      if (stored) Object.assign(stored, { taskToken: 'token-2', review: { ...stored.review, taskId: 'rf-1.2' } });
      return claimWait(refund, waits, change, options);
    };
    await expect(
      decideReview(ports, ANNA, { taskId: 'rf-1.1', decision: 'APPROVE', note: 'late' }),
    ).rejects.toMatchObject({ code: 'NOT_WAITING' });
    expect(ports.store.refunds.get('rf-1')).toMatchObject({ status: 'MANUAL_REVIEW', taskToken: 'token-2' });
    expect(ports.workflow.calls.filter((c) => c.kind === 'resume')).toEqual([]);
  });
});

describe('a refund cancelled while its review wait is being held', () => {
  it("closes the round's task the hold assigned meanwhile, not only the one read before", async () => {
    await aDeliveredRefundWaiting(ports, { refundId: 'rf-2', wait: 'MANUAL_REVIEW' });
    // The cancel reads the refund before its wait holds a token; the hold (task rf-2.1 and its token) lands while the
    // cancel waits for the token.
    const claimWait = ports.store.claimWait.bind(ports.store);
    ports.store.claimWait = async (refund, waits, change, options) => {
      if (refund.refundId === 'rf-2' && !ports.store.refunds.get('rf-2')?.taskToken) {
        await holdWait(ports, { refundId: 'rf-2', wait: 'MANUAL_REVIEW', timeoutSeconds: 60, taskToken: 'token-r2' });
      }
      return claimWait(refund, waits, change, options);
    };
    const cancelled = await cancelRefund(ports, { sub: 'u-1', role: 'buyer' }, 'rf-2');
    expect(cancelled.status).toBe('CANCELLED');
    expect(await ports.reviews.getTask('rf-2.1')).toMatchObject({
      status: 'DONE',
      decision: { decision: WITHDRAWN.decision },
    });
    expect(await ports.reviews.getReviewer(ANNA.sub)).toMatchObject({ openTasks: 1 });
  });
});

describe('a review taken by the first reviewer to join, who lets it lapse', () => {
  it('is reassigned to someone else, not back to them: the task says who held it, the refund names nobody', async () => {
    const own = fakePorts({ now: NOW });
    await aDeliveredRefundWaiting(own, { refundId: 'rf-3', wait: 'MANUAL_REVIEW' });
    await holdWait(own, { refundId: 'rf-3', wait: 'MANUAL_REVIEW', timeoutSeconds: 60, taskToken: 'token-a' });
    expect(await own.reviews.getTask('rf-3.1')).toMatchObject({ reviewerId: UNASSIGNED });
    await setAvailability(own, ANNA, true);
    await setAvailability(own, BEN, true);
    expect(await own.reviews.getTask('rf-3.1')).toMatchObject({ reviewerId: ANNA.sub });

    // Her deadline passes: the task is closed as reassigned and the refund's timeline says so.
    const lapsed = await own.reviews.getTask('rf-3.1');
    if (lapsed) await own.reviews.close(lapsed, 'REASSIGNED');
    const stored = own.store.refunds.get('rf-3');
    if (!stored) throw new Error('no refund');
    stored.timeline.push({ at: NOW, status: 'MANUAL_REVIEW', actor: 'SYSTEM', detailCode: 'REVIEW_REASSIGNED' });
    delete stored.taskToken;
    await holdWait(own, { refundId: 'rf-3', wait: 'MANUAL_REVIEW', timeoutSeconds: 60, taskToken: 'token-b' });
    // Both hold nothing now; the tie would go to Anna, but she let it lapse.
    expect(await own.reviews.getTask('rf-3.2')).toMatchObject({ reviewerId: BEN.sub });
  });
});
