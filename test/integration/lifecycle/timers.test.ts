/** Waits that run out, with the policy's timers shortened: what the policy says happens, happens. */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../support/local.ts';
import { applyFor, givenARuntimeWithActors, PAID_OUT, scenarios, statusOf, uniqueId } from '../../support/steps.ts';

describe('a merchant who stays silent past the deadline', () => {
  const { client, who } = givenARuntimeWithActors({
    timeScale: 1,
    stage: 'prod',
    policy: { timeouts: { merchantResponseSeconds: 1, buyerReturnSeconds: 1 } },
  });

  it('is taken as approval for the buyer, and counted against the merchant', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    const paid = await statusOf(client, who, refundId, PAID_OUT);
    const approved = paid.timeline.find((e: { status: string }) => e.status === 'APPROVED');
    // Told in the buyer's language, never as the rule's id (the rule stays in `decision`).
    expect(approved).toMatchObject({ actor: 'SYSTEM', detail: '商家未在期限内处理，系统自动同意' });
    expect(JSON.stringify(paid.timeline)).not.toMatch(/TIMEOUT/);
    const stats = await client.call('GET', '/v1/merchant/stats', { token: who.merchant });
    expect(stats.body).toMatchObject({ asked: 1, timedOut: 1 });
    const late = await client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
      token: who.merchant,
      body: { decision: 'REJECT' },
    });
    expect(late.status).toBe(409);
  });

  it('asks the buyer for an approved return, and a return never shipped closes with the buyer told why', async () => {
    const { refundId } = await applyFor(client, who, scenarios.deliveredDaysAgo(3), { reason: 'NO_LONGER_NEEDED' });
    const closed = await statusOf(client, who, refundId, 'CANCELLED');
    expect(closed.timeline.map((e: { status: string }) => e.status)).toContain('AWAITING_RETURN');
    expect(closed.timeline.at(-1)).toMatchObject({ actor: 'SYSTEM', detail: '未在期限内寄回商品，退款已关闭' });
    // Closed for want of the return, not withdrawn by the buyer (买家已撤销), and never silently.
    expect(closed.statusLabel).toBe('已关闭(未按时退货)');
    expect(closed.timeline.at(-1).label).toBe('已关闭(未按时退货)');
    // The merchant reads the same, in its own language, and no rule id either.
    const queue = await client.call('GET', '/v1/merchant/refunds?status=CANCELLED', {
      token: who.merchant,
      headers: { 'accept-language': 'en' },
    });
    const merchantView = queue.body.items.find((r: { refundId: string }) => r.refundId === refundId);
    expect(merchantView.statusLabel).toBe('Closed: goods not returned in time');
    expect(merchantView.timeline.at(-1).detail).toBe('The goods were not sent back in time: the refund is closed');
    expect(JSON.stringify(merchantView.timeline)).not.toMatch(/TIMEOUT/);
    const told = client.runtime.outbox.entries.filter((e) => e.attributes?.refundId === refundId);
    expect(told.map((e) => e.attributes?.event)).toEqual(['RETURN_REQUESTED', 'CLOSED_NO_RETURN']);
  });
});

describe('a review task left past its SLA', () => {
  // Only the reviewers' SLA is short: the merchant's rejection below must not race a timer of its own.
  const { client, who } = givenARuntimeWithActors({
    timeScale: 1,
    stage: 'prod',
    policy: { timeouts: { reviewTaskSlaSeconds: 2 } },
  });

  it('is reassigned to another available reviewer', async () => {
    const tokens: Record<string, string> = {};
    for (const id of [uniqueId('rev-a'), uniqueId('rev-b')]) {
      tokens[id] = await client.token('reviewer', id);
      await client.call('PUT', '/v1/review/availability', { token: tokens[id], body: { available: true } });
    }
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    // The merchant rejects, the buyer disputes: arbitration is a review task.
    const rejected = await client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
      token: who.merchant,
      body: { decision: 'REJECT' },
    });
    expect(rejected.status).toBe(200);
    await statusOf(client, who, refundId, 'REJECTED');
    await client.call('POST', `/v1/refunds/${refundId}/dispute`, { token: who.buyer, body: { note: 'never arrived' } });

    const holders = new Set<string>();
    const seen = new Map<string, { taskId: string; dueBy: string }>();
    await eventually(async () => {
      for (const [id, token] of Object.entries(tokens)) {
        const tasks = await client.call('GET', '/v1/review/tasks', { token });
        const mine = tasks.body.items.find((t: { refundId: string }) => t.refundId === refundId);
        if (mine) {
          holders.add(id);
          seen.set(mine.taskId, { taskId: mine.taskId, dueBy: mine.dueBy });
        }
      }
      return holders.size === 2 ? true : undefined;
    }, 60_000);
    const refund = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
    expect(refund.body.timeline.some((e: { detail?: string }) => e.detail === '已转交其他审核员处理')).toBe(true);
    // The second task follows the first (no number skipped), and the refund shows the new round's deadline, not
    // the one that lapsed.
    const ids = [...seen.keys()].sort();
    expect(ids.slice(0, 2)).toEqual([`${refundId}.1`, `${refundId}.2`]);
    expect(refund.body.status).toBe('MANUAL_REVIEW');
    const lapsed = seen.get(`${refundId}.1`)?.dueBy ?? '';
    expect(Date.parse(refund.body.nextStep.dueBy)).toBeGreaterThan(Date.parse(lapsed));
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
  });
});
