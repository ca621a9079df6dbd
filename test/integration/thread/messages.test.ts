/**
 * The negotiation thread over HTTP on the local runtime (real handlers, DynamoDB Local, the real ASL, responses
 * checked against openapi.json): buyer, merchant and the assigned reviewer post and read; everyone else gets 404;
 * bad input is 400/422 and writes nothing; a final refund's thread is closed (409); a retried post is posted once.
 * Each message is a timeline entry of the refund and notifies the other side (the outbox).
 */
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../local/outbox.ts';
import { eventually } from '../../support/local.ts';
import { applyFor, givenARuntimeWithActors, scenarios, statusOf, uniqueId } from '../../support/steps.ts';

// Real timers with the prod policy: nothing times out while people talk.
const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod', availableReviewer: true });

/** `key: null` sends no Idempotency-Key. */
const post = (refundId: string, token: string, body: unknown, key: string | null = uniqueId('msg')) =>
  client.call('POST', `/v1/refunds/${refundId}/messages`, {
    token,
    body,
    ...(key === null ? {} : { headers: { 'idempotency-key': key } }),
  });
const read = (refundId: string, token: string, query = '') =>
  client.call('GET', `/v1/refunds/${refundId}/messages${query}`, { token });

const outboxFor = (refundId: string): OutboxEntry[] =>
  client.runtime.outbox.entries.filter(
    (e) => e.attributes?.refundId === refundId && e.attributes?.event === 'NEW_MESSAGE',
  );

async function waitingForTheMerchant() {
  const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
  await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
  return refundId;
}

