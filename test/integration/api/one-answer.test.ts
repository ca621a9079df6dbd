/**
 * Issue 14, "One policy, one answer", through the HTTP API: what `GET /v1/orders/{id}/refund-options` says is what
 * `POST /v1/refunds` and the lifecycle do; a return is asked for only when there are goods to return; what is not
 * offered is refused with 422, written nowhere and counted nowhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../functions/domain/policy/load.ts';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, eventually, startTestRuntime } from '../../support/local.ts';
import { daysAgo } from '../../support/scenarios.ts';
import { type Actors, actors, PAID_OUT, scenarios, statusOf, uniqueId } from '../../support/steps.ts';

let client: Client;
let reviewer: string;

beforeAll(async () => {
  // Real timers with the prod policy: nothing times out while the tests act.
  client = await startTestRuntime({ timeScale: 1, stage: 'prod' });
  reviewer = await client.token('reviewer', uniqueId('reviewer'));
  const available = await client.call('PUT', '/v1/review/availability', { token: reviewer, body: { available: true } });
  expect(available.status).toBe(200);
});
afterAll(() => client.runtime.stop());

const line = (category: string, unitPrice: number, sku = `${category.toLowerCase()}-1`) => ({
  sku,
  name: `${category} item`,
  category,
  unitPrice,
  quantity: 1,
});

/** Pushes an order for the actors' buyer and returns its id and refund options (English labels unless asked). */
async function anOrderWithOptions(who: Actors, facts: Record<string, unknown>, locale = 'en') {
  const orderId = uniqueId('order');
  const put = await client.call('PUT', `/v1/orders/${orderId}`, {
    token: who.system,
    body: anOrderBody({ userId: who.buyerId, merchantId: who.merchantId, ...facts }),
  });
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  const options = await client.call('GET', `/v1/orders/${orderId}/refund-options`, {
    token: who.buyer,
    headers: { 'accept-language': locale },
  });
  expect(options.status).toBe(200);
  const reason = (code: string) => options.body.reasons.find((r: { code: string }) => r.code === code);
  return { orderId, options: options.body, reason };
}

const apply = (who: Actors, body: Record<string, unknown>) =>
  client.call('POST', '/v1/refunds', { token: who.buyer, headers: { 'idempotency-key': uniqueId('key') }, body });

const notified = (refundId: string) =>
  client.runtime.outbox.entries.filter((e) => e.attributes?.refundId === refundId).map((e) => e.attributes?.event);

describe('a delivered parcel the buyer says never arrived (case 1)', () => {
  it('asks for no return; the reviewer’s approval pays', async () => {
    const who = await actors(client);
    const { orderId, reason } = await anOrderWithOptions(who, scenarios.deliveredDaysAgo(2));
    expect(reason('NOT_RECEIVED')).toMatchObject({
      outcome: 'MANUAL_REVIEW',
      returnRequired: false,
      payWhen: 'AFTER_DECISION',
    });
    const applied = await apply(who, { orderId, reason: 'NOT_RECEIVED' });
    expect(applied.status).toBe(201);
    const refundId = applied.body.refundId;
    await statusOf(client, who, refundId, 'MANUAL_REVIEW');
    const task = await eventually(async () => {
      const tasks = await client.call('GET', '/v1/review/tasks', { token: reviewer });
      return tasks.body.items.find((t: { refundId: string }) => t.refundId === refundId);
    });
    const decided = await client.call('POST', `/v1/review/tasks/${task.taskId}/decision`, {
      token: reviewer,
      body: { decision: 'APPROVE', note: 'Carrier confirms the parcel was lost' },
    });
    expect(decided.status).toBe(200);
    const paid = await statusOf(client, who, refundId, PAID_OUT);
    expect(paid.timeline.map((e: { status: string }) => e.status)).not.toContain('AWAITING_RETURN');
  });
});

