/**
 * Refund events over the local runtime, published from DynamoDB Local's stream through the deployed enrichment
 * function (local/refund-events.ts): walking the lifecycle's paths (the merchant approves and the money arrives; a
 * rejection disputed and ruled on; a rejection accepted; a partial offer; a cancellation; a failed payout), every
 * status change publishes exactly one event of its type whose previousStatus is the status before, each event
 * validates against its schema, and the consumer given with `events.to` receives each one signed and exactly once,
 * though it answers 500 to its first two deliveries.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { RefundEvent } from '../../../functions/domain/events/refund-event.ts';
import { verifyWebhook } from '../../../functions/domain/payout/signature.ts';
import { EVENT_HEADERS } from '../../../local/refund-events.ts';
import { schemaErrors } from '../../support/event-schemas.ts';
import { eventually } from '../../support/local.ts';
import { applyFor, givenARuntimeWithActors, scenarios, statusOf } from '../../support/steps.ts';

const SECRET = 'events-test-secret';

/** An integrator's endpoint: refuses (500) its first two deliveries, then takes each event it can verify. */
const received: { event: RefundEvent; verified: boolean }[] = [];
let refusals = 2;
const consumer = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (refusals > 0) {
      refusals--;
      response.writeHead(500).end();
      return;
    }
    const raw = Buffer.concat(chunks);
    const check = verifyWebhook(raw, request.headers[EVENT_HEADERS.signature] as string | undefined, SECRET, {
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    received.push({ event: JSON.parse(raw.toString('utf8')), verified: check.ok });
    response.writeHead(204).end();
  });
});
consumer.listen(0, '127.0.0.1');
await once(consumer, 'listening');
afterAll(() => new Promise<void>((resolve) => consumer.close(() => resolve())));

// Real timers (scale 1) with the prod policy: nothing times out while people act.
const { client, who } = givenARuntimeWithActors({
  timeScale: 1,
  stage: 'prod',
  availableReviewer: true,
  events: {
    to: `http://127.0.0.1:${(consumer.address() as AddressInfo).port}/hooks/refunds`,
    secret: SECRET,
    retryBaseMs: 20,
  },
});

const decide = (refundId: string, body: Record<string, unknown>) =>
  client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, { token: who.merchant, body });

const eventsOf = (refundId: string) => client.runtime.events.items.filter((e) => e.refund.refundId === refundId);

/** Waits until the refund's events reach `last` (a type), then returns them all. */
const eventsUntil = (refundId: string, last: RefundEvent['type']) =>
  eventually(async () => {
    const events = eventsOf(refundId);
    return events.some((e) => e.type === last) ? events : undefined;
  });

/**
 * One event per change of status: the events chain (each one's previousStatus is the status the one before left
 * the refund in), none is repeated, and the statuses they report are the refund's timeline with repeats collapsed.
 */
async function expectOneEventPerTransition(refundId: string, events: RefundEvent[]) {
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  expect(events[0]).toMatchObject({ type: 'refund.submitted', previousStatus: null });
  for (let i = 1; i < events.length; i++) {
    expect(events[i]?.previousStatus, `${events[i]?.type}`).toBe(events[i - 1]?.refund.status);
  }
  for (const event of events) expect(schemaErrors(event), event.type).toEqual([]);
  const refund = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
  const statuses = (refund.body.timeline as { status: string }[])
    .map((e) => e.status)
    .filter((status, i, all) => i === 0 || all[i - 1] !== status);
  expect(
    events.filter((e) => e.type !== 'refund.closed' || e.previousStatus !== 'REJECTED').map((e) => e.refund.status),
  ).toEqual(statuses);
}

