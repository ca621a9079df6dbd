/**
 * A merchant's partial offer over HTTP, with the real state machine and DynamoDB Local: the offer waits for the
 * buyer (AWAITING_BUYER); accepted, the offer is paid and the rest of the reservation is released on the order;
 * declined, the platform arbitrates (the default policy); unanswered, the policy's default applies and a late answer
 * gets 409. Bad offers are refused before anything changes.
 */
import { describe, expect, it } from 'vitest';
import { DynamoRefundStore } from '../../../functions/adapters/dynamodb/refund-store.ts';
import { anOrderBody } from '../../support/builders.ts';
import { eventually } from '../../support/local.ts';
import { buyerEvents, paidWhenDone, storedOrder } from '../../support/payouts.ts';
import { applyFor, givenARuntimeWithActors, PAID_OUT, scenarios, statusOf, uniqueId } from '../../support/steps.ts';

// Real timers (scale 1) with the prod policy: nothing times out while people act in the first tests.
const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod', availableReviewer: true });

const decide = (refundId: string, body: Record<string, unknown>) =>
  client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, { token: who.merchant, body });
const answer = (refundId: string, accept: boolean, token = who.buyer) =>
  client.call('POST', `/v1/refunds/${refundId}/offer`, { token, body: { accept } });

/** A ¥129 parcel in transit the buyer no longer wants, waiting for the merchant. */
async function waitingForTheMerchant() {
  const applied = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
  await statusOf(client, who, applied.refundId, 'AWAITING_MERCHANT');
  return applied;
}

