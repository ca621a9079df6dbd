/**
 * The merchant scorecard over HTTP, on a clock that moves from November to December (China time): the merchant's
 * answers, the buyer's dispute and the platform's ruling move November's scorecard; finance reads any merchant's
 * and lists the month; a merchant reads only its own; bad periods are 400. In December, the merchant's November
 * (a dispute lost) puts it in the poor tier: its next refund gets 12 h instead of 24 h, and the assessment records
 * the consequence as a rule, which the scorecard explains with what would lift it.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../support/local.ts';
import { applyFor, givenARuntimeWithActors, PAID_OUT, statusOf } from '../../support/steps.ts';
import { TestClock } from '../monitoring/steps.ts';

const HOUR = 3600;
// 12:00 on 25 November, China time; the refunds' order was paid on the 20th and shipped on the 21st.
const clock = new TestClock(Date.parse('2026-11-25T04:00:00.000Z'));
const inTransit = {
  fulfillment: {
    status: 'IN_TRANSIT' as const,
    carrier: 'SF',
    trackingNumber: 'SF1234567890123',
    shippedAt: '2026-11-21T02:00:00.000Z',
  },
};

// The prod policy (24 h to answer; nothing times out during the test), judged on as few as two requests, and without
// the FAILING tier so that one lost dispute makes the merchant POOR rather than handing it to the platform.
const { client, who } = givenARuntimeWithActors({
  timeScale: 1,
  stage: 'prod',
  clock,
  availableReviewer: true,
  policy: { scorecard: { minRequests: 2, tiers: [{ id: 'FAILING', enabled: false }] } },
});

const scorecard = (query: string, token = who.merchant) =>
  client.call('GET', `/v1/merchant/scorecard${query}`, { token });
const decide = (refundId: string, decision: string) =>
  client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
    token: who.merchant,
    body: { decision, reason: 'checked' },
  });

describe('the merchant scorecard', () => {
  it("moves with the merchant's answers, the buyer's dispute and the platform's ruling", async () => {
    const before = await scorecard('');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ from: '2026-11', counts: { orders: 0, asked: 0 }, terms: { tier: 'NEW' } });

    // One refund the merchant approves, one it rejects: the buyer disputes and the platform rules for the buyer.
    const approved = await applyFor(client, who, inTransit, { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, approved.refundId, 'AWAITING_MERCHANT');
    clock.advance(600);
    expect((await decide(approved.refundId, 'APPROVE')).status).toBe(200);

    const disputed = await applyFor(client, who, inTransit, { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, disputed.refundId, 'AWAITING_MERCHANT');
    clock.advance(2 * HOUR);
    expect((await decide(disputed.refundId, 'REJECT')).status).toBe(200);
    await statusOf(client, who, disputed.refundId, 'REJECTED');
    const dispute = await client.call('POST', `/v1/refunds/${disputed.refundId}/dispute`, {
      token: who.buyer,
      body: { note: 'The merchant never stopped the parcel' },
    });
    expect(dispute.status).toBe(200);
    const task = await eventually(async () => {
      const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
      return tasks.body.items.find((t: { refundId: string }) => t.refundId === disputed.refundId);
    });
    const ruled = await client.call('POST', `/v1/review/tasks/${task.taskId}/decision`, {
      token: who.reviewer,
      body: { decision: 'APPROVE', note: 'the carrier confirms the parcel was not stopped' },
    });
    expect(ruled.status).toBe(200);
    await statusOf(client, who, disputed.refundId, PAID_OUT);

    const after = await scorecard('?from=2026-11&to=2026-11-30');
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      merchantId: who.merchantId,
      from: '2026-11',
      to: '2026-11',
      counts: { orders: 2, refunds: 2, asked: 2, answered: 2, timedOut: 0, disputes: 1, disputesLost: 1 },
      refundRate: { value: 1, count: 2, of: 2 },
      timeoutRate: { value: 0, count: 0, of: 2 },
      disputeRate: { value: 0.5, count: 1, of: 2 },
      disputeLossRate: { value: 1, count: 1, of: 1 },
      medianResponseSeconds: { answered: 2 },
    });
    // Ten minutes and two hours: the median lies between them.
    expect(after.body.medianResponseSeconds.value).toBeGreaterThanOrEqual(600);
    expect(after.body.medianResponseSeconds.value).toBeLessThanOrEqual(2 * HOUR);
  });

  it("lets finance read any merchant's and list the month; a merchant reads only its own", async () => {
    const one = await scorecard(`?from=2026-11&merchantId=${who.merchantId}`, who.finance);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ merchantId: who.merchantId, counts: { disputesLost: 1 } });
    const list = await scorecard('?from=2026-11&limit=100', who.finance);
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ merchantId: who.merchantId }));

    const other = await client.token('merchant', 'someone', 'another-merchant');
    const theirs = await scorecard('?from=2026-11', other);
    expect(theirs.body).toMatchObject({ merchantId: 'another-merchant', counts: { orders: 0 } });
    const prying = await scorecard(`?merchantId=${who.merchantId}`, other);
    expect(prying.status).toBe(403);
    expect(JSON.stringify(prying.body)).not.toMatch(/disputesLost/);
    expect((await scorecard('', who.buyer)).status).toBe(403);
  });

  it('refuses bad periods and stray parameters with 400', async () => {
    for (const query of [
      '?from=2026-13',
      '?from=2026-02-30',
      '?from=last-month',
      '?from=2026-11&to=2026-10',
      '?from=2027-01',
      '?from=2025-01&to=2026-11',
      '?limit=5',
      '?sort=rate',
    ]) {
      const r = await scorecard(query);
      expect(r.status, query).toBe(400);
      expect(r.body.error.code, query).toBe('VALIDATION_FAILED');
    }
    // Finance's list is of one month.
    expect((await scorecard('?from=2026-10&to=2026-11', who.finance)).status).toBe(400);
    expect((await scorecard('?from=2026-11&cursor=not-a-cursor', who.finance)).status).toBe(400);
  });

  it("gives a merchant with a poor last month a shorter deadline, recorded on its refund's decision", async () => {
    // 12:00 on 1 December, China time: November is the last complete month.
    clock.advance(Date.parse('2026-12-01T04:00:00.000Z') / 1000 - clock.now().getTime() / 1000);
    const card = await scorecard('');
    expect(card.body.terms).toMatchObject({
      tier: 'POOR',
      judgedOn: { months: ['2026-11'], asked: 2, minRequests: 2 },
      because: [{ metric: 'disputeLossRate', test: 'ABOVE', limit: 0.3, value: 1 }],
      consequences: [{ rule: 'SCORECARD.SHORTER_DEADLINE', seconds: 12 * HOUR, insteadOf: 24 * HOUR }],
      changeWhen: [{ metric: 'disputeLossRate', limit: 0.3 }],
    });

    const { refundId } = await applyFor(client, who, inTransit, { reason: 'NO_LONGER_NEEDED' });
    const waiting = await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    expect(waiting.nextStep).toMatchObject({
      who: 'MERCHANT',
      action: 'DECIDE',
      dueBy: new Date(clock.now().getTime() + 12 * HOUR * 1000).toISOString(),
    });
    expect(waiting.decision.rules).toEqual(['IN_TRANSIT.INTERCEPT', 'SCORECARD.SHORTER_DEADLINE']);
    // The merchant's queue shows the same decision.
    const queue = await client.call('GET', '/v1/merchant/refunds?status=AWAITING_MERCHANT', { token: who.merchant });
    const mine = queue.body.items.find((r: { refundId: string }) => r.refundId === refundId);
    expect(mine.decision.rules).toContain('SCORECARD.SHORTER_DEADLINE');
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
  });

  it('applies the same deadline when a quality claim reaches the merchant once its photo arrives', async () => {
    const delivered = {
      fulfillment: {
        status: 'DELIVERED' as const,
        carrier: 'SF',
        trackingNumber: 'SF1234567890123',
        shippedAt: '2026-11-21T02:00:00.000Z',
        deliveredAt: '2026-11-28T02:00:00.000Z',
      },
    };
    const { refundId } = await applyFor(client, who, delivered, { reason: 'QUALITY_ISSUE' });
    await statusOf(client, who, refundId, 'AWAITING_EVIDENCE');
    const grant = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
      token: who.buyer,
      body: { kind: 'PHOTO', contentType: 'image/png', contentLength: PNG.length },
    });
    expect(grant.status).toBe(201);
    const put = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: grant.body.headers, body: PNG });
    expect(put.status).toBe(200);

    const waiting = await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    expect(waiting.decision.rules).toContain('SCORECARD.SHORTER_DEADLINE');
    expect(waiting.nextStep.dueBy).toBe(new Date(clock.now().getTime() + 12 * HOUR * 1000).toISOString());
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
  });
});

/** A 1×1 PNG: the buyer's photo of the problem. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
