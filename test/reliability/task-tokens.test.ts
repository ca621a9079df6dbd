/**
 * Item 3: a wait's task token is spent once. Two merchant decisions sent at the same moment get one 200 and one
 * 409 and pay once; a decision after the wait timed out (and the timeout approved) gets 409 and pays nothing more.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/local.ts';
import { paidWhenDone } from '../support/payouts.ts';
import { applyFor, givenARuntimeWithActors, scenarios, statusOf } from '../support/steps.ts';

describe('a merchant decision sent twice at the same moment', () => {
  const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod' });

  it('gets exactly one 200 and one 409, and the refund is paid once', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    const decide = () =>
      client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
        token: who.merchant,
        body: { decision: 'APPROVE', reason: 'checked' },
      });
    const answers = await Promise.all([decide(), decide()]);
    const statuses = answers.map((a) => a.status).sort();
    const paid = await paidWhenDone(client, refundId);
    console.log(
      `task tokens: twin decisions → ${statuses.join(' + ')}, ${paid.sent.length} SENT entry, ${paid.attempts} payout`,
    );
    expect(statuses).toEqual([200, 409]);
    expect(paid).toEqual({ sent: [12_900], attempts: 1 });
  });
});

describe('a merchant decision after the wait timed out', () => {
  const { client, who } = givenARuntimeWithActors({
    timeScale: 1,
    stage: 'prod',
    policy: { timeouts: { merchantResponseSeconds: 1, merchantTimeoutAction: 'APPROVE' } },
  });

  it('gets 409 and no second payout', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    // The timeout approves: the refund goes to payout without the merchant.
    await eventually(async () => {
      const got = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
      return ['PAYOUT_PENDING', 'REFUNDED'].includes(got.body?.status) ? true : undefined;
    }, 60_000);
    const late = await client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
      token: who.merchant,
      body: { decision: 'REJECT', reason: 'too late' },
    });
    const paid = await paidWhenDone(client, refundId);
    console.log(
      `task tokens: decision after timeout → ${late.status}, ${paid.sent.length} SENT entry, ${paid.attempts} payout`,
    );
    expect(late.status).toBe(409);
    expect(paid).toEqual({ sent: [12_900], attempts: 1 });
    const refund = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
    expect(JSON.stringify(refund.body.timeline)).not.toContain('too late');
  });
});
