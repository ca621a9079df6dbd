/**
 * Notifications through the use cases, with in-memory ports: a timeout decided for a silent merchant reaches both
 * sides, the end of the dispute window reaches the buyer, each notice is kept once in its recipient's message centre
 * (whatever the retries), and the message centre reads in the caller's language and marks read idempotently.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { applyTimeout } from '../../../functions/app/apply-timeout.ts';
import { holdWait } from '../../../functions/app/hold-wait.ts';
import { listNotifications, markNotificationRead } from '../../../functions/app/message-centre.ts';
import { notifyTransition } from '../../../functions/app/notify-transition.ts';
import type { Wait } from '../../../functions/domain/lifecycle.ts';
import type { ReviewStore } from '../../../functions/ports/review-store.ts';
import { aDeliveredRefundWaiting } from '../../support/fakes/given.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const NOW = '2026-11-20T10:00:00.000Z';
const BUYER = { sub: 'u-1', role: 'buyer' as const };
const OTHER_BUYER = { sub: 'u-2', role: 'buyer' as const };
const MERCHANT = { sub: 'm-1-staff', role: 'merchant' as const, merchantId: 'm-1' };
const noReviews = new Proxy({} as ReviewStore, {
  get: () => () => Promise.reject(new Error('no review task expected')),
});

let ports: ReturnType<typeof fakePorts>;
let deps: ReturnType<typeof fakePorts> & { reviews: ReviewStore };

async function waitingIn(refundId: string, wait: Wait) {
  await aDeliveredRefundWaiting(ports, { refundId, wait });
  await holdWait(deps, { refundId, wait, timeoutSeconds: 60, taskToken: `token-${refundId}` });
}

const sentEvents = () => ports.notifier.sent.map((s) => `${s.channel}:${s.message.attributes?.event}`);

beforeEach(() => {
  ports = fakePorts({ now: NOW });
  deps = { ...ports, reviews: noReviews };
});

describe('notices sent by the use cases', () => {
  it('a silent merchant: the buyer hears of the approval, the merchant that the policy decided for it', async () => {
    await waitingIn('rf-1', 'MERCHANT_REVIEW');
    ports.clock.advance(86_400_000);
    await applyTimeout(deps, { refundId: 'rf-1', wait: 'MERCHANT_REVIEW' });

    expect(sentEvents()).toEqual(['buyer:APPROVED', 'merchant:TIMEOUT_DECIDED']);
    const merchant = ports.notifier.sent[1]?.message;
    expect(merchant?.attributes).toMatchObject({ merchantId: 'm-1', refundId: 'rf-1', locale: 'zh-CN' });
    expect(merchant?.text).toContain('平台已按规则处理：同意退款');
    expect(ports.inbox.of('buyer').map((e) => [e.recipientId, e.notice.event, e.channel])).toEqual([
      ['u-1', 'APPROVED', 'PUSH'],
    ]);
    expect(ports.inbox.of('merchant').map((e) => [e.recipientId, e.notice.event, e.channel])).toEqual([
      ['m-1', 'TIMEOUT_DECIDED', 'CONSOLE'],
    ]);
  });

  it('the dispute window ends: the buyer is told the rejection stands', async () => {
    await waitingIn('rf-2', 'AWAIT_DISPUTE');
    ports.clock.advance(7 * 86_400_000);
    await applyTimeout(deps, { refundId: 'rf-2', wait: 'AWAIT_DISPUTE' });
    expect(sentEvents()).toEqual(['buyer:DISPUTE_CLOSED']);
    expect(ports.notifier.sent[0]?.message.attributes?.channel).toBe('SMS');
  });

  it('a retried step keeps its notice once in the message centre', async () => {
    await aDeliveredRefundWaiting(ports, { refundId: 'rf-3', wait: 'MANUAL_REVIEW' });
    const refund = await ports.store.getRefund('rf-3');
    const transition = { from: 'MANUAL_REVIEW', to: 'END', cause: 'ACTION' } as const;
    await notifyTransition(ports, transition, refund);
    await notifyTransition(ports, transition, refund);
    expect(ports.inbox.of('buyer')).toHaveLength(1);
    expect(ports.inbox.of('merchant').map((e) => e.notice)).toEqual([
      expect.objectContaining({ event: 'RULING', facts: expect.objectContaining({ outcome: 'REJECTED' }) }),
    ]);
  });

  it('an inbox that fails does not fail the step, nor stop the push', async () => {
    await waitingIn('rf-4', 'AWAIT_RETURN');
    ports.inbox.keep = () => Promise.reject(new Error('throttled'));
    ports.clock.advance(7 * 86_400_000);
    await applyTimeout(deps, { refundId: 'rf-4', wait: 'AWAIT_RETURN' });
    expect(sentEvents()).toEqual(['buyer:CLOSED_NO_RETURN']);
  });
});

describe('the message centre', () => {
  beforeEach(async () => {
    await aDeliveredRefundWaiting(ports, { refundId: 'rf-1', wait: 'MANUAL_REVIEW' });
    const refund = await ports.store.getRefund('rf-1');
    await notifyTransition(ports, { from: 'MANUAL_REVIEW', to: 'AWAIT_EVIDENCE', cause: 'ACTION' }, refund);
    await notifyTransition(
      ports,
      { from: 'MANUAL_REVIEW', to: 'APPROVE', cause: 'ACTION' },
      refund && { ...refund, updatedAt: '2026-11-20T11:00:00.000Z' },
    );
  });

  it("lists the caller's notices newest first, rendered in the caller's language", async () => {
    const zh = await listNotifications(ports, BUYER, 'zh-CN', { limit: 10 });
    expect(zh.items.map((m) => m.title)).toEqual(['退款申请已通过', '请补充退款凭证']);
    expect(zh.items[0]).toMatchObject({
      refundId: 'rf-1',
      channel: 'PUSH',
      read: false,
      at: '2026-11-20T11:00:00.000Z',
    });
    const en = await listNotifications(ports, BUYER, 'en', { limit: 10 });
    expect(en.items.map((m) => m.title)).toEqual(['Refund approved', 'More evidence needed']);
    expect(en.items.map((m) => m.id)).toEqual(zh.items.map((m) => m.id));

    const merchant = await listNotifications(ports, MERCHANT, 'en', { limit: 10 });
    expect(merchant.items.map((m) => m.body)).toEqual([expect.stringContaining('refund approved')]);
    expect((await listNotifications(ports, OTHER_BUYER, 'zh-CN', { limit: 10 })).items).toEqual([]);
  });

  it('pages with a cursor', async () => {
    const first = await listNotifications(ports, BUYER, 'zh-CN', { limit: 1 });
    expect(first.items).toHaveLength(1);
    const second = await listNotifications(ports, BUYER, 'zh-CN', {
      limit: 1,
      ...(first.cursor ? { cursor: first.cursor } : {}),
    });
    expect(second.items.map((m) => m.title)).toEqual(['请补充退款凭证']);
    expect(second.cursor).toBeUndefined();
  });

  it("marks read idempotently; someone else's notice is 404 and stays unread", async () => {
    const [latest] = (await listNotifications(ports, BUYER, 'zh-CN', { limit: 10 })).items;
    const id = latest?.id ?? '';
    await expect(markNotificationRead(ports, OTHER_BUYER, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(markNotificationRead(ports, MERCHANT, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await markNotificationRead(ports, BUYER, id)).toEqual({ id, read: true });
    expect(await markNotificationRead(ports, BUYER, id)).toEqual({ id, read: true });
    const after = await listNotifications(ports, BUYER, 'zh-CN', { limit: 10 });
    expect(after.items.map((m) => m.read)).toEqual([true, false]);
  });
});
