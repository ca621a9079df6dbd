/**
 * Paths where people decide: the merchant, the buyer's return and dispute, and a reviewer's arbitration. Each
 * decision resumes the waiting execution exactly once; a second one gets 409 and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../support/local.ts';
import {
  aDisputedRefund,
  applyFor,
  givenARuntimeWithActors,
  PAID_OUT,
  scenarios,
  sendBack,
  statusOf,
} from '../../support/steps.ts';

// Real timers (scale 1) with the prod policy: nothing times out while people act in these tests.
const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod', availableReviewer: true });

const decide = (refundId: string, decision: string, token = who.merchant) =>
  client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, { token, body: { decision, reason: 'checked' } });

describe('a parcel still in transit that the buyer no longer wants', () => {
  it('waits for the merchant, who approves once; the refund is paid', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    const waiting = await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    expect(waiting.nextStep).toMatchObject({ who: 'MERCHANT', action: 'DECIDE' });

    const queue = await client.call('GET', '/v1/merchant/refunds?status=AWAITING_MERCHANT', { token: who.merchant });
    expect(queue.body.items.map((r: { refundId: string }) => r.refundId)).toContain(refundId);

    const first = await decide(refundId, 'APPROVE');
    expect(first.status).toBe(200);
    const second = await decide(refundId, 'REJECT');
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('NOT_WAITING');

    const paid = await statusOf(client, who, refundId, PAID_OUT);
    expect(paid.decision).toMatchObject({ outcome: 'APPROVE', by: 'MERCHANT' });
    const stats = await client.call('GET', '/v1/merchant/stats', { token: who.merchant });
    expect(stats.body).toMatchObject({ asked: 1, approved: 1, rejected: 0 });
    // The application started the Standard execution with the wait it decided (no Assess), and it ends once the
    // payout has started: each state entered is a billed transition.
    const journey = await client.runtime.workflow.finished(refundId);
    expect(journey?.status).toBe('SUCCEEDED');
    expect(journey?.standardStates).toEqual(['Route', 'Wait', 'Route', 'StartPayout']);
    expect(journey?.expressStates).toEqual(['Payout', 'Done']);
  });

  it('cannot be decided by another merchant', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    const stranger = await client.token('merchant', 'someone', 'another-merchant');
    expect((await decide(refundId, 'APPROVE', stranger)).status).toBe(404);
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
  });
});

describe('a merchant rejection the buyer disputes', () => {
  it('goes to a reviewer with the whole case, whose approval is final', async () => {
    // A ten-day-old account: the assessment's risk score has a factor to show.
    const buyer = { accountCreatedAt: new Date(Date.now() - 10 * 86_400_000).toISOString() };
    const { refundId } = await applyFor(
      client,
      who,
      { ...scenarios.inTransit(), buyer },
      { reason: 'NO_LONGER_NEEDED' },
    );
    const assessed = await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    expect((await decide(refundId, 'REJECT')).status).toBe(200);
    const rejected = await statusOf(client, who, refundId, 'REJECTED');
    expect(rejected.nextStep).toMatchObject({ who: 'BUYER', action: 'DISPUTE_OR_ACCEPT' });

    const dispute = await client.call('POST', `/v1/refunds/${refundId}/dispute`, {
      token: who.buyer,
      body: { note: 'The parcel was never delivered' },
    });
    expect(dispute.status).toBe(200);
    await statusOf(client, who, refundId, 'MANUAL_REVIEW');

    // The task is assigned just after the wait begins.
    const task = await eventually(async () => {
      const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
      return tasks.body.items.find((t: { refundId: string }) => t.refundId === refundId);
    });
    expect(task).toMatchObject({
      kind: 'ARBITRATION',
      refund: { refundId, status: 'MANUAL_REVIEW' },
      order: { orderId: expect.any(String) },
      dispute: { note: 'The parcel was never delivered' },
      // What the refund rate weighs: the buyer's other refunds and the orders paid in the same 90 days (this one's too).
      buyerHistory: { days: 90, refunds: expect.any(Number), orders: expect.any(Number) },
      rules: expect.any(Array),
      guidance: { checks: expect.any(Array) },
    });
    // The merchant's rejection did not overwrite the assessment: both are in the history, the assessment with the
    // rules, score and factors the reviewer needs.
    expect(task.rules).toEqual(assessed.decision.rules);
    // The reviewer sees which rule brought each step about; the buyer never does.
    const routed = (timeline: { status: string; rule?: string }[]) =>
      timeline.find((e) => e.status === 'AWAITING_MERCHANT');
    expect(routed(task.refund.timeline)?.rule).toBe(assessed.decision.rules[0]);
    expect(routed(assessed.timeline)).not.toHaveProperty('rule');
    expect(task.rules.length).toBeGreaterThan(0);
    expect(task.riskScore).toBe(assessed.decision.riskScore);
    expect(task.decisions).toEqual([
      expect.objectContaining({
        kind: 'ASSESSMENT',
        by: 'SYSTEM',
        outcome: 'MERCHANT_REVIEW',
        rules: task.rules,
        riskScore: task.riskScore,
        riskFactors: expect.arrayContaining([
          expect.objectContaining({ factor: 'accountAgeDays', value: 10, points: expect.any(Number) }),
        ]),
        policyVersion: expect.any(String),
      }),
      expect.objectContaining({ kind: 'MERCHANT', by: 'MERCHANT', outcome: 'REJECT', actorId: who.merchantId }),
    ]);
    expect(task.facts).toMatchObject({ reason: 'NO_LONGER_NEEDED' });
    expect(task.buyerHistory.orders).toBeGreaterThanOrEqual(1);

    const decision = { decision: 'APPROVE', note: 'Carrier confirms the parcel was lost' };
    const first = await client.call('POST', `/v1/review/tasks/${task.taskId}/decision`, {
      token: who.reviewer,
      body: decision,
    });
    expect(first.status).toBe(200);
    const again = await client.call('POST', `/v1/review/tasks/${task.taskId}/decision`, {
      token: who.reviewer,
      body: decision,
    });
    expect(again.status).toBe(409);
    const paid = await statusOf(client, who, refundId, PAID_OUT);
    expect(paid.decision).toMatchObject({ outcome: 'APPROVE', by: 'REVIEWER', rules: task.rules });
  });
});

describe('goods delivered three days ago, returned for no reason', () => {
  it('are refunded after the return ships and the merchant confirms it intact', async () => {
    const { refundId } = await applyFor(client, who, scenarios.deliveredDaysAgo(3), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_RETURN');

    const badNumber = await client.call('POST', `/v1/refunds/${refundId}/return-shipment`, {
      token: who.buyer,
      body: { carrier: 'SF Express', trackingNumber: 'SF12' },
    });
    expect(badNumber.status).toBe(400);

    await sendBack(client, who, refundId, 'INTACT');
    await statusOf(client, who, refundId, PAID_OUT);
  });
});

describe('a buyer who changes their mind while the merchant decides', () => {
  it('cancels; the reservation is released and a late merchant decision gets 409', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    const cancelled = await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(client.runtime.workflow.execution(refundId)?.status).toBe('ABORTED');
    expect((await decide(refundId, 'APPROVE')).status).toBe(409);
    const again = await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
    expect(again.status).toBe(409);
  });
});

describe('a reviewer who asks the buyer for more evidence during an arbitration', () => {
  it('gets the case back with the evidence; the rules do not decide it again (the merchant is not asked again)', async () => {
    const refundId = await aDisputedRefund(client, who);
    const taskOf = (round: number) =>
      eventually(async () => {
        const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
        return tasks.body.items.find((t: { taskId: string }) => t.taskId === `${refundId}.${round}`);
      });
    const first = await taskOf(1);
    const asked = await client.call('POST', `/v1/review/tasks/${first.taskId}/decision`, {
      token: who.reviewer,
      body: { decision: 'REQUEST_EVIDENCE', note: "Send a photo of the carrier's notice" },
    });
    expect(asked.status).toBe(200);
    await statusOf(client, who, refundId, 'AWAITING_EVIDENCE');

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const grant = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
      token: who.buyer,
      body: { kind: 'PHOTO', contentType: 'image/png', contentLength: png.length },
    });
    expect(grant.status).toBe(201);
    const put = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: grant.body.headers, body: png });
    expect(put.status).toBe(200);

    const back = await statusOf(client, who, refundId, 'MANUAL_REVIEW');
    const statuses = back.timeline.map((e: { status: string }) => e.status);
    expect(statuses.filter((s: string) => s === 'AWAITING_MERCHANT')).toHaveLength(1);
    const second = await taskOf(2);
    expect(second).toMatchObject({ kind: 'ARBITRATION', refund: { refundId, status: 'MANUAL_REVIEW' } });
    const ruled = await client.call('POST', `/v1/review/tasks/${second.taskId}/decision`, {
      token: who.reviewer,
      body: { decision: 'APPROVE', note: "The carrier's notice says lost" },
    });
    expect(ruled.status).toBe(200);
    await statusOf(client, who, refundId, PAID_OUT);
  });
});