describe('a new buyer’s ¥29 of general goods delivered two days ago (case 2)', () => {
  it('is approved at once, and paid when the return is shipped, as the options say', async () => {
    const who = await actors(client);
    const { orderId, reason } = await anOrderWithOptions(who, {
      ...scenarios.deliveredDaysAgo(2),
      paidAmount: 2900,
      items: [line('GENERAL', 2900)],
      buyer: { accountCreatedAt: daysAgo(3) },
    });
    expect(reason('NO_LONGER_NEEDED')).toEqual({
      code: 'NO_LONGER_NEEDED',
      label: 'No longer needed (7-day no-reason return)',
      outcome: 'AWAIT_RETURN',
      instant: true,
      returnRequired: true,
      payWhen: 'RETURN_SHIPPED',
      evidenceRequired: ['WAYBILL'],
    });
    const applied = await apply(who, { orderId, reason: 'NO_LONGER_NEEDED' });
    const refundId = applied.body.refundId;
    const waiting = await statusOf(client, who, refundId, 'AWAITING_RETURN');
    expect(waiting.decision).toMatchObject({ outcome: 'AWAIT_RETURN', by: 'SYSTEM' });
    expect(waiting.decision.rules).toContain('SMALL_AMOUNT.INSTANT');
    expect(notified(refundId)).toContain('RETURN_REQUESTED');
    const shipped = await client.call('POST', `/v1/refunds/${refundId}/return-shipment`, {
      token: who.buyer,
      body: { carrier: 'SF Express', trackingNumber: 'SF1234567890128' },
    });
    expect(shipped.status).toBe(200);
    await statusOf(client, who, refundId, PAID_OUT);
  });

  it('needs no return from a trusted buyer: the tier’s refund without return', async () => {
    const who = await actors(client);
    const { orderId, reason } = await anOrderWithOptions(who, {
      ...scenarios.deliveredDaysAgo(2),
      paidAmount: 2900,
      items: [line('GENERAL', 2900)],
      buyer: { creditScore: 900, accountCreatedAt: daysAgo(900) },
    });
    expect(reason('NO_LONGER_NEEDED')).toMatchObject({ outcome: 'APPROVE', returnRequired: false, payWhen: 'NOW' });
    const applied = await apply(who, { orderId, reason: 'NO_LONGER_NEEDED' });
    const paid = await statusOf(client, who, applied.body.refundId, PAID_OUT);
    expect(paid.decision.rules).toContain('TIER.NO_RETURN_LOW_VALUE');
  });
});

describe('applications the options do not offer (case 3, and the smaller cases of 9)', () => {
  const refusals: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    [
      'a quality claim on an unshipped order',
      scenarios.notShipped(),
      { reason: 'QUALITY_ISSUE' },
      'REASON_NOT_OFFERED',
    ],
    [
      'a no-reason return of custom goods',
      { ...scenarios.deliveredDaysAgo(2), items: [line('CUSTOM', 12900)] },
      { reason: 'NO_LONGER_NEEDED' },
      'REASON_NOT_OFFERED',
    ],
    [
      'a no-reason return of fresh goods',
      { ...scenarios.deliveredDaysAgo(1), items: [line('FRESH', 12900)] },
      { reason: 'NO_LONGER_NEEDED' },
      'REASON_NOT_OFFERED',
    ],
    [
      'a no-reason return after 7 days',
      scenarios.deliveredDaysAgo(10),
      { reason: 'NO_LONGER_NEEDED' },
      'WINDOW_EXPIRED',
    ],
    [
      'a redeemed voucher',
      { ...scenarios.deliveredDaysAgo(1), items: [line('VIRTUAL', 12900)], redeemed: true },
      { reason: 'OTHER' },
      'ALREADY_REDEEMED',
    ],
    [
      'a damaged voucher',
      { ...scenarios.deliveredDaysAgo(1), items: [line('VIRTUAL', 12900)], redeemed: false },
      { reason: 'DAMAGED' },
      'REASON_NOT_OFFERED',
    ],
    [
      'platform balance for an order paid from the balance',
      { ...scenarios.notShipped(), paymentMethod: 'BALANCE' },
      { reason: 'NO_LONGER_NEEDED', destination: 'BALANCE' },
      'DESTINATION_NOT_OFFERED',
    ],
  ];

  let who: Actors;
  beforeAll(async () => {
    who = await actors(client);
  });

  it.each(refusals)('%s is not offered, and refused with 422 and why', async (_, facts, application, code) => {
    const { orderId, options, reason } = await anOrderWithOptions(who, facts);
    if (code === 'DESTINATION_NOT_OFFERED') {
      expect(options.destinations.map((d: { type: string }) => d.type)).not.toContain(application.destination);
    } else {
      expect(reason(String(application.reason))).toBeUndefined();
    }
    const refused = await apply(who, { orderId, ...application });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe(code);
    const listed = await client.call('GET', `/v1/refunds?orderId=${orderId}`, { token: who.buyer });
    expect(listed.body.items).toEqual([]);
  });

  it('were written nowhere and count nowhere: the next application sees a buyer with no history', async () => {
    const { orderId } = await anOrderWithOptions(who, scenarios.notShipped());
    const applied = await apply(who, { orderId, reason: 'NO_LONGER_NEEDED' });
    const paid = await statusOf(client, who, applied.body.refundId, PAID_OUT);
    expect(paid.decision.riskScore).toBe(0);
    const all = await client.call('GET', '/v1/refunds', { token: who.buyer });
    expect(all.body.items.map((r: { refundId: string }) => r.refundId)).toEqual([applied.body.refundId]);
  });

  it('do not call changing one’s mind on an unshipped order a 7-day no-reason return', async () => {
    const { reason } = await anOrderWithOptions(who, scenarios.notShipped(), 'zh-CN');
    expect(reason('NO_LONGER_NEEDED').label).toBe('不想要了');
  });
});

