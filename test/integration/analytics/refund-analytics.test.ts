/**
 * Refund analytics over the local runtime with events on: the refunds' events reach the deployed RefundAnalytics
 * function as the bus rule would hand them (local/refund-events.ts), which counts them into the aggregates; then
 * `GET /v1/analytics/refunds` answers per group: counts, amounts, instant share, percentiles and dispute outcomes, as
 * JSON and as CSV. Paths: approved at once and paid; the merchant approves and it is paid; a rejection disputed and
 * upheld; a cancellation; a second merchant's two-line refund. A merchant sees only its own (naming another: 403),
 * bad groupBy and periods are 400, and an event delivered again changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_FUNCTIONS } from '../../../functions/manifest.ts';
import { csvObjects } from '../../support/csv.ts';
import { eventually } from '../../support/local.ts';
import { applyFor, castOf, givenARuntimeWithActors, PAID_OUT, scenarios, statusOf } from '../../support/steps.ts';

// Real timers with the prod policy: nothing times out while people act.
const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod', availableReviewer: true, events: {} });

const decide = (refundId: string, body: Record<string, unknown>) =>
  client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, { token: who.merchant, body });

const analytics = (token: string, query: string, headers: Record<string, string> = {}) =>
  client.call('GET', `/v1/analytics/refunds?${query}`, { token, headers });

type Group = { key: string; applied: number; paid: number; rejected: number; closed: number; [k: string]: any };

/** Waits until the group `key` of the answer satisfies `done`, then returns the whole answer. */
const answerWhen = (token: string, query: string, key: string, done: (group: Group) => boolean) =>
  eventually(async () => {
    const r = await analytics(token, query);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const group = (r.body.groups as Group[]).find((g) => g.key === key);
    return group && done(group) ? r.body : undefined;
  }, 120_000);

