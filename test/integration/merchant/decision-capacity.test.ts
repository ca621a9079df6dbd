/**
 * A person's decision on a waiting refund is one conditional write of the refund, not a transaction: DynamoDB bills
 * every item of a transaction twice, and a transaction of one item buys nothing a condition does not. Only a
 * decision that also changes the order (a cancellation giving back its reservation, an accepted partial offer) is
 * a transaction. Measured against DynamoDB Local through the capacity proxy, on the real lifecycle.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CapacityProxy, startCapacityProxy } from '../../support/capacity.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { applyFor, type Cast, castOf, statusOf } from '../../support/steps.ts';

let proxy: CapacityProxy;
let client: Client;
let who: Cast;

beforeAll(async () => {
  proxy = await startCapacityProxy(inject('dynamoEndpoint'));
  // The payout settles an hour after it is sent: nothing after the decision writes the order.
  client = await startTestRuntime({
    dynamoEndpoint: proxy.endpoint,
    stage: 'prod',
    payments: { latencyMs: { min: 3_600_000, max: 3_600_000 } },
  });
  who = await castOf(client);
});
afterAll(async () => {
  await client.runtime.stop();
  await proxy.close();
});

const inTransit = {
  fulfillment: {
    status: 'IN_TRANSIT' as const,
    carrier: 'SF',
    trackingNumber: 'SF1234567890123',
    shippedAt: new Date(Date.now() - 86_400_000).toISOString(),
  },
};

describe("a merchant's approval", () => {
  it('is written without a transaction, through to the payout sent', async () => {
    const { refundId } = await applyFor(client, who, inTransit, { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    proxy.reset();
    const decided = await client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
      token: who.merchant,
      body: { decision: 'APPROVE', reason: 'checked' },
    });
    expect(decided.status).toBe(200);
    await statusOf(client, who, refundId, 'PAYOUT_PENDING');
    const operations = proxy.entries.map((e) => e.operation);
    expect(operations).toContain('UpdateItem');
    expect(operations).not.toContain('TransactWriteItems');
  });

  it('of a refund no longer waiting is refused and changes nothing', async () => {
    const { refundId } = await applyFor(client, who, inTransit, { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    const decide = (decision: string) =>
      client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
        token: who.merchant,
        body: { decision, reason: 'checked' },
      });
    expect((await decide('APPROVE')).status).toBe(200);
    const again = await decide('REJECT');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NOT_WAITING');
    await statusOf(client, who, refundId, 'PAYOUT_PENDING');
  });
});
