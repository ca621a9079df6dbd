/**
 * Evidence people can see (issue 15 item 6), over HTTP on the local runtime: a buyer uploads a photo through the
 * upload flow; the buyer, the merchant and, once the refund is in arbitration, the reviewer holding the task each get
 * a five-minute URL and read back the very bytes that were uploaded. The local stand-in for S3 refuses a URL with a
 * changed signature, version, type or expiry, and an expired one; another buyer, merchant or reviewer is told the
 * refund does not exist; a grant whose file never arrived is 409.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../functions/ports/clock.ts';
import { eventually } from '../../support/local.ts';
import { applyFor, type Cast, castOf, givenARuntimeWithActors, scenarios, statusOf } from '../../support/steps.ts';

/** The wall clock, movable forward (the read URLs' expiry is checked against the runtime's clock). */
let ahead = 0;
const clock: Clock = { now: () => new Date(Date.now() + ahead) };

// Real timers with the prod policy: nothing times out while people look at the photo.
const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod', availableReviewer: true, clock });

const PHOTO = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 64 }, (_, i) => i)]);

let others: Cast;
let refundId: string;
let photoId: string;
let pendingId: string;

const urlFor = (token: string, evidenceId = photoId, refund = refundId) =>
  client.call('GET', `/v1/refunds/${refund}/evidence/${evidenceId}`, { token });

/** GETs a read URL as a browser would: no credentials. */
const open = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), bytes: await response.arrayBuffer() };
};

async function upload(bytes: Buffer): Promise<string> {
  const grant = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
    token: who.buyer,
    body: { kind: 'PHOTO', contentType: 'image/png', contentLength: bytes.length },
  });
  expect(grant.status).toBe(201);
  const put = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: grant.body.headers, body: bytes });
  expect(put.status).toBe(200);
  return grant.body.evidenceId;
}

beforeAll(async () => {
  others = await castOf(client);
  ({ refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' }));
  await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
  photoId = await upload(PHOTO);
  // The S3 event reaches the OCR function after the upload is answered; it records the arrival.
  await eventually(async () => {
    const refund = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
    return refund.body.evidence?.find((e: { evidenceId: string }) => e.evidenceId === photoId)?.uploadedAt;
  });
  const pending = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
    token: who.buyer,
    body: { kind: 'PHOTO', contentType: 'image/jpeg', contentLength: 10 },
  });
  pendingId = pending.body.evidenceId;
});

describe('a photo the buyer uploaded', () => {
  it('is listed with its id to the buyer and the merchant', async () => {
    const asBuyer = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
    expect(asBuyer.body.evidence.map((e: { evidenceId: string }) => e.evidenceId)).toEqual([photoId, pendingId]);
    const queue = await client.call('GET', '/v1/merchant/refunds?status=AWAITING_MERCHANT', { token: who.merchant });
    const mine = queue.body.items.find((r: { refundId: string }) => r.refundId === refundId);
    expect(mine.evidence.map((e: { evidenceId: string }) => e.evidenceId)).toEqual([photoId, pendingId]);
  });

  it('can be seen by the buyer and the merchant: the bytes uploaded, as the type uploaded, for five minutes', async () => {
    for (const token of [who.buyer, who.merchant]) {
      const before = Date.now();
      const grant = await urlFor(token);
      expect(grant.status).toBe(200);
      expect(Object.keys(grant.body).sort()).toEqual(['expiresAt', 'url']);
      const lifetime = Date.parse(grant.body.expiresAt) - before;
      expect(lifetime).toBeGreaterThan(290_000);
      expect(lifetime).toBeLessThanOrEqual(301_000);
      const file = await open(grant.body.url);
      expect(file.status).toBe(200);
      expect(file.type).toBe('image/png');
      expect(Buffer.from(file.bytes).equals(PHOTO)).toBe(true);
    }
  });

  it('is not shown to a reviewer before a task holds the refund, nor to another buyer or merchant', async () => {
    for (const token of [who.reviewer, others.buyer, others.merchant, others.reviewer]) {
      const refused = await urlFor(token);
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe('NOT_FOUND');
      expect(refused.text).not.toContain('url');
    }
  });

  it('is 404 under an unknown id and 409 when only the upload URL was granted', async () => {
    expect((await urlFor(who.buyer, 'ev_nope')).status).toBe(404);
    expect((await urlFor(who.buyer, photoId, 'rf_nope')).status).toBe(404);
    const pending = await urlFor(who.merchant, pendingId);
    expect(pending.status).toBe(409);
    expect(pending.body.error.code).toBe('EVIDENCE_NOT_UPLOADED');
    // Someone who may not see the refund learns nothing, not even that the file is missing.
    expect((await urlFor(others.buyer, pendingId)).status).toBe(404);
  });

  it('refuses bad input and roles that see no evidence', async () => {
    const bad = await client.call('GET', `/v1/refunds/${refundId}/evidence/${'x'.repeat(129)}`, { token: who.buyer });
    expect(bad.status).toBe(400);
    const query = await client.call('GET', `/v1/refunds/${refundId}/evidence/${photoId}?download=1`, {
      token: who.buyer,
    });
    expect(query.status).toBe(400);
    for (const token of [who.finance, who.system]) expect((await urlFor(token)).status).toBe(403);
  });

  it('cannot be read through a changed URL: signature, version, type or expiry', async () => {
    const { url } = (await urlFor(who.buyer)).body;
    const changed = (name: string, value: string) => {
      const u = new URL(url);
      u.searchParams.set(name, value);
      return u.toString();
    };
    const tampered = [
      changed('sig', `${new URL(url).searchParams.get('sig')?.slice(0, -2)}AA`),
      changed('v', 'another-version'),
      changed('ct', 'text/html'),
      changed('exp', String(Math.floor(Date.now() / 1000) + 86_400)),
      url.replace(photoId, pendingId),
    ];
    for (const forged of tampered) {
      const refused = await open(forged);
      expect(refused.status, forged).toBe(403);
      expect(JSON.parse(Buffer.from(refused.bytes).toString()).error.code).toBe('SIGNATURE_MISMATCH');
    }
    // An upload URL's signature reads nothing either.
    const uploadSig = new URL(url);
    uploadSig.searchParams.delete('v');
    expect((await open(uploadSig.toString())).status).toBe(403);
  });
});