describe('refund analytics from the aggregates refund events keep', () => {
  const refunds: Record<'instant' | 'approved' | 'upheld' | 'cancelled', string> = {
    instant: '',
    approved: '',
    upheld: '',
    cancelled: '',
  };

  it('counts refunds through different paths as their events arrive', async () => {
    // Not shipped: the rules approve at once (秒批) and the sandbox pays.
    refunds.instant = (await applyFor(client, who, scenarios.notShipped(), { reason: 'NO_LONGER_NEEDED' })).refundId;
    // In transit: the merchant approves, the money arrives.
    refunds.approved = (await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' })).refundId;
    await statusOf(client, who, refunds.approved, 'AWAITING_MERCHANT');
    expect((await decide(refunds.approved, { decision: 'APPROVE', reason: 'checked' })).status).toBe(200);
    // The merchant rejects, the buyer disputes, the platform upholds the rejection.
    refunds.upheld = (await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' })).refundId;
    await statusOf(client, who, refunds.upheld, 'AWAITING_MERCHANT');
    expect((await decide(refunds.upheld, { decision: 'REJECT', reason: 'checked' })).status).toBe(200);
    await statusOf(client, who, refunds.upheld, 'REJECTED');
    const disputed = await client.call('POST', `/v1/refunds/${refunds.upheld}/dispute`, {
      token: who.buyer,
      body: { note: 'The parcel was never delivered' },
    });
    expect(disputed.status).toBe(200);
    const task = await eventually(async () => {
      const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
      return tasks.body.items.find((t: { refundId: string }) => t.refundId === refunds.upheld);
    });
    const ruled = await client.call('POST', `/v1/review/tasks/${task.taskId}/decision`, {
      token: who.reviewer,
      body: { decision: 'REJECT', note: 'Delivered and signed for' },
    });
    expect(ruled.status).toBe(200);
    // The buyer withdraws while the merchant has not answered.
    refunds.cancelled = (await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' })).refundId;
    await statusOf(client, who, refunds.cancelled, 'AWAITING_MERCHANT');
    expect((await client.call('POST', `/v1/refunds/${refunds.cancelled}/cancel`, { token: who.buyer })).status).toBe(
      200,
    );
    await statusOf(client, who, refunds.instant, 'REFUNDED');
    await statusOf(client, who, refunds.approved, [...PAID_OUT]);

    const body = await answerWhen(
      who.finance,
      'groupBy=merchant',
      who.merchantId,
      (g) => g.applied === 4 && g.paid === 2 && g.rejected === 1 && g.closed === 1,
    );
    const mine = (body.groups as Group[]).find((g) => g.key === who.merchantId);
    expect(mine).toMatchObject({
      applied: 4,
      appliedAmount: 4 * 12900,
      paid: 2,
      paidAmount: 2 * 12900,
      rejected: 1,
      closed: 1,
      instantShare: { value: 0.25, count: 1, of: 4 },
      disputes: { disputed: 1, forBuyer: 0, forMerchant: 1 },
      // Two approvals and the final rejection were decided; two refunds' money arrived.
      timeToDecision: { count: 3 },
      timeToMoney: { count: 2 },
    });
    expect(mine?.timeToMoney.p50).toEqual(expect.any(Number));
    expect(mine?.timeToMoney.p90).toBeGreaterThanOrEqual(mine?.timeToMoney.p50);
    expect(mine?.timeToDecision.p99).toBeGreaterThanOrEqual(mine?.timeToDecision.p50);
    expect(body.total.applied).toBeGreaterThanOrEqual(4);
  });

  it('groups by scenario and reason, and shows a merchant only its own refunds', async () => {
    const other = await castOf(client);
    const twoLines = {
      paidAmount: 15000,
      items: [
        { sku: 'tea-1', name: 'Tea', category: 'GENERAL' as const, unitPrice: 5000, quantity: 1 },
        { sku: 'cup-1', name: 'Cup', category: 'GENERAL' as const, unitPrice: 10000, quantity: 1 },
      ],
    };
    await applyFor(client, other, { ...scenarios.notShipped(), ...twoLines }, { reason: 'NO_LONGER_NEEDED' });

    // A fold writes its counters one by one: wait until it has written both lines' groups.
    await answerWhen(other.merchant, 'groupBy=sku', 'cup-1', (g) => g.applied === 1);
    const bySku = await answerWhen(other.merchant, 'groupBy=sku', 'tea-1', (g) => g.applied === 1);
    expect(bySku.merchantId).toBe(other.merchantId);
    expect(bySku.groups.map((g: Group) => [g.key, g.applied, g.appliedAmount])).toEqual([
      ['cup-1', 1, 10000],
      ['tea-1', 1, 5000],
    ]);
    // One refund of two lines is one refund in the total.
    expect(bySku.total).toMatchObject({ applied: 1, appliedAmount: 15000 });
    const byCategory = await analytics(other.merchant, 'groupBy=category');
    expect(byCategory.body.groups.map((g: Group) => [g.key, g.applied])).toEqual([['GENERAL', 1]]);

    const byScenario = await analytics(who.merchant, 'groupBy=scenario');
    expect(byScenario.status).toBe(200);
    const scenario = Object.fromEntries((byScenario.body.groups as Group[]).map((g) => [g.key, g]));
    expect(scenario.NOT_SHIPPED).toMatchObject({ applied: 1, paid: 1, instantShare: { value: 1 } });
    expect(scenario.IN_TRANSIT).toMatchObject({ applied: 3, paid: 1, rejected: 1, closed: 1 });
    expect(byScenario.body.total.applied).toBe(4);

    const byMerchant = await analytics(who.merchant, 'groupBy=merchant');
    expect(byMerchant.body.groups.map((g: Group) => g.key)).toEqual([who.merchantId]);
    const named = await analytics(who.merchant, `groupBy=reason&merchantId=${other.merchantId}`);
    expect(named.status).toBe(403);
    const financeOne = await analytics(who.finance, `groupBy=reason&merchantId=${who.merchantId}`);
    expect(financeOne.body.groups.map((g: Group) => [g.key, g.applied])).toEqual([['NO_LONGER_NEEDED', 4]]);
  });

  it('answers the same as CSV with Accept: text/csv', async () => {
    const r = await analytics(who.finance, `groupBy=reason&merchantId=${who.merchantId}`, { accept: 'text/csv' });
    expect(r.status).toBe(200);
    const rows = csvObjects(r.text);
    expect(rows.map((row) => row.key)).toEqual(['ALL', 'NO_LONGER_NEEDED']);
    expect(rows[1]).toMatchObject({
      groupBy: 'reason',
      applied: '4',
      appliedAmountDecimal: '516.00',
      paid: '2',
      instant: '1',
      instantShare: '0.25',
      disputed: '1',
      disputesForMerchant: '1',
    });
    expect(Number(rows[1]?.moneyP50Seconds)).toBeGreaterThanOrEqual(0);
  });

  it('counts an event delivered again only once', async () => {
    const paid = client.runtime.events.items.find(
      (e) => e.refund.refundId === refunds.instant && e.type === 'refund.paid',
    );
    expect(paid).toBeDefined();
    const again = await client.runtime.deployment.invoke(EVENT_FUNCTIONS.RefundAnalytics.id, {
      'detail-type': paid?.type,
      source: 'refund-pipeline.refunds',
      detail: paid,
    });
    expect(again).toEqual({ outcome: 'ALREADY_COUNTED' });
    const after = await analytics(who.finance, `groupBy=reason&merchantId=${who.merchantId}`);
    expect(after.body.groups[0]).toMatchObject({ applied: 4, paid: 2 });
    expect(client.runtime.events.deadLetters).toEqual([]);
  });

  it('refuses a bad groupBy or period with 400 and names the limit', async () => {
    for (const query of [
      'groupBy=colour',
      '',
      'groupBy=reason&from=2026-02-30',
      'groupBy=reason&from=2026-03-02&to=2026-03-01',
      'groupBy=reason&from=2025-01-01&to=2025-12-31',
      'groupBy=reason&to=2999-01-01',
      'groupBy=reason&extra=1',
    ]) {
      const r = await analytics(who.finance, query);
      expect(r.status, query).toBe(400);
      expect(r.body.error.code, query).toBe('VALIDATION_FAILED');
    }
    const tooLong = await analytics(who.finance, 'groupBy=reason&from=2025-01-01&to=2025-12-31');
    expect(JSON.stringify(tooLong.body)).toContain('92 days');
  });
});
