/**
 * The ways a refund goes through the lifecycle, driven as client apps would over the local HTTP API (the same
 * steps as test/integration/lifecycle). Each driver starts after the order is pushed and ends when the payout is
 * sent and the execution has finished. Waits are detected from the runner's task log, not by polling the API, so
 * only requests a person's app really makes are counted.
 */
import { type BenchClient, expectStatus, tasksDone } from '../lib/client.ts';
import { type Actors, apply, fulfillments } from '../lib/orders.ts';

/** One path: which order it needs and the calls that move the refund to its payout. */
export interface RefundPath {
  name: string;
  label: string;
  fulfillment: () => Record<string, unknown>;
  drive(client: BenchClient, who: Actors, orderId: string, reviewer: string): Promise<string>;
}

const merchantDecides = (client: BenchClient, who: Actors, refundId: string, decision: string) =>
  client
    .call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
      token: who.merchant,
      body: { decision, reason: 'checked' },
    })
    .then((a) => expectStatus(a, 200, `merchant ${decision}`));

/**
 * Instant, merchant-approved, manual review (dispute → arbitration), return-and-refund, and a partial offer the buyer
 * accepts (issue 15 item 5: one more wait, for the buyer's answer).
 */
export const PATHS: readonly RefundPath[] = [
  {
    name: 'instant',
    label: 'instant (unshipped, rules approve)',
    fulfillment: fulfillments.notShipped,
    drive: (client, who, orderId) => apply(client, who, orderId),
  },
  {
    name: 'merchantApproved',
    label: 'merchant approves (in transit)',
    fulfillment: fulfillments.inTransit,
    async drive(client, who, orderId) {
      const refundId = await apply(client, who, orderId);
      await tasksDone(refundId, 'Wait', 1);
      await merchantDecides(client, who, refundId, 'APPROVE');
      return refundId;
    },
  },
  {
    name: 'manualReview',
    label: 'manual review (merchant rejects, buyer disputes, reviewer approves)',
    fulfillment: fulfillments.inTransit,
    async drive(client, who, orderId, reviewer) {
      const refundId = await apply(client, who, orderId);
      await tasksDone(refundId, 'Wait', 1);
      await merchantDecides(client, who, refundId, 'REJECT');
      await tasksDone(refundId, 'Wait', 2);
      const dispute = await client.call('POST', `/v1/refunds/${refundId}/dispute`, {
        token: who.buyer,
        body: { note: 'The parcel was never delivered' },
      });
      expectStatus(dispute, 200, 'dispute');
      await tasksDone(refundId, 'Wait', 3);
      const tasks = expectStatus(await client.call('GET', '/v1/review/tasks', { token: reviewer }), 200, 'tasks');
      const items: unknown[] = Array.isArray(tasks.body?.items) ? tasks.body.items : [];
      const task = items.find(
        (t): t is { taskId: string } =>
          typeof t === 'object' && t !== null && 'refundId' in t && t.refundId === refundId && 'taskId' in t,
      );
      if (!task) throw new Error(`no review task for ${refundId}`);
      const decided = await client.call('POST', `/v1/review/tasks/${task.taskId}/decision`, {
        token: reviewer,
        body: { decision: 'APPROVE', note: 'Carrier confirms the parcel was lost' },
      });
      expectStatus(decided, 200, 'review decision');
      return refundId;
    },
  },
  {
    name: 'returnAndRefund',
    label: 'return and refund (delivered, 7-day no-reason return)',
    fulfillment: () => fulfillments.deliveredDaysAgo(3),
    async drive(client, who, orderId) {
      const refundId = await apply(client, who, orderId);
      await tasksDone(refundId, 'Wait', 1);
      const shipped = await client.call('POST', `/v1/refunds/${refundId}/return-shipment`, {
        token: who.buyer,
        body: { carrier: 'SF Express', trackingNumber: 'SF1234567890128' },
      });
      expectStatus(shipped, 200, 'return shipment');
      await tasksDone(refundId, 'Wait', 2);
      const received = await client.call('POST', `/v1/merchant/refunds/${refundId}/return-received`, {
        token: who.merchant,
        body: { condition: 'INTACT' },
      });
      expectStatus(received, 200, 'return received');
      return refundId;
    },
  },
  {
    name: 'partialOffer',
    label: 'partial offer (merchant offers part, buyer accepts)',
    fulfillment: fulfillments.inTransit,
    async drive(client, who, orderId) {
      const refundId = await apply(client, who, orderId);
      await tasksDone(refundId, 'Wait', 1);
      const offered = await client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
        token: who.merchant,
        body: { decision: 'OFFER', amount: 8000, note: 'packaging damaged' },
      });
      expectStatus(offered, 200, 'merchant offer');
      await tasksDone(refundId, 'Wait', 2);
      const accepted = await client.call('POST', `/v1/refunds/${refundId}/offer`, {
        token: who.buyer,
        body: { accept: true },
      });
      expectStatus(accepted, 200, 'buyer accepts the offer');
      return refundId;
    },
  },
];
