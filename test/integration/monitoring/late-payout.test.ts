/**
 * A payout that misses its promise: finance hears about it once, not on every run, is reminded while nobody owns
 * it, operations hears when nobody does, and the alert resolves by itself when the money arrives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { MonitoringSteps, TestClock } from './steps.ts';

let client: Client;
let steps: MonitoringSteps;
const clock = new TestClock(Date.parse('2026-11-26T04:00:00.000Z'));

beforeAll(async () => {
  client = await startTestRuntime({ clock, monitorEverySeconds: 0 });
  steps = new MonitoringSteps(client, clock);
});
afterAll(() => client.runtime.stop());

describe('a payout whose money has not arrived by its promised time', () => {
  it('raises exactly one LATE_PAYOUT alert with a readable e-mail', async () => {
    await steps.givenSentPayout('late-1', clock.iso(-2 * 3600));
    await steps.givenSentPayout('on-time-1', clock.iso(24 * 3600));
    const summary = await steps.runMonitor();
    expect(summary).toMatchObject({ outstandingPayouts: 2, opened: 1, notified: 1, openAlerts: 1 });

    const messages = steps.financeMessages();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.subject).toBe('[Refund alert] Late payout: refund late-1, CNY 129.00');
    expect(messages[0]?.text).toContain('What happened: Payout via ALIPAY');
    expect(messages[0]?.text).toContain('has not settled');
    expect(messages[0]?.text).toContain('What to do:');

    const open = await steps.alerts('OPEN');
    expect(open).toEqual([
      expect.objectContaining({
        alertId: 'LATE_PAYOUT#late-1',
        kind: 'LATE_PAYOUT',
        refundId: 'late-1',
        amount: 12900,
        detectedAt: clock.iso(),
        status: 'OPEN',
      }),
    ]);
  });

  it('is not sent again by later runs within the reminder interval (4 h)', async () => {
    clock.advance(5 * 60);
    await steps.runMonitor();
    clock.advance(3 * 3600);
    const summary = await steps.runMonitor();
    expect(summary).toMatchObject({ opened: 0, renotified: 0, notified: 0, openAlerts: 1 });
    expect(steps.financeMessages()).toHaveLength(1);
  });

  it('resolves itself (AUTO_RESOLVED by the monitor), without another e-mail, when the money arrives', async () => {
    await steps.whenSettled('late-1');
    const summary = await steps.runMonitor();
    expect(summary).toMatchObject({ closed: 1, notified: 0, openAlerts: 0, outstandingPayouts: 1 });
    expect(steps.financeMessages()).toHaveLength(1);
    expect(await steps.alerts('OPEN')).toEqual([]);
    const [resolved] = await steps.alerts('RESOLVED');
    expect(resolved).toMatchObject({ alertId: 'LATE_PAYOUT#late-1', status: 'RESOLVED', resolvedAt: clock.iso() });
    expect(resolved?.history.map((h) => [h.action, h.by])).toEqual([
      ['OPENED', 'monitor'],
      ['AUTO_RESOLVED', 'monitor'],
    ]);
  });
});

describe('a payout that stays late and nobody acknowledges the alert', () => {
  it('reminds finance every 4 h, then escalates to operations once', async () => {
    await steps.givenSentPayout('late-2', clock.iso(-60));
    await steps.runMonitor();
    for (const _ of [1, 2, 3, 4]) {
      clock.advance(4 * 3600);
      await steps.runMonitor();
    }
    const mine = steps.financeMessages().filter((m) => m.subject.includes('late-2'));
    expect(mine.map((m) => m.subject)).toEqual([
      '[Refund alert] Late payout: refund late-2, CNY 129.00',
      '[Refund alert, reminder 1] Late payout: refund late-2, CNY 129.00',
      '[Refund alert, reminder 2] Late payout: refund late-2, CNY 129.00',
      '[Refund alert, reminder 3] Late payout: refund late-2, CNY 129.00',
    ]);
    const escalated = steps.operationsMessages().filter((m) => m.attributes?.alertId === 'LATE_PAYOUT#late-2');
    expect(escalated.map((m) => m.subject)).toEqual([
      '[Refund alert, ESCALATED] Late payout: refund late-2 unacknowledged',
    ]);
    const [alert] = (await steps.alerts('OPEN')).filter((a) => a.alertId === 'LATE_PAYOUT#late-2');
    expect(alert?.history.map((h) => h.action)).toEqual([
      'OPENED',
      'RENOTIFIED',
      'RENOTIFIED',
      'ESCALATED',
      'RENOTIFIED',
    ]);
  });
});
