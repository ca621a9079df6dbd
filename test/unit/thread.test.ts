/**
 * The thread's pure rules (functions/domain/thread.ts) and the merchant's notification texts: which refunds take
 * messages, where messages fall in the timeline, and that every merchant text exists in both languages.
 */
import { describe, expect, it } from 'vitest';
import { MERCHANT_EVENTS, merchantNotification } from '../../functions/domain/notifications/merchant.ts';
import { LOCALES } from '../../functions/domain/status-labels.ts';
import { messageLabel, threadOpen, timelineWithMessages } from '../../functions/domain/thread.ts';
import { STATUSES } from '../../functions/domain/vocabulary.ts';
import { aRefund } from '../support/builders.ts';

describe('threadOpen', () => {
  it('closes on REFUNDED, CANCELLED and a final REJECTED; stays open in every other status', () => {
    const closed = STATUSES.filter((status) => !threadOpen({ status, step: 'END' }));
    expect(closed.sort()).toEqual(['CANCELLED', 'REFUNDED', 'REJECTED']);
    expect(threadOpen({ status: 'REJECTED', step: 'AWAIT_DISPUTE' })).toBe(true);
  });
});

describe('timelineWithMessages', () => {
  it('puts each message at its time, in the status the refund was in then, after a status event of the same time', () => {
    const refund = aRefund({
      status: 'REJECTED',
      timeline: [
        { at: '2026-11-26T10:00:00.000Z', status: 'SUBMITTED', actor: 'BUYER' },
        { at: '2026-11-26T11:00:00.000Z', status: 'AWAITING_MERCHANT', actor: 'SYSTEM' },
        { at: '2026-11-26T13:00:00.000Z', status: 'REJECTED', actor: 'MERCHANT' },
      ],
      thread: [
        { messageId: 'm1', at: '2026-11-26T11:00:00.000Z', role: 'buyer', actorId: 'b' },
        { messageId: 'm2', at: '2026-11-26T12:00:00.000Z', role: 'merchant', actorId: 'm' },
        { messageId: 'm3', at: '2026-11-26T14:00:00.000Z', role: 'reviewer', actorId: 'r' },
      ],
    });
    expect(timelineWithMessages(refund).map((e) => [e.kind ?? 'STATUS', e.status, e.actor, e.messageId])).toEqual([
      ['STATUS', 'SUBMITTED', 'BUYER', undefined],
      ['STATUS', 'AWAITING_MERCHANT', 'SYSTEM', undefined],
      ['MESSAGE', 'AWAITING_MERCHANT', 'BUYER', 'm1'],
      ['MESSAGE', 'AWAITING_MERCHANT', 'MERCHANT', 'm2'],
      ['STATUS', 'REJECTED', 'MERCHANT', undefined],
      ['MESSAGE', 'REJECTED', 'REVIEWER', 'm3'],
    ]);
    // The stored timeline is untouched: readers of status events never see messages.
    expect(refund.timeline).toHaveLength(3);
  });

  it('labels messages by who wrote them', () => {
    expect(messageLabel('MERCHANT', 'zh-CN')).toBe('商家留言');
    expect(messageLabel('BUYER', 'en')).toBe('Message from the buyer');
  });
});

describe('merchant notifications', () => {
  it('exist for every event in every locale, with the refund, the order and the amount', () => {
    const refund = aRefund({ refundId: 'rf-9', orderId: 'o-9', amount: 1999 });
    for (const locale of LOCALES) {
      for (const event of MERCHANT_EVENTS) {
        for (const sender of ['BUYER', 'REVIEWER'] as const) {
          const n = merchantNotification(event, refund, locale, { sender });
          expect(n.subject.length).toBeGreaterThan(0);
          expect(n.text).toContain('rf-9');
          expect(n.text).toContain('o-9');
          expect(n.text).toContain('¥19.99');
          expect(n.attributes).toEqual({ locale, event });
        }
      }
    }
  });
});