describe('refund events for integrators (local: DynamoDB Local stream → RefundEvents function)', () => {
  it('the merchant approves and the money arrives: submitted, merchant review, approved, payout sent, paid', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    expect((await decide(refundId, { decision: 'APPROVE', reason: 'checked' })).status).toBe(200);
    const events = await eventsUntil(refundId, 'refund.paid');
    expect(events.map((e) => e.type)).toEqual([
      'refund.submitted',
      'refund.merchant_review_requested',
      'refund.approved',
      'refund.payout_sent',
      'refund.paid',
    ]);
    expect(events.at(-1)).toMatchObject({ payout: { method: expect.any(String), providerRef: expect.any(String) } });
    await expectOneEventPerTransition(refundId, events);
  });

  it('an instant approval (秒批): submitted, approved, payout sent, paid, though approval and payout are one write', async () => {
    const { refundId } = await applyFor(client, who, scenarios.notShipped(), { reason: 'NO_LONGER_NEEDED' });
    const events = await eventsUntil(refundId, 'refund.paid');
    expect(events.map((e) => [e.type, e.previousStatus])).toEqual([
      ['refund.submitted', null],
      ['refund.approved', 'SUBMITTED'],
      ['refund.payout_sent', 'APPROVED'],
      ['refund.paid', 'PAYOUT_PENDING'],
    ]);
    await expectOneEventPerTransition(refundId, events);
  });

  it('a rejection the buyer disputes: rejected (not final), review, rejected (final)', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    expect((await decide(refundId, { decision: 'REJECT', reason: 'checked' })).status).toBe(200);
    await statusOf(client, who, refundId, 'REJECTED');
    const disputed = await client.call('POST', `/v1/refunds/${refundId}/dispute`, {
      token: who.buyer,
      body: { note: 'The parcel was never delivered' },
    });
    expect(disputed.status).toBe(200);
    await statusOf(client, who, refundId, 'MANUAL_REVIEW');
    const task = await eventually(async () => {
      const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
      return tasks.body.items.find((t: { refundId: string }) => t.refundId === refundId);
    });
    const ruled = await client.call('POST', `/v1/review/tasks/${task.taskId}/decision`, {
      token: who.reviewer,
      body: { decision: 'REJECT', note: 'Delivered and signed for' },
    });
    expect(ruled.status).toBe(200);
    const events = await eventually(async () => {
      const all = eventsOf(refundId);
      return all.filter((e) => e.type === 'refund.rejected').length === 2 ? all : undefined;
    });
    expect(events.map((e) => [e.type, e.final])).toEqual([
      ['refund.submitted', undefined],
      ['refund.merchant_review_requested', undefined],
      ['refund.rejected', false],
      ['refund.review_requested', undefined],
      ['refund.rejected', true],
    ]);
    await expectOneEventPerTransition(refundId, events);
  });

  it('a rejection the buyer accepts closes the refund: refund.closed REJECTION_ACCEPTED', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    expect((await decide(refundId, { decision: 'REJECT', reason: 'checked' })).status).toBe(200);
    await statusOf(client, who, refundId, 'REJECTED');
    expect((await client.call('POST', `/v1/refunds/${refundId}/accept`, { token: who.buyer })).status).toBe(200);
    const events = await eventsUntil(refundId, 'refund.closed');
    expect(events.at(-1)).toMatchObject({
      type: 'refund.closed',
      closeReason: 'REJECTION_ACCEPTED',
      previousStatus: 'REJECTED',
      refund: { status: 'REJECTED' },
    });
    await expectOneEventPerTransition(refundId, events);
  });

  it('a partial offer, then the buyer cancels: offer made, closed CANCELLED_BY_BUYER', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    expect((await decide(refundId, { decision: 'OFFER', amount: 8000 })).status).toBe(200);
    await eventsUntil(refundId, 'refund.offer_made');
    expect((await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer })).status).toBe(200);
    const events = await eventsUntil(refundId, 'refund.closed');
    expect(events.map((e) => e.type).slice(-2)).toEqual(['refund.offer_made', 'refund.closed']);
    expect(events.at(-1)).toMatchObject({ closeReason: 'CANCELLED_BY_BUYER', previousStatus: 'AWAITING_BUYER' });
    await expectOneEventPerTransition(refundId, events);
  });

  it('a payout the channel fails: payout_failed with the method and the provider reference', async () => {
    expect((await client.call('PUT', '/local/payments/faults', { body: { failureRate: 1 } })).status).toBe(200);
    try {
      const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
      await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
      expect((await decide(refundId, { decision: 'APPROVE', reason: 'checked' })).status).toBe(200);
      const events = await eventsUntil(refundId, 'refund.payout_failed');
      expect(events.at(-1)).toMatchObject({
        previousStatus: 'PAYOUT_PENDING',
        payout: { method: expect.any(String), providerRef: expect.any(String) },
      });
      await expectOneEventPerTransition(refundId, events);
    } finally {
      await client.call('PUT', '/local/payments/faults', { body: { failureRate: 0 } });
    }
  });

  it('delivers every event to the consumer signed and exactly once, though it refused the first two with 500', async () => {
    const kept = client.runtime.events.items;
    expect(kept.length).toBeGreaterThanOrEqual(20);
    await eventually(async () => (received.length >= kept.length ? true : undefined));
    expect(refusals).toBe(0);
    expect(client.runtime.events.attempts.filter((a) => a.status === 500)).toHaveLength(2);
    expect(received.every((r) => r.verified)).toBe(true);
    const ids = received.map((r) => r.event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, kept.length)).toEqual(kept.map((e) => e.id));
  });
});
