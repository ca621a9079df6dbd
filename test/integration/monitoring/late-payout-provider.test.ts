/**
 * The monitor asks the provider about late payouts before it alerts (app/check-late-payouts.ts, called by
 * functions/events/monitor.ts as deployed: its IAM policy and environment from the template): a payout the provider
 * settled whose webhook never came is settled, not reported late; one the provider failed becomes PAYOUT_FAILED; one
 * still pending at the provider is the LATE_PAYOUT alert it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outstandingPayoutKeys } from '../../../functions/adapters/dynamodb/keys.ts';
import { aPayout, aRefund, ownIds } from '../../support/builders.ts';
import { type Client, eventually, startTestRuntime } from '../../support/local.ts';
import { ledgerEntries } from '../../support/payouts.ts';
import { MonitoringSteps, TestClock } from './steps.ts';

let client: Client;
let steps: MonitoringSteps;
const clock = new TestClock(Date.parse('2026-11-26T04:00:00.000Z'));

beforeAll(async () => {
  // Every webhook is lost: only the monitor's question to the provider can tell what happened.
  client = await startTestRuntime({ clock, monitorEverySeconds: 0, payments: { deliver: async () => undefined } });
  steps = new MonitoringSteps(client, clock);
});
afterAll(() => client.runtime.stop());

/** A payout sent to the sandbox (which decides its outcome now) and recorded as sent, promised two hours ago. */
async function givenLatePayout(id: string, outcome: 'SETTLED' | 'FAILED' | 'PENDING') {
  const payments = client.runtime.payments;
  payments.setFaults({
    failureRate: outcome === 'FAILED' ? 1 : 0,
    latencyMs: outcome === 'PENDING' ? { min: 3_600_000, max: 3_600_000 } : { min: 1, max: 1 },
  });
  const sent = await payments.send({
    refundId: id,
    amount: 12900,
    currency: 'CNY',
    method: 'ALIPAY',
    destination: 'ORIGINAL',
    buyerId: 'u-1',
    order: { orderId: `o-${id}`, paidAmount: 12900 },
  });
  const promisedBy = clock.iso(-2 * 3600);
  const sentAt = clock.iso(-3 * 24 * 3600);
  await steps.givenRefund(
    aRefund({
      ...ownIds(id),
      status: 'PAYOUT_PENDING',
      createdAt: sentAt,
      payout: aPayout({ promisedBy, sentAt, providerRef: sent.providerRef }),
    }),
    outstandingPayoutKeys(id, promisedBy),
  );
  await steps.givenLedger(id, 'SENT', 12900, sent.providerRef, sentAt);
}

const statusOf = async (id: string) => {
  const token = await client.token('buyer', ownIds(id).userId);
  return (await client.call('GET', `/v1/refunds/${id}`, { token })).body;
};

describe('late payouts whose webhooks were lost', () => {
  it('are settled or failed from what the provider says, and only the pending one is alerted as late', async () => {
    await givenLatePayout('paid-late', 'SETTLED');
    await givenLatePayout('failed-late', 'FAILED');
    await givenLatePayout('pending-late', 'PENDING');
    // The sandbox settles on real time: let the 1 ms outcomes become visible.
    await eventually(async () =>
      (await client.runtime.payments.status('paid-late'))?.state === 'SETTLED' ? true : undefined,
    );
    await eventually(async () =>
      (await client.runtime.payments.status('failed-late'))?.state === 'FAILED' ? true : undefined,
    );
    await steps.runMonitor();

    expect(await statusOf('paid-late')).toMatchObject({ status: 'REFUNDED', payout: { settledAmount: 12900 } });
    expect((await statusOf('failed-late')).status).toBe('PAYOUT_FAILED');
    expect((await statusOf('pending-late')).status).toBe('PAYOUT_PENDING');
    const kinds = (await ledgerEntries(client.runtime)).map((e) => `${e.refundId}:${e.kind}`).sort();
    expect(kinds).toEqual([
      'failed-late:FAILED',
      'failed-late:SENT',
      'paid-late:SENT',
      'paid-late:SETTLED',
      'pending-late:SENT',
    ]);
    const alerts = (await steps.alerts('OPEN')).map((a) => `${a.kind}:${a.refundId}`).sort();
    expect(alerts).toContain('LATE_PAYOUT:pending-late');
    expect(alerts).not.toContain('LATE_PAYOUT:paid-late');
    expect(alerts.filter((a) => a.endsWith(':paid-late'))).toEqual([]);
    // Nothing was sent by the check: only the three attempts the test made.
    expect(client.runtime.payments.attempts()).toHaveLength(3);
  });
});