describe('a mixed order of fresh goods and a voucher (case 6)', () => {
  it('is ranked one way: the options and the application both follow the fresh goods', async () => {
    const who = await actors(client);
    const { orderId, options, reason } = await anOrderWithOptions(who, {
      ...scenarios.deliveredDaysAgo(1),
      paidAmount: 12900,
      items: [line('VIRTUAL', 2900), line('FRESH', 10000)],
      redeemed: false,
    });
    expect(options.category).toBe('FRESH');
    expect(reason('NO_LONGER_NEEDED')).toBeUndefined();
    expect(reason('QUALITY_ISSUE')).toMatchObject({ outcome: 'AWAIT_EVIDENCE', returnRequired: false });
    expect((await apply(who, { orderId, reason: 'NO_LONGER_NEEDED' })).body.error.code).toBe('REASON_NOT_OFFERED');
    const applied = await apply(who, { orderId, reason: 'QUALITY_ISSUE' });
    expect(applied.status).toBe(201);
    const waiting = await statusOf(client, who, applied.body.refundId, 'AWAITING_EVIDENCE');
    expect(waiting.decision.outcome).toBe('AWAIT_EVIDENCE');
    await client.call('POST', `/v1/refunds/${applied.body.refundId}/cancel`, { token: who.buyer });
  });
});

describe('a buyer whose refund history makes them high risk (case 7)', () => {
  it('is not shown an instant refund, and the policy of the options is the one that decides', async () => {
    const who = await actors(client);
    const newAccount = { buyer: { accountCreatedAt: daysAgo(1) } };
    for (let i = 0; i < 8; i++) {
      const { orderId } = await anOrderWithOptions(who, {
        ...scenarios.notShipped(),
        ...newAccount,
        paidAmount: 1000,
        items: [line('GENERAL', 1000)],
      });
      expect((await apply(who, { orderId, reason: 'ORDERED_BY_MISTAKE' })).status).toBe(201);
    }
    const { orderId, options } = await anOrderWithOptions(who, {
      ...scenarios.notShipped(),
      ...newAccount,
      paidAmount: 10000,
      items: [line('GENERAL', 10000)],
    });
    expect(options.instantEligible).toBe(false);
    expect(options.reasons.map((r: { outcome: string }) => r.outcome)).toEqual(
      options.reasons.map(() => 'MANUAL_REVIEW'),
    );
    const applied = await apply(who, { orderId, reason: 'NO_LONGER_NEEDED' });
    const reviewed = await statusOf(client, who, applied.body.refundId, 'MANUAL_REVIEW');
    expect(reviewed.decision).toMatchObject({ outcome: 'MANUAL_REVIEW', policyVersion: options.policyVersion });
    expect(reviewed.decision.riskScore).toBeGreaterThanOrEqual(60);
  });
});

describe("a buyer's refund rate (refunds ÷ orders paid in the last 90 days)", () => {
  it('scores by the orders the order system pushed, counting only those paid in the window', async () => {
    const who = await actors(client);
    const order = (paidAt: string) =>
      anOrderWithOptions(who, { ...scenarios.notShipped(), paidAt, paidAmount: 1000, items: [line('GENERAL', 1000)] });
    // An order paid 100 days ago is outside the window; one refunded last week and the one applied for are in it.
    await order(daysAgo(100));
    const refunded = await order(daysAgo(7));
    expect((await apply(who, { orderId: refunded.orderId, reason: 'ORDERED_BY_MISTAKE' })).status).toBe(201);
    const { orderId } = await order(daysAgo(1));

    const applied = await apply(who, { orderId, reason: 'ORDERED_BY_MISTAKE' });
    expect(applied.status).toBe(201);
    // 1 refund over 2 orders in the window: the policy's refund-rate ramp at 0.5, and no other factor scores.
    const ramp = loadPolicy('prod').risk.weights.refundRate90d;
    expect(applied.body.decision.riskScore).toBe(Math.round((ramp.max * (0.5 - ramp.from)) / (ramp.to - ramp.from)));
    expect(applied.body.decision.riskScore).toBeGreaterThan(0);
  });
});
