/**
 * Every kind of money problem raises its own alert from records as the pipeline writes them, and the alert store
 * lets only one of two concurrent runs notify.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { refundKey } from '../../../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { anOrderBody, aPayout, aRefund, ownIds } from '../../support/builders.ts';
import { type Client, eventually, startTestRuntime } from '../../support/local.ts';
import { MonitoringSteps, TestClock } from './steps.ts';

let client: Client;
let steps: MonitoringSteps;
const clock = new TestClock(Date.parse('2026-11-26T04:00:00.000Z'));
const HOUR = 3600;

beforeAll(async () => {
  client = await startTestRuntime({ clock, monitorEverySeconds: 0 });
  steps = new MonitoringSteps(client, clock);
});
afterAll(() => client.runtime.stop());

async function alertFor(alertId: string) {
  await steps.runMonitor();
  const open = await steps.alerts('OPEN');
  const alert = open.find((a) => a.alertId === alertId);
  const mails = steps.financeMessages().filter((m) => m.attributes?.alertId === alertId);
  return { alert, mails };
}

describe('each kind of problem', () => {
  it('AMOUNT_MISMATCH: the provider settled less than approved today', async () => {
    const refund = aRefund({
      ...ownIds('short-1'),
      status: 'REFUNDED',
      amount: 12900,
      createdAt: clock.iso(-5 * HOUR),
      payout: aPayout({
        method: 'ALIPAY',
        amount: 12900,
        promisedBy: clock.iso(HOUR),
        sentAt: clock.iso(-5 * HOUR),
        settledAt: clock.iso(-HOUR),
        settledAmount: 12000,
        providerRef: 'p-short-1',
      }),
    });
    await steps.givenRefund(refund);
    await steps.givenLedger('short-1', 'SETTLED', 12000, 'p-short-1', clock.iso(-HOUR));
    const { alert, mails } = await alertFor('AMOUNT_MISMATCH#short-1');
    expect(alert?.detail).toContain('difference CNY -9.00');
    expect(mails).toHaveLength(1);
  });

  it('DUPLICATE_PAYOUT: two SENT movements for one outstanding payout', async () => {
    await steps.givenSentPayout('twice-1', clock.iso(24 * HOUR));
    await steps.givenLedger('twice-1', 'SENT', 12900, 'p-twice-1b', clock.iso(-HOUR));
    const { alert, mails } = await alertFor('DUPLICATE_PAYOUT#twice-1');
    expect(alert?.detail).toContain('2 SENT');
    expect(mails[0]?.subject).toContain('Possible duplicate payout');
  });

  it('PAYOUT_FAILED: the payout gave up after its retries', async () => {
    await steps.givenRefund(
      aRefund({
        ...ownIds('failed-1'),
        status: 'PAYOUT_FAILED',
        createdAt: clock.iso(-10 * 60),
        payout: aPayout({
          method: 'BANK_CARD',
          promisedBy: clock.iso(3 * 24 * HOUR),
          failedAt: clock.iso(-10 * 60),
          failureReason: 'account closed',
        }),
      }),
    );
    const { alert } = await alertFor('PAYOUT_FAILED#failed-1');
    expect(alert?.detail).toContain('account closed');
  });

  it('OVER_REFUND: an order whose refunds exceed what was paid', async () => {
    await steps.givenSentPayout('over-1', clock.iso(24 * HOUR));
    await steps.givenOrder('order-over-1', 10000, 12900);
    const { alert } = await alertFor('OVER_REFUND#order-over-1');
    expect(alert?.detail).toContain('Order paid CNY 100.00');
  });

  it('STUCK_REFUND: a merchant step untouched past its deadline', async () => {
    const waiting = (id: string, hours: number) =>
      aRefund({ ...ownIds(id), status: 'AWAITING_MERCHANT', createdAt: clock.iso(-hours * HOUR) });
    await steps.givenRefund(waiting('stuck-1', 30));
    await steps.givenRefund(waiting('waiting-1', 2));
    await steps.runMonitor();
    const ids = (await steps.alerts('OPEN')).map((a) => a.alertId);
    expect(ids).toContain('STUCK_REFUND#stuck-1#AWAITING_MERCHANT');
    expect(ids.filter((id) => id.includes('waiting-1'))).toEqual([]);
  });

  it('RATE_SPIKE: a new buyer applying for five refunds in a day (the buyer minimum), through the API', async () => {
    const system = await client.token('system', 'order-system');
    const buyer = await client.token('buyer', 'spiky-buyer');
    for (const n of [1, 2, 3, 4, 5]) {
      await client.call('PUT', `/v1/orders/spike-${n}`, {
        token: system,
        body: anOrderBody({ userId: 'spiky-buyer' }),
      });
      const applied = await client.call('POST', '/v1/refunds', {
        token: buyer,
        headers: { 'idempotency-key': `spike-${n}` },
        body: { orderId: `spike-${n}`, reason: 'NO_LONGER_NEEDED' },
      });
      expect(applied.status).toBe(201);
    }
    // Day indexes are written when the workflow first moves a refund on (asynchronously); run until all five are in.
    const alert = await eventually(async () => (await alertFor('RATE_SPIKE#BUYER#spiky-buyer#2026-11-26')).alert);
    expect(alert?.detail).toContain('has 5 refunds');
    expect(alert?.detail).toContain('against the minimum baseline of 1.00 per 24 h');
  });
});

describe('alerts the monitor could not re-check', () => {
  it('stay open when their refund was not read (not closed as if resolved)', async () => {
    await steps.givenSentPayout('vanished-1', clock.iso(-HOUR));
    await steps.runMonitor();
    await dynamoClient().send(
      new DeleteCommand({ TableName: client.runtime.tableName(MAIN_TABLE), Key: refundKey('vanished-1') }),
    );
    const summary = await steps.runMonitor();
    expect(summary.closed).toBe(0);
    expect((await steps.alerts('OPEN')).map((a) => a.alertId)).toContain('LATE_PAYOUT#vanished-1');
  });
});

describe('two monitor runs at the same moment', () => {
  it('notify finance once', async () => {
    await steps.givenSentPayout('race-1', clock.iso(-HOUR));
    // Two concurrent invocations of the deployed monitor function (the scheduler never overlaps its own runs).
    const run = () => client.runtime.deployment.invoke('Monitor', {}) as Promise<{ notified: number }>;
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.notified + b.notified).toBe(1);
    expect(steps.financeMessages().filter((m) => m.attributes?.alertId === 'LATE_PAYOUT#race-1')).toHaveLength(1);
  });
});
