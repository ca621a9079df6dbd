/**
 * The buyer accepts a merchant's rejection (`POST /v1/refunds/{refundId}/accept`): the dispute window ends at once,
 * as its timeout would, exactly once. The refund is final, its reservation released and its execution finished; a
 * second accept answers the same; a dispute after it, an accept after a dispute, an accept out of the window, and
 * anyone else's accept are refused and change nothing.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../support/local.ts';
import { applyFor, givenARuntimeWithActors, scenarios, statusOf } from '../../support/steps.ts';

describe('a buyer who accepts the merchant rejection', () => {
  const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod' });

  /** A refund the merchant rejected: REJECTED, waiting for the buyer to dispute or accept. */
  async function rejected() {
    const applied = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, applied.refundId, 'AWAITING_MERCHANT');
    const decided = await client.call('POST', `/v1/merchant/refunds/${applied.refundId}/decision`, {
      token: who.merchant,
      body: { decision: 'REJECT' },
    });
    expect(decided.status).toBe(200);
    const refund = await statusOf(client, who, applied.refundId, 'REJECTED');
    expect(refund.nextStep).toMatchObject({ who: 'BUYER', action: 'DISPUTE_OR_ACCEPT' });
    return applied;
  }
  const accept = (refundId: string, token = who.buyer, locale = 'zh-CN') =>
    client.call('POST', `/v1/refunds/${refundId}/accept`, { token, headers: { 'accept-language': locale } });
  const maxAmount = async (orderId: string) =>
    (await client.call('GET', `/v1/orders/${orderId}/refund-options`, { token: who.buyer })).body.maxAmount;

  it('ends the refund at once, releases its reservation and finishes its execution; accepting again is the same', async () => {
    const { refundId, orderId } = await rejected();
    const stranger = await client.token('buyer', 'someone-else');
    expect((await accept(refundId, stranger)).status).toBe(404);
    expect((await accept(refundId, who.merchant)).status).toBe(403);

    const first = await accept(refundId, who.buyer, 'en');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.status).toBe('REJECTED');
    expect(first.body.nextStep).toBeUndefined();
    expect(first.body.timeline.at(-1)).toMatchObject({
      actor: 'BUYER',
      status: 'REJECTED',
      detail: 'The buyer accepted the decision: the request is closed',
    });
    await eventually(async () =>
      client.runtime.workflow.execution(refundId)?.status !== 'RUNNING' ? true : undefined,
    );
    expect(client.runtime.workflow.execution(refundId)?.status).toBe('SUCCEEDED');
    // Nothing held on the order any more: the whole of it can be claimed again.
    expect(await maxAmount(orderId)).toBe(first.body.amount);

    const again = await accept(refundId);
    expect(again.status).toBe(200);
    expect(again.body.timeline.length).toBe(first.body.timeline.length);
    expect(again.body.timeline.at(-1).detail).toBe('买家接受处理结果，退款申请结束');
    // The window is closed: no dispute after accepting.
    const dispute = await client.call('POST', `/v1/refunds/${refundId}/dispute`, {
      token: who.buyer,
      body: { note: 'changed my mind' },
    });
    expect(dispute.status).toBe(409);
    // The buyer is not told of a closed dispute window they closed themselves.
    const told = client.runtime.outbox.entries.filter((e) => e.attributes?.refundId === refundId);
    expect(told.map((e) => e.attributes?.event)).not.toContain('DISPUTE_CLOSED');
  });

  it('is refused once the buyer disputed, and out of the dispute window; nothing changes', async () => {
    const { refundId } = await rejected();
    const dispute = await client.call('POST', `/v1/refunds/${refundId}/dispute`, {
      token: who.buyer,
      body: { note: 'The parcel was never delivered' },
    });
    expect(dispute.status).toBe(200);
    const before = await statusOf(client, who, refundId, 'MANUAL_REVIEW');
    const late = await accept(refundId);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('NOT_WAITING');
    const after = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
    expect(after.body.timeline).toEqual(before.timeline);
    expect(after.body.status).toBe('MANUAL_REVIEW');
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });

    // A refund still waiting for the merchant has no decision to accept.
    const { refundId: waiting } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, waiting, 'AWAITING_MERCHANT');
    expect((await accept(waiting)).status).toBe(409);
    expect((await client.call('GET', `/v1/refunds/${waiting}`, { token: who.buyer })).body.status).toBe(
      'AWAITING_MERCHANT',
    );
    // A malformed id is bad input.
    expect((await accept('%20bad id')).status).toBe(400);
    await client.call('POST', `/v1/refunds/${waiting}/cancel`, { token: who.buyer });
  });
});