describe('a partial offer the buyer accepts', () => {
  it('is paid at the offered amount, once; the rest of the reservation is released', async () => {
    // Applied by hand, to replay the very request at the end.
    const orderId = uniqueId('order');
    const pushed = await client.call('PUT', `/v1/orders/${orderId}`, {
      token: who.system,
      body: anOrderBody({ userId: who.buyerId, merchantId: who.merchantId, ...scenarios.inTransit() }),
    });
    expect(pushed.status).toBe(201);
    const application = {
      token: who.buyer,
      headers: { 'idempotency-key': uniqueId('key') },
      body: { orderId, reason: 'NO_LONGER_NEEDED' },
    };
    const first = await client.call('POST', '/v1/refunds', application);
    expect(first.status).toBe(201);
    const refundId = String(first.body.refundId);
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');

    // Refused before anything changes: not partial (422), amount missing or with another decision (400).
    expect((await decide(refundId, { decision: 'OFFER', amount: 12_900 })).body.error.code).toBe('OFFER_NOT_PARTIAL');
    const nothing = await decide(refundId, { decision: 'OFFER', amount: 0 });
    expect([nothing.status, nothing.body.error.code]).toEqual([422, 'OFFER_NOT_PARTIAL']);
    expect((await decide(refundId, { decision: 'OFFER', amount: -1 })).status).toBe(400);
    expect((await decide(refundId, { decision: 'OFFER' })).status).toBe(400);
    expect((await decide(refundId, { decision: 'APPROVE', amount: 100 })).status).toBe(400);
    expect((await answer(refundId, true)).status).toBe(409);

    const offered = await decide(refundId, { decision: 'OFFER', amount: 8000, note: '外包装破损，补偿 80 元' });
    expect(offered.status).toBe(200);
    expect(offered.body).toMatchObject({
      status: 'AWAITING_BUYER',
      amount: 12_900,
      nextStep: { who: 'BUYER', action: 'ANSWER_OFFER', dueBy: expect.any(String) },
      offer: { amount: 8000, requested: 12_900, note: '外包装破损，补偿 80 元', dueBy: offered.body.nextStep.dueBy },
    });
    const waiting = await statusOf(client, who, refundId, 'AWAITING_BUYER');
    expect(waiting.statusLabel).toBe('待确认部分退款方案');
    // Told after the offer commits: the message may trail the status.
    await eventually(async () => (buyerEvents(client.runtime, refundId).includes('OFFER_MADE') ? true : undefined));

    // Only the refund's buyer answers: a stranger's buyer gets 404, the merchant 403.
    const stranger = await client.token('buyer', 'someone-else');
    expect((await answer(refundId, true, stranger)).status).toBe(404);
    expect((await answer(refundId, true, who.merchant)).status).toBe(403);

    // An answer naming another offer than the one made is refused, and changes nothing.
    const stale = await client.call('POST', `/v1/refunds/${refundId}/offer`, {
      token: who.buyer,
      body: { accept: true, amount: 9000 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'OFFER_CHANGED', details: { answered: 9000, offered: 8000 } });
    expect(
      (await client.call('POST', `/v1/refunds/${refundId}/offer`, { token: who.buyer, body: { accept: 'yes' } }))
        .status,
    ).toBe(400);
    await statusOf(client, who, refundId, 'AWAITING_BUYER');

    // An answer at the deadline, which the workflow's timer has not yet acted on, takes nothing: the silence decides.
    const store = new DynamoRefundStore();
    const stored = await store.getRefund(refundId, { consistent: true });
    if (!stored) throw new Error('refund not stored');
    const late = {
      status: 'APPROVED' as const,
      event: { status: 'APPROVED' as const, at: offered.body.nextStep.dueBy, actor: 'BUYER' as const },
    };
    await expect(
      store.claimWait(stored, ['AWAIT_OFFER'], late, { actedAt: offered.body.nextStep.dueBy }),
    ).rejects.toMatchObject({ code: 'NOT_WAITING' });
    expect(await store.getRefund(refundId, { consistent: true })).toMatchObject({
      status: 'AWAITING_BUYER',
      amount: 12_900,
    });

    const accepted = await client.call('POST', `/v1/refunds/${refundId}/offer`, {
      token: who.buyer,
      body: { accept: true, amount: 8000 },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'PAYOUT_PENDING',
      amount: 8000,
      payout: { amount: 8000 },
      offer: { answer: { outcome: 'ACCEPTED', by: 'BUYER' } },
    });
    expect((await answer(refundId, false)).status).toBe(409);

    const paid = await statusOf(client, who, refundId, PAID_OUT);
    expect(paid.payout).toMatchObject({ amount: 8000 });
    // PAYOUT_PENDING is recorded before the payout is sent: count what was sent once the journey has ended.
    expect(await paidWhenDone(client, refundId)).toEqual({ sent: [8000], attempts: 1 });
    const order = await storedOrder(client.runtime, orderId);
    expect(order?.refundedAmount).toBe(8000);
    expect(order?.['line#tea-1#heldAmount']).toBe(8000);
    expect(order?.['line#tea-1#heldUnits']).toBe(1);

    // The application replayed answers what it answered then (¥129 applied for), not the amount the offer left.
    const replayed = await client.call('POST', '/v1/refunds', application);
    expect(replayed.status).toBe(201);
    expect(replayed.text).toBe(first.text);
  });
});

describe('a partial offer the buyer declines', () => {
  it('goes to the platform (the default policy), whose reviewer arbitrates the whole amount', async () => {
    const { refundId } = await waitingForTheMerchant();
    expect((await decide(refundId, { decision: 'OFFER', amount: 5000 })).status).toBe(200);
    await statusOf(client, who, refundId, 'AWAITING_BUYER');
    const declined = await answer(refundId, false);
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'MANUAL_REVIEW', amount: 12_900 });

    const task = await eventually(async () => {
      const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
      return tasks.body.items.find((t: { refundId: string }) => t.refundId === refundId);
    });
    expect(task).toMatchObject({ kind: 'ARBITRATION' });
    expect(task.decisions.map((d: { kind: string; outcome: string }) => `${d.kind}:${d.outcome}`)).toEqual([
      'ASSESSMENT:MERCHANT_REVIEW',
      'MERCHANT:OFFER',
      'OFFER_ANSWER:DECLINE',
    ]);
    const decided = await client.call('POST', `/v1/review/tasks/${task.taskId}/decision`, {
      token: who.reviewer,
      body: { decision: 'APPROVE', note: 'The offer was too low for a parcel never opened' },
    });
    expect(decided.status).toBe(200);
    const paid = await statusOf(client, who, refundId, PAID_OUT);
    expect(paid.payout).toMatchObject({ amount: 12_900 });
  });
});

describe('a partial offer left unanswered', () => {
  const quick = givenARuntimeWithActors({
    timeScale: 1,
    stage: 'prod',
    policy: { offer: { answerSeconds: 1, onSilence: 'ACCEPT' } },
  });

  it("gets the policy's default (here: accepted and paid); a late answer gets 409", async () => {
    const c = quick.client;
    const { refundId } = await applyFor(c, quick.who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(c, quick.who, refundId, 'AWAITING_MERCHANT');
    const offered = await c.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
      token: quick.who.merchant,
      body: { decision: 'OFFER', amount: 6000 },
    });
    expect(offered.status).toBe(200);
    const paid = await statusOf(c, quick.who, refundId, PAID_OUT, 60_000);
    expect(paid).toMatchObject({
      amount: 6000,
      payout: { amount: 6000 },
      offer: { answer: { outcome: 'ACCEPTED', by: 'SYSTEM' } },
      decision: { outcome: 'ACCEPT', by: 'SYSTEM', rules: ['BUYER.OFFER.TIMEOUT.ACCEPT'] },
    });
    const late = await c.call('POST', `/v1/refunds/${refundId}/offer`, {
      token: quick.who.buyer,
      body: { accept: false },
    });
    expect(late.status).toBe(409);
  });
});
