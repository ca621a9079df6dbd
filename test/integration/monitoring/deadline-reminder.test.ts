/**
 * A merchant hears of its deadline two hours before it lapses, once: refunds waiting for their merchant, written into
 * DynamoDB Local as the lifecycle leaves them, and the monitor run on demand (POST /local/monitor/run) with the test's
 * clock. The reminder lands in the merchant's message centre (GET /v1/notifications) and on the merchant topic (the
 * outbox), once per refund and deadline however many runs follow; a deadline further away waits for its turn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Refund } from '../../../functions/domain/refund.ts';
import { aRefund, ownIds } from '../../support/builders.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { MonitoringSteps, TestClock } from './steps.ts';

let client: Client;
let steps: MonitoringSteps;
const clock = new TestClock(Date.parse('2026-11-26T04:00:00.000Z'));
const MERCHANT = 'm-remind';

beforeAll(async () => {
  client = await startTestRuntime({ clock, monitorEverySeconds: 0 });
  steps = new MonitoringSteps(client, clock);
});
afterAll(() => client.runtime.stop());

/** A refund waiting for the merchant's decision, due `dueInSeconds` from now. */
function waitingForMerchant(id: string, dueInSeconds: number): Refund {
  return aRefund({
    ...ownIds(id),
    merchantId: MERCHANT,
    status: 'AWAITING_MERCHANT',
    step: 'MERCHANT_REVIEW',
    createdAt: clock.iso(-20 * 3600),
    updatedAt: clock.iso(-20 * 3600),
    nextStep: { who: 'MERCHANT', action: 'DECIDE', dueBy: clock.iso(dueInSeconds) },
  });
}

async function merchantInbox(language = 'en') {
  const token = await client.token('merchant', `${MERCHANT}-staff`, MERCHANT);
  const response = await client.call('GET', '/v1/notifications', { token, headers: { 'accept-language': language } });
  expect(response.status).toBe(200);
  return response.body.items as { refundId?: string; title: string; body: string; channel: string }[];
}

const reminders = <T extends { title: string }>(items: T[]) => items.filter((i) => i.title === 'Refund deadline soon');
const topicReminders = () =>
  client.runtime.outbox.entries.filter((e) => e.channel === 'merchant' && e.subject === '退款处理即将超时');

describe('a merchant deadline about to lapse', () => {
  it('is told once, after two monitor runs, with the refund, amount, Beijing-time deadline and what happens then', async () => {
    await steps.givenRefund(waitingForMerchant('remind-soon', 90 * 60));
    await steps.givenRefund(waitingForMerchant('remind-later', 3 * 3600));

    await steps.runMonitor();
    clock.advance(5 * 60);
    await steps.runMonitor();

    const told = reminders(await merchantInbox());
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ refundId: 'remind-soon', channel: 'CONSOLE' });
    // Due 05:30 UTC = 13:30 in Beijing; the prod-like default policy approves for the buyer at the deadline.
    expect(told[0]?.body).toContain('remind-soon');
    expect(told[0]?.body).toContain('129.00');
    expect(told[0]?.body).toContain('2026-11-26 13:30 (China time)');
    expect(told[0]?.body).toMatch(/the platform's rules decide: .+\./);
    const zh = (await merchantInbox('zh-CN')).filter((i) => i.title === '退款处理即将超时');
    expect(zh).toHaveLength(1);
    expect(zh[0]?.body).toContain('2026-11-26 13:30（北京时间）');
    expect(topicReminders()).toHaveLength(1);
  });

  it('the later deadline is told when its turn comes, and neither again', async () => {
    clock.advance(60 * 60);
    await steps.runMonitor();
    clock.advance(5 * 60);
    await steps.runMonitor();

    const told = reminders(await merchantInbox());
    expect(told.map((t) => t.refundId).sort()).toEqual(['remind-later', 'remind-soon']);
    expect(topicReminders()).toHaveLength(2);
  });
});