describe('a refund waiting for the merchant', () => {
  it('buyer and merchant talk: each message in the thread and the timeline, the other side told', async () => {
    const refundId = await waitingForTheMerchant();
    const asked = await post(refundId, who.buyer, { text: '  Could you refund today?  ' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ author: { role: 'buyer', id: who.buyerId }, text: 'Could you refund today?' });
    const answered = await post(refundId, who.merchant, { text: '明天处理，谢谢。' });
    expect(answered.status).toBe(201);
    expect(answered.body.author).toEqual({ role: 'merchant', id: who.merchantId });

    for (const token of [who.buyer, who.merchant]) {
      const thread = await read(refundId, token);
      expect(thread.status).toBe(200);
      expect(thread.body.items.map((m: { text: string }) => m.text)).toEqual([
        'Could you refund today?',
        '明天处理，谢谢。',
      ]);
    }
    const refund = await client.call('GET', `/v1/refunds/${refundId}`, {
      token: who.buyer,
      headers: { 'accept-language': 'en' },
    });
    expect(refund.body.status).toBe('AWAITING_MERCHANT');
    const messages = refund.body.timeline.filter((e: { kind?: string }) => e.kind === 'MESSAGE');
    expect(messages).toEqual([
      expect.objectContaining({ actor: 'BUYER', messageId: asked.body.messageId, status: 'AWAITING_MERCHANT' }),
      expect.objectContaining({
        actor: 'MERCHANT',
        messageId: answered.body.messageId,
        label: 'Message from the merchant',
      }),
    ]);
    expect(refund.body).not.toHaveProperty('thread');

    await eventually(async () => (outboxFor(refundId).length === 2 ? true : undefined));
    expect(outboxFor(refundId).map((e) => e.channel)).toEqual(['merchant', 'buyer']);
    expect(outboxFor(refundId)[0]?.attributes).toMatchObject({ event: 'NEW_MESSAGE', merchantId: who.merchantId });
    expect(outboxFor(refundId)[1]?.text).toContain('商家');
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
  });

  it('pages oldest first', async () => {
    const refundId = await waitingForTheMerchant();
    for (const text of ['one', 'two', 'three']) expect((await post(refundId, who.buyer, { text })).status).toBe(201);
    const first = await read(refundId, who.merchant, '?limit=2');
    expect(first.body.items.map((m: { text: string }) => m.text)).toEqual(['one', 'two']);
    const rest = await read(refundId, who.merchant, `?limit=2&cursor=${first.body.cursor}`);
    expect(rest.body.items.map((m: { text: string }) => m.text)).toEqual(['three']);
    expect(rest.body.cursor).toBeUndefined();
    expect((await read(refundId, who.merchant, '?cursor=bm9wZQ')).status).toBe(400);
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
  });

  it('a retried post (same Idempotency-Key) is posted once and answers the same bytes', async () => {
    const refundId = await waitingForTheMerchant();
    const [a, b] = await Promise.all([
      post(refundId, who.buyer, { text: 'twice?' }, 'retry-1'),
      post(refundId, who.buyer, { text: 'twice?' }, 'retry-1'),
    ]);
    const c = await post(refundId, who.buyer, { text: 'twice?' }, 'retry-1');
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.text, b.text, c.text]).size).toBe(1);
    expect((await read(refundId, who.buyer)).body.items).toHaveLength(1);
    const reused = await post(refundId, who.buyer, { text: 'something else' }, 'retry-1');
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await eventually(async () => (outboxFor(refundId).length === 1 ? true : undefined));
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
  });

  it('refuses bad input with 400/422 and writes nothing', async () => {
    const refundId = await waitingForTheMerchant();
    const cases: [unknown, string | null, number, string][] = [
      [{ text: 'no key' }, null, 400, 'VALIDATION_FAILED'],
      [{ text: '   ' }, 'k1', 400, 'VALIDATION_FAILED'],
      [{ text: 'x'.repeat(501) }, 'k2', 400, 'VALIDATION_FAILED'],
      [{ text: 'bell\u0007' }, 'k3', 400, 'VALIDATION_FAILED'],
      [{ text: 'hi', extra: 1 }, 'k4', 400, 'VALIDATION_FAILED'],
      [{ text: 'hi', evidenceIds: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'k5', 400, 'VALIDATION_FAILED'],
      [{ text: 'hi', evidenceIds: ['ev-not-mine'] }, 'k6', 422, 'UNKNOWN_EVIDENCE'],
    ];
    for (const [body, key, status, code] of cases) {
      const r = await post(refundId, who.buyer, body, key);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect((await read(refundId, who.buyer)).body.items).toEqual([]);
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
  });

  it('may reference the refund’s own evidence', async () => {
    const refundId = await waitingForTheMerchant();
    const upload = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
      token: who.buyer,
      body: { kind: 'PHOTO', contentType: 'image/png', contentLength: 68 },
    });
    expect(upload.status).toBe(201);
    const posted = await post(refundId, who.buyer, { text: 'see photo', evidenceIds: [upload.body.evidenceId] });
    expect(posted.status).toBe(201);
    expect(posted.body.evidenceIds).toEqual([upload.body.evidenceId]);
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
  });

  it('is 404 to other buyers, other merchants and reviewers not assigned to it; 403 to finance', async () => {
    const refundId = await waitingForTheMerchant();
    const strangers = [
      await client.token('buyer', uniqueId('buyer')),
      await client.token('merchant', uniqueId('staff'), uniqueId('merchant')),
      who.reviewer,
    ];
    for (const token of strangers) {
      expect((await post(refundId, token, { text: 'hi' })).status).toBe(404);
      expect((await read(refundId, token)).status).toBe(404);
    }
    expect((await read(refundId, who.finance)).status).toBe(403);
    expect((await read(refundId, who.buyer)).body.items).toEqual([]);
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
  });

  it('closes the thread once the refund is final (409 THREAD_CLOSED)', async () => {
    const refundId = await waitingForTheMerchant();
    expect((await post(refundId, who.buyer, { text: 'before' }, 'before-close')).status).toBe(201);
    expect((await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer })).status).toBe(200);
    const closed = await post(refundId, who.merchant, { text: 'too late' });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('THREAD_CLOSED');
    // Still readable; a retry of what was posted before the close still answers it.
    expect((await read(refundId, who.merchant)).body.items).toHaveLength(1);
    expect((await post(refundId, who.buyer, { text: 'before' }, 'before-close')).status).toBe(201);
  });
});

describe('a refund in manual review', () => {
  it('its assigned reviewer reads and writes the thread, and sees it in the task', async () => {
    const { refundId } = await applyFor(client, who, scenarios.deliveredDaysAgo(2), { reason: 'NOT_RECEIVED' });
    await statusOf(client, who, refundId, 'MANUAL_REVIEW');
    // The task is assigned just after the wait holds its token: until then the reviewer is nobody's (404).
    await eventually(async () => {
      const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
      return tasks.body.items.some((t: { refundId: string }) => t.refundId === refundId) ? true : undefined;
    });
    expect((await post(refundId, who.buyer, { text: 'It never arrived.' })).status).toBe(201);
    const asked = await post(refundId, who.reviewer, { text: 'Merchant, please send proof of delivery.' });
    expect(asked.status).toBe(201);
    expect(asked.body.author).toEqual({ role: 'reviewer', id: who.reviewerId });
    expect((await read(refundId, who.reviewer)).body.items).toHaveLength(2);

    const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
    const task = tasks.body.items.find((t: { refundId: string }) => t.refundId === refundId);
    expect(task.thread.map((m: { text: string }) => m.text)).toEqual([
      'It never arrived.',
      'Merchant, please send proof of delivery.',
    ]);
    await eventually(async () => (outboxFor(refundId).length === 3 ? true : undefined));
    expect(
      outboxFor(refundId)
        .map((e) => e.channel)
        .sort(),
    ).toEqual(['buyer', 'merchant', 'merchant']);
  });
});
