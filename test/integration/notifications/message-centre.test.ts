/**
 * The message centre over HTTP on the local runtime (real handlers, DynamoDB Local, the real ASL, responses checked
 * against openapi.json): a new refund reaches the merchant's centre and topic, the merchant's rejection reaches the
 * buyer's, each reads them in its own language (zh-CN by default), marks one read (twice: the same answer), and
 * nobody else can read or mark them (404); a malformed id or cursor is 400.
 */
import { describe, expect, it } from 'vitest';
import { eventually } from '../../support/local.ts';
import { applyFor, castOf, givenARuntimeWithActors, scenarios, statusOf } from '../../support/steps.ts';

const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod' });

interface Item {
  id: string;
  at: string;
  refundId?: string;
  channel: string;
  title: string;
  body: string;
  read: boolean;
}

const centre = (token: string, language?: string, query = '') =>
  client.call('GET', `/v1/notifications${query}`, {
    token,
    ...(language ? { headers: { 'accept-language': language } } : {}),
  });
const about = (refundId: string, items: Item[]) => items.filter((i) => i.refundId === refundId);

describe('the message centre', () => {
  it('keeps what buyer and merchant were told, in their language, and marks it read once for all', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');

    // The merchant hears of the new refund: in its centre and on its own channel (the merchant topic in AWS).
    const queued = await eventually(async () => {
      const page = await centre(who.merchant);
      return about(refundId, page.body.items)[0];
    });
    expect(queued).toMatchObject({ refundId, channel: 'CONSOLE', title: '新的退款申请待处理', read: false });
    expect(queued.body).toContain(refundId);
    const english = await centre(who.merchant, 'en');
    expect(about(refundId, english.body.items)[0]).toMatchObject({ id: queued.id, title: 'New refund to decide' });
    expect(
      client.runtime.outbox.entries.some(
        (e) => e.channel === 'merchant' && e.attributes?.refundId === refundId && e.attributes?.event === 'NEW_REFUND',
      ),
    ).toBe(true);

    const rejected = await client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
      token: who.merchant,
      body: { decision: 'REJECT', reason: 'not as described' },
    });
    expect(rejected.status).toBe(200);
    const told = await eventually(async () => about(refundId, (await centre(who.buyer)).body.items)[0]);
    expect(told).toMatchObject({ refundId, channel: 'PUSH', title: '退款申请未通过', read: false });
    expect(told.body).toContain('申请平台介入');
    const inEnglish = about(refundId, (await centre(who.buyer, 'en')).body.items);
    expect(inEnglish).toEqual([expect.objectContaining({ id: told.id, title: 'Refund not approved' })]);
    // The buyer never sees the merchant's notices, nor the merchant the buyer's.
    expect(about(refundId, (await centre(who.buyer)).body.items).map((i: Item) => i.id)).not.toContain(queued.id);

    // Nobody else marks it: another buyer, the refund's own merchant (its inbox has no such id).
    const other = await castOf(client);
    for (const token of [other.buyer, who.merchant]) {
      const refused = await client.call('POST', `/v1/notifications/${told.id}/read`, { token });
      expect(refused.status).toBe(404);
    }
    expect(about(refundId, (await centre(other.buyer)).body.items)).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const marked = await client.call('POST', `/v1/notifications/${told.id}/read`, { token: who.buyer });
      expect(marked.status).toBe(200);
      expect(marked.body).toEqual({ id: told.id, read: true });
    }
    expect(about(refundId, (await centre(who.buyer)).body.items)[0]).toMatchObject({ id: told.id, read: true });
    // The merchant's copy of its own notice is untouched.
    expect(about(refundId, (await centre(who.merchant)).body.items)[0]).toMatchObject({ id: queued.id, read: false });
  });

  it('pages newest first with a cursor', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    await eventually(async () => about(refundId, (await centre(who.merchant)).body.items)[0]);
    const first = await centre(who.merchant, undefined, '?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0].refundId).toBe(refundId);
    expect(first.body.cursor).toEqual(expect.any(String));
    const next = await centre(who.merchant, undefined, `?limit=1&cursor=${encodeURIComponent(first.body.cursor)}`);
    expect(next.status).toBe(200);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].at <= first.body.items[0].at).toBe(true);
    expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('refuses malformed ids and cursors, and callers it is not for', async () => {
    expect((await client.call('POST', '/v1/notifications/not-an-id/read', { token: who.buyer })).status).toBe(400);
    expect((await centre(who.buyer, undefined, '?cursor=bm9wZQ')).status).toBe(400);
    expect((await centre(who.buyer, undefined, '?limit=0')).status).toBe(400);
    expect((await centre(who.buyer, undefined, '?junk=1')).status).toBe(400);
    expect((await centre(who.reviewer)).status).toBe(403);
    expect((await centre(who.finance)).status).toBe(403);
  });
});