describe('in arbitration', () => {
  let taskId: string;
  beforeAll(async () => {
    const rejected = await client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
      token: who.merchant,
      body: { decision: 'REJECT', reason: 'the photo shows no damage' },
    });
    expect(rejected.status).toBe(200);
    await statusOf(client, who, refundId, 'REJECTED');
    const disputed = await client.call('POST', `/v1/refunds/${refundId}/dispute`, {
      token: who.buyer,
      body: { note: 'look at the photo' },
    });
    expect(disputed.status).toBe(200);
    await statusOf(client, who, refundId, 'MANUAL_REVIEW');
    taskId = await eventually(async () => {
      const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
      return tasks.body.items.find((t: { refundId: string }) => t.refundId === refundId)?.taskId;
    });
  });

  it("the reviewer's task lists the evidence by id, and the reviewer holding it sees the photo", async () => {
    const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
    const task = tasks.body.items.find((t: { taskId: string }) => t.taskId === taskId);
    expect(task.evidence.map((e: { evidenceId: string }) => e.evidenceId)).toEqual([photoId, pendingId]);
    const grant = await urlFor(who.reviewer);
    expect(grant.status).toBe(200);
    const file = await open(grant.body.url);
    expect(Buffer.from(file.bytes).equals(PHOTO)).toBe(true);
    expect((await urlFor(others.reviewer)).status).toBe(404);
  });

  it('a URL stops working once five minutes have passed', async () => {
    const { url } = (await urlFor(who.merchant)).body;
    expect((await open(url)).status).toBe(200);
    ahead = 5 * 60_000 + 2_000;
    try {
      const expired = await open(url);
      expect(expired.status).toBe(403);
      expect(JSON.parse(Buffer.from(expired.bytes).toString()).error.code).toBe('URL_EXPIRED');
      // A new URL, asked for now, works.
      const fresh = (await urlFor(who.merchant)).body.url;
      expect((await open(fresh)).status).toBe(200);
    } finally {
      ahead = 0;
    }
  });

  it('the reviewer no longer sees it once the task is decided; the buyer still does', async () => {
    const decided = await client.call('POST', `/v1/review/tasks/${taskId}/decision`, {
      token: who.reviewer,
      body: { decision: 'APPROVE', note: 'the photo shows the damage' },
    });
    expect(decided.status).toBe(200);
    expect((await urlFor(who.reviewer)).status).toBe(404);
    expect((await urlFor(who.buyer)).status).toBe(200);
  });
});
