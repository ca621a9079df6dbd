/**
 * DEADLINE_SOON with in-memory ports: which waiting refunds are due a reminder (two hours or less before the
 * merchant's deadline, not after it), what the policy does at the deadline, and the once-only marker: two runs, or two
 * concurrent runs, send one reminder per refund and deadline; a refund that moved on gets none.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { remindDeadlines } from '../../../functions/app/remind-deadlines.ts';
import {
  dueReminder,
  outcomeAtDeadline,
  REMINDER_LEAD_SECONDS,
} from '../../../functions/domain/notifications/deadline-reminder.ts';
import { merchantNotification } from '../../../functions/domain/notifications/merchant.ts';
import { loadPolicy } from '../../../functions/domain/policy/load.ts';
import type { Refund } from '../../../functions/domain/refund.ts';
import type { MonitoringSource } from '../../../functions/ports/monitoring-source.ts';
import { aRefund } from '../../support/builders.ts';
import { aDeliveredRefundWaiting } from '../../support/fakes/given.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const NOW = '2026-11-20T10:00:00.000Z';
const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

const waiting = (dueInMs: number, overrides: Partial<Refund> = {}) =>
  aRefund({
    status: 'AWAITING_MERCHANT',
    step: 'MERCHANT_REVIEW',
    nextStep: { who: 'MERCHANT', action: 'DECIDE', dueBy: at(dueInMs) },
    ...overrides,
  });

describe('which refunds are due a reminder', () => {
  it('two hours or less before the merchant deadline, never after it', () => {
    expect(REMINDER_LEAD_SECONDS).toBe(7200);
    expect(dueReminder(waiting(2 * HOUR + 1000), NOW)).toBeUndefined();
    expect(dueReminder(waiting(2 * HOUR), NOW)).toEqual({ step: 'MERCHANT_REVIEW', dueBy: at(2 * HOUR) });
    expect(dueReminder(waiting(60_000), NOW)?.dueBy).toBe(at(60_000));
    expect(dueReminder(waiting(0), NOW)).toBeUndefined();
    expect(dueReminder(waiting(-60_000), NOW)).toBeUndefined();
  });

  it("only the merchant's own waits: a decision, or confirming the returned goods", () => {
    const confirm = waiting(HOUR, {
      status: 'RETURN_IN_TRANSIT',
      step: 'RETURN_IN_TRANSIT',
      nextStep: { who: 'MERCHANT', action: 'CONFIRM_RETURN_RECEIVED', dueBy: at(HOUR) },
    });
    expect(dueReminder(confirm, NOW)).toEqual({ step: 'RETURN_IN_TRANSIT', dueBy: at(HOUR) });
    const buyers = waiting(HOUR, {
      status: 'AWAITING_RETURN',
      step: 'AWAIT_RETURN',
      nextStep: { who: 'BUYER', action: 'SHIP_RETURN', dueBy: at(HOUR) },
    });
    expect(dueReminder(buyers, NOW)).toBeUndefined();
    expect(dueReminder(waiting(HOUR, { nextStep: { who: 'MERCHANT', action: 'DECIDE' } }), NOW)).toBeUndefined();
    expect(dueReminder(waiting(HOUR, { step: 'MANUAL_REVIEW' }), NOW)).toBeUndefined();
  });

  it("says what the policy does at the deadline: approve (after the return if required), or the platform's review", () => {
    const prod = loadPolicy('prod');
    expect(outcomeAtDeadline(waiting(HOUR), prod)).toBe('APPROVED');
    const returnFirst = waiting(HOUR, {
      requirements: { returnRequired: true, refundOnWaybill: false, evidenceRequired: [] },
    });
    expect(outcomeAtDeadline(returnFirst, prod)).toBe('RETURN_REQUIRED');
    expect(outcomeAtDeadline(waiting(HOUR), loadPolicy('staging'))).toBe('REVIEW');
  });

  it('tells the merchant which refund, the amount, the deadline in Beijing time and what happens then', () => {
    const refund = waiting(HOUR, { refundId: 'r-9', orderId: 'o-9', amount: 12_900 });
    const zh = merchantNotification('DEADLINE_SOON', refund, 'zh-CN', { outcome: 'APPROVED' });
    expect(zh.subject).toBe('退款处理即将超时');
    expect(zh.text).toContain('r-9');
    expect(zh.text).toContain('¥129.00');
    expect(zh.text).toContain('2026-11-20 19:00（北京时间）');
    expect(zh.text).toContain('同意退款');
    const en = merchantNotification('DEADLINE_SOON', refund, 'en', { outcome: 'REVIEW' });
    expect(en.text).toContain('2026-11-20 19:00 (China time)');
    expect(en.text).toContain("sent to the platform's review");
  });
});

describe('remindDeadlines', () => {
  let ports: ReturnType<typeof fakePorts>;
  /** The source as the adapter reads it: the refunds in the merchant's statuses (the marker is the store's). */
  const source = (): MonitoringSource => ({
    load: () => Promise.reject(new Error('not used')),
    merchantDeadlines: async () => {
      const all = await Promise.all([...ports.store.refunds.keys()].map((id) => ports.store.getRefund(id)));
      return all.filter((r): r is Refund => r?.status === 'AWAITING_MERCHANT' || r?.status === 'RETURN_IN_TRANSIT');
    },
  });
  const deps = () => ({ ...ports, monitoring: source() });
  const reminders = () => ports.notifier.sent.filter((s) => s.message.attributes?.event === 'DEADLINE_SOON');

  beforeEach(() => {
    ports = fakePorts({ now: NOW });
  });

  it('says nothing while the deadline is more than two hours away, then once, however many runs follow', async () => {
    const refund = await aDeliveredRefundWaiting(ports, { refundId: 'rf-1' });
    const dueBy = refund.nextStep?.dueBy as string;
    ports.clock.advance(Date.parse(dueBy) - Date.parse(NOW) - 2 * HOUR - 60_000);
    expect(await remindDeadlines(deps())).toMatchObject({ reminded: 0 });

    ports.clock.advance(2 * 60_000);
    expect(await remindDeadlines(deps())).toMatchObject({ reminded: 1 });
    ports.clock.advance(5 * 60_000);
    expect(await remindDeadlines(deps())).toMatchObject({ reminded: 0, skipped: 1 });

    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]?.message.attributes).toMatchObject({ merchantId: 'm-1', refundId: 'rf-1' });
    expect(ports.inbox.of('merchant').map((e) => [e.recipientId, e.notice.event, e.notice.facts.dueBy])).toEqual([
      ['m-1', 'DEADLINE_SOON', dueBy],
    ]);
    expect(ports.store.reminded.get('rf-1')).toBe(dueBy);
  });

  it('two concurrent runs send one reminder', async () => {
    const refund = await aDeliveredRefundWaiting(ports, { refundId: 'rf-2' });
    ports.clock.advance(Date.parse(refund.nextStep?.dueBy as string) - Date.parse(NOW) - HOUR);
    const [a, b] = await Promise.all([remindDeadlines(deps()), remindDeadlines(deps())]);
    expect(a.reminded + b.reminded).toBe(1);
    expect(reminders()).toHaveLength(1);
  });

  it('a refund that moved on after it was read is not reminded', async () => {
    const refund = await aDeliveredRefundWaiting(ports, { refundId: 'rf-3' });
    ports.clock.advance(Date.parse(refund.nextStep?.dueBy as string) - Date.parse(NOW) - HOUR);
    const stale = await source().merchantDeadlines(NOW, 0);
    await ports.store.updateRefund('rf-3', { status: 'APPROVED', step: 'APPROVE', nextStep: null });
    const summary = await remindDeadlines({
      ...deps(),
      monitoring: { ...source(), merchantDeadlines: async () => stale },
    });
    expect(summary).toMatchObject({ candidates: 1, reminded: 0, skipped: 1 });
    expect(reminders()).toHaveLength(0);
  });
});
