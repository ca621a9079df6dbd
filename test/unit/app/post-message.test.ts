/**
 * The negotiation thread's use cases with in-memory fakes: who may post and read, what a message may say and
 * reference, when the thread is closed, and that a retried post (same Idempotency-Key) is never posted twice.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { listMessages } from '../../../functions/app/list-messages.ts';
import { postMessage } from '../../../functions/app/post-message.ts';
import type { Refund } from '../../../functions/domain/refund.ts';
import { MAX_MESSAGES_PER_REFUND, timelineWithMessages } from '../../../functions/domain/thread.ts';
import type { ReviewStore, ReviewTask } from '../../../functions/ports/review-store.ts';
import { aRefund } from '../../support/builders.ts';
import { fakePorts, InMemoryThreadStore } from '../../support/fakes/index.ts';

const BUYER = { sub: 'buyer-1', role: 'buyer' as const };
const MERCHANT = { sub: 'm-staff', role: 'merchant' as const, merchantId: 'merchant-1' };
const REVIEWER = { sub: 'rev-1', role: 'reviewer' as const };
const NOW = '2026-11-26T12:00:00.000Z';

function reviewsWith(tasks: ReviewTask[]): ReviewStore {
  const none = async () => {
    throw new Error('not used');
  };
  return {
    setAvailability: none,
    getReviewer: none,
    assign: none,
    close: none,
    takeUnassigned: none,
    openTasks: async () => [],
    getTask: async (taskId) => tasks.find((t) => t.taskId === taskId),
  };
}

const task: ReviewTask = {
  taskId: 'r-1.1',
  refundId: 'r-1',
  reviewerId: 'rev-1',
  kind: 'REVIEW',
  status: 'OPEN',
  createdAt: NOW,
  dueBy: NOW,
};

let ports: ReturnType<typeof fakePorts>;
let deps: ReturnType<typeof fakePorts> & { thread: InMemoryThreadStore; reviews: ReviewStore };

function given(overrides: Partial<Refund> = {}) {
  ports.store.refunds.set(
    'r-1',
    aRefund({
      status: 'AWAITING_MERCHANT',
      review: { taskId: 'r-1.1', reviewerId: 'rev-1' },
      evidence: [{ evidenceId: 'ev-1', kind: 'PHOTO', contentType: 'image/jpeg' }],
      ...overrides,
    }),
  );
}

beforeEach(() => {
  ports = fakePorts({ now: NOW });
  deps = { ...ports, thread: new InMemoryThreadStore(ports.store), reviews: reviewsWith([task]) };
  given();
});

const post = (actor: Parameters<typeof postMessage>[1], key: string, text = 'hello', evidenceIds?: string[]) =>
  postMessage(deps, actor, { refundId: 'r-1', idempotencyKey: key, text, ...(evidenceIds ? { evidenceIds } : {}) });

describe('posting', () => {
  it('the buyer posts: stored, one timeline entry, the merchant is told (not the buyer)', async () => {
    const { message, fresh } = await post(BUYER, 'k1', 'where is my refund?', ['ev-1']);
    expect(fresh).toBe(true);
    expect(message).toMatchObject({ author: { role: 'buyer', id: 'buyer-1' }, text: 'where is my refund?', at: NOW });
    expect(message.evidenceIds).toEqual(['ev-1']);
    const refund = (await ports.store.getRefund('r-1')) as Refund;
    expect(refund.status).toBe('AWAITING_MERCHANT');
    expect(refund.thread).toEqual([{ messageId: message.messageId, at: NOW, role: 'buyer', actorId: 'buyer-1' }]);
    expect(timelineWithMessages(refund).at(-1)).toMatchObject({
      kind: 'MESSAGE',
      messageId: message.messageId,
      actor: 'BUYER',
      status: 'AWAITING_MERCHANT',
    });
    expect(ports.notifier.sent).toHaveLength(1);
    expect(ports.notifier.sent[0]).toMatchObject({
      channel: 'merchant',
      message: { attributes: { event: 'NEW_MESSAGE', merchantId: 'merchant-1', refundId: 'r-1' } },
    });
  });

  it('the merchant posts as its merchant id; the buyer is told', async () => {
    const { message } = await post(MERCHANT, 'k1');
    expect(message.author).toEqual({ role: 'merchant', id: 'merchant-1' });
    expect(ports.notifier.sent.map((s) => s.channel)).toEqual(['buyer']);
    expect(ports.notifier.sent[0]?.message.text).toContain('商家');
  });

  it('the assigned reviewer posts; both buyer and merchant are told', async () => {
    await post(REVIEWER, 'k1');
    expect(ports.notifier.sent.map((s) => s.channel).sort()).toEqual(['buyer', 'merchant']);
  });

  it('anyone else gets 404: another buyer, another merchant, an unassigned reviewer, finance', async () => {
    for (const actor of [
      { sub: 'buyer-2', role: 'buyer' as const },
      { sub: 'x', role: 'merchant' as const, merchantId: 'merchant-2' },
      { sub: 'rev-2', role: 'reviewer' as const },
      { sub: 'f', role: 'finance' as const },
    ]) {
      await expect(post(actor, 'k1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(listMessages(deps, actor, 'r-1', { limit: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(ports.store.refunds.get('r-1')?.thread).toBeUndefined();
  });

  it('a reviewer or inspector whose task is decided is out of the thread (404), as out of the evidence', async () => {
    given({ inspection: { taskId: 'r-1.i1', inspectorId: 'insp-1' } as Refund['inspection'] });
    const INSPECTOR = { sub: 'insp-1', role: 'inspector' as const };
    const inspectionTask: ReviewTask = { ...task, taskId: 'r-1.i1', reviewerId: 'insp-1', kind: 'INSPECTION' };
    const staff = (status: ReviewTask['status']) => ({
      ...deps,
      reviews: reviewsWith([{ ...task, status }]),
      inspections: reviewsWith([{ ...inspectionTask, status }]),
    });
    const postAs = (status: ReviewTask['status'], actor: typeof REVIEWER | typeof INSPECTOR, key: string) =>
      postMessage(staff(status), actor, { refundId: 'r-1', idempotencyKey: key, text: 'hello' });
    for (const status of ['DONE', 'REASSIGNED'] as const) {
      for (const actor of [REVIEWER, INSPECTOR]) {
        await expect(postAs(status, actor, `late-${status}`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(listMessages(staff(status), actor, 'r-1', { limit: 10 })).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      }
    }
    expect(ports.store.refunds.get('r-1')?.thread).toBeUndefined();
    expect(ports.notifier.sent).toHaveLength(0);
    // While their task is open, both take part.
    await postAs('OPEN', REVIEWER, 'open-r');
    await postAs('OPEN', INSPECTOR, 'open-i');
    expect(ports.store.refunds.get('r-1')?.thread).toHaveLength(2);
  });

  it('refuses evidence that is not this refund’s (422) and writes nothing', async () => {
    await expect(post(BUYER, 'k1', 'see', ['ev-1', 'ev-9'])).rejects.toMatchObject({
      code: 'UNKNOWN_EVIDENCE',
      details: { evidenceIds: ['ev-9'] },
    });
    expect(deps.thread.messages.size).toBe(0);
  });

  it('closes the thread on a final refund (409 THREAD_CLOSED), but not in the dispute window', async () => {
    for (const status of ['REFUNDED', 'CANCELLED'] as const) {
      given({ status });
      await expect(post(BUYER, `k-${status}`)).rejects.toMatchObject({ code: 'THREAD_CLOSED' });
    }
    given({ status: 'REJECTED', step: 'END' });
    await expect(post(BUYER, 'k-final')).rejects.toMatchObject({ code: 'THREAD_CLOSED' });
    given({ status: 'REJECTED', step: 'AWAIT_DISPUTE' });
    expect((await post(BUYER, 'k-dispute')).fresh).toBe(true);
    given({ status: 'PAYOUT_FAILED' });
    expect((await post(BUYER, 'k-failed')).fresh).toBe(true);
  });

  it('refuses a message beyond the thread’s bound (409 THREAD_FULL)', async () => {
    const full = Array.from({ length: MAX_MESSAGES_PER_REFUND }, (_, i) => ({
      messageId: `m${i}`,
      at: NOW,
      role: 'buyer' as const,
      actorId: 'buyer-1',
    }));
    given({ thread: full });
    await expect(post(BUYER, 'k1')).rejects.toMatchObject({ code: 'THREAD_FULL' });
  });
});

describe('idempotency', () => {
  it('a retry with the same key and body answers the first message: one message, one notification', async () => {
    const first = await post(BUYER, 'same', 'hello');
    ports.clock.advance(5_000);
    const again = await post(BUYER, 'same', 'hello');
    expect(again).toEqual({ message: first.message, fresh: false });
    expect(ports.store.refunds.get('r-1')?.thread).toHaveLength(1);
    expect(ports.notifier.sent).toHaveLength(1);
  });

  it('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED', async () => {
    await post(BUYER, 'same', 'hello');
    await expect(post(BUYER, 'same', 'other')).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('a retry of a message posted before the refund became final still answers it', async () => {
    const first = await post(BUYER, 'same', 'hello');
    const stored = ports.store.refunds.get('r-1');
    if (stored) stored.status = 'REFUNDED';
    expect((await post(BUYER, 'same', 'hello')).message).toEqual(first.message);
  });

  it('the same key from two people is two messages', async () => {
    await post(BUYER, 'same');
    await post(MERCHANT, 'same');
    expect(ports.store.refunds.get('r-1')?.thread).toHaveLength(2);
  });

  it('twins racing: the loser of the store’s condition finds its twin and answers it', async () => {
    const [a, b] = await Promise.all([post(BUYER, 'race', 'x'), post(BUYER, 'race', 'x')]);
    expect(a.message).toEqual(b.message);
    expect([a.fresh, b.fresh].sort()).toEqual([false, true]);
    expect(ports.store.refunds.get('r-1')?.thread).toHaveLength(1);
  });

  it('a retry that lost the race reads the refund as last written, even while a replica still lags', async () => {
    const before = structuredClone(await ports.store.getRefund('r-1'));
    const first = await post(BUYER, 'lag', 'x');
    // A replica a moment behind answers every eventually consistent read without the message just posted.
    const getRefund = ports.store.getRefund.bind(ports.store);
    ports.store.getRefund = async (id, options) =>
      options?.consistent ? getRefund(id, options) : structuredClone(before);
    const again = await post(BUYER, 'lag', 'x');
    expect(again).toEqual({ message: first.message, fresh: false });
    const other = await post(BUYER, 'other', 'y');
    expect(other.fresh).toBe(true);
    expect(ports.store.refunds.get('r-1')?.thread).toHaveLength(2);
  });
});

describe('reading', () => {
  it('pages the thread oldest first', async () => {
    for (const [i, actor] of [BUYER, MERCHANT, REVIEWER].entries()) {
      await post(actor, `k${i}`, `message ${i}`);
      ports.clock.advance(1_000);
    }
    const first = await listMessages(deps, BUYER, 'r-1', { limit: 2 });
    expect(first.items.map((m) => m.text)).toEqual(['message 0', 'message 1']);
    const rest = await listMessages(deps, MERCHANT, 'r-1', {
      limit: 2,
      ...(first.cursor ? { cursor: first.cursor } : {}),
    });
    expect(rest.items.map((m) => m.text)).toEqual(['message 2']);
    expect(rest.cursor).toBeUndefined();
    expect(first.items[0]).not.toHaveProperty('requestHash');
  });
});
