/**
 * A buyer asks what is possible for an order, applies, and uploads evidence through the local stand-in for S3.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { refundKey } from '../../../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, eventually, startTestRuntime } from '../../support/local.ts';

let client: Client;
let system: string;
let buyer: string;
let stranger: string;

beforeAll(async () => {
  // Production deadlines: the buyer's 7 days to send evidence must not run out during the test.
  client = await startTestRuntime({ stage: 'prod' });
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'buyer-1');
  stranger = await client.token('buyer', 'buyer-2');
});
afterAll(() => client.runtime.stop());

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function storedRefund(refundId: string) {
  const got = await dynamoClient().send(
    new GetCommand({
      TableName: client.runtime.tableName(MAIN_TABLE),
      Key: refundKey(refundId),
    }),
  );
  return got.Item;
}

describe('a buyer looking at a delivered order', () => {
  beforeAll(async () => {
    const delivered = anOrderBody({
      paidAmount: 20000,
      paymentMethod: 'WECHAT_PAY',
      items: [{ sku: 'kettle', name: 'Kettle', category: 'GENERAL', unitPrice: 20000, quantity: 1 }],
      fulfillment: {
        status: 'DELIVERED',
        carrier: 'SF',
        trackingNumber: 'SF1234567890',
        shippedAt: new Date(Date.now() - 3 * 86400_000).toISOString(),
        deliveredAt: new Date(Date.now() - 86400_000).toISOString(),
      },
    });
    expect((await client.call('PUT', '/v1/orders/opt-1', { token: system, body: delivered })).status).toBe(201);
  });

  it('gets reasons, the maximum, destinations and evidence needs in English when asked', async () => {
    const options = await client.call('GET', '/v1/orders/opt-1/refund-options', {
      token: buyer,
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({ orderId: 'opt-1', scenario: 'DELIVERED', maxAmount: 20000, currency: 'CNY' });
    const codes = options.body.reasons.map((r: any) => r.code);
    expect(codes).toContain('QUALITY_ISSUE');
    expect(options.body.reasons.find((r: any) => r.code === 'QUALITY_ISSUE').label).toBe('Quality issue');
    expect(options.body.evidenceRequired.QUALITY_ISSUE).toContain('PHOTO');
    expect(options.body.destinations.map((d: any) => d.type)).toEqual(['ORIGINAL', 'BALANCE', 'COUPON']);
    const original = options.body.destinations[0];
    expect(original).toMatchObject({ method: 'WECHAT_PAY', bonusAmount: 0 });
    expect(original.promisedWithin).toEqual({ minBusinessDays: 1, maxBusinessDays: 3 });
    expect(Date.parse(original.promisedBy)).toBeGreaterThan(Date.now());
    expect(options.body.destinations[2].bonusAmount).toBe(400); // 2 % of 20000, under the 2000 cap
  });

  it('gets Chinese labels by default', async () => {
    const options = await client.call('GET', '/v1/orders/opt-1/refund-options', { token: buyer });
    expect(options.body.reasons[0].label).toMatch(/[\u4e00-\u9fff]/);
  });

  it("cannot see another buyer's order, nor one that does not exist", async () => {
    for (const [token, path] of [
      [stranger, '/v1/orders/opt-1/refund-options'],
      [buyer, '/v1/orders/nope/refund-options'],
    ] as const) {
      const response = await client.call('GET', path, { token });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
  });
});

describe('a buyer uploading evidence', () => {
  let refundId: string;
  beforeAll(async () => {
    await client.call('PUT', '/v1/orders/ev-1', {
      token: system,
      // Delivered two days ago and damaged: the rules ask for a photo, so the refund waits for evidence.
      body: anOrderBody({
        fulfillment: { status: 'DELIVERED', deliveredAt: new Date(Date.now() - 2 * 86_400_000).toISOString() },
      }),
    });
    const applied = await client.call('POST', '/v1/refunds', {
      token: buyer,
      headers: { 'idempotency-key': 'ev-1' },
      body: { orderId: 'ev-1', reason: 'DAMAGED' },
    });
    expect(applied.status).toBe(201);
    refundId = applied.body.refundId;
  });

  it('gets a signed URL, uploads to it once, and the evidence is marked uploaded with its version', async () => {
    const grant = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
      token: buyer,
      body: { kind: 'PHOTO', contentType: 'image/png', contentLength: PNG.length },
    });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ evidenceId: expect.stringMatching(/^ev_/), maxBytes: 10 * 1024 * 1024 });
    expect(grant.body.uploadUrl).toContain(`/local/uploads/evidence/${refundId}/${grant.body.evidenceId}?`);
    const pending = await storedRefund(refundId);
    expect(pending?.evidence).toEqual([{ evidenceId: grant.body.evidenceId, kind: 'PHOTO', contentType: 'image/png' }]);

    expect(grant.body.headers).toEqual({
      'content-type': 'image/png',
      'content-length': String(PNG.length),
      'if-none-match': '*',
    });
    const wrongType = await fetch(grant.body.uploadUrl, {
      method: 'PUT',
      headers: { ...grant.body.headers, 'content-type': 'image/jpeg' },
      body: PNG,
    });
    expect(wrongType.status).toBe(403);
    const forged = await fetch(grant.body.uploadUrl.replace(/sig=[^&]+/, 'sig=abc'), {
      method: 'PUT',
      headers: grant.body.headers,
      body: PNG,
    });
    expect(forged.status).toBe(403);
    const { 'if-none-match': _, ...unconditional } = grant.body.headers;
    const overwriting = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: unconditional, body: PNG });
    expect(overwriting.status).toBe(403);
    const put = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: grant.body.headers, body: PNG });
    expect(put.status).toBe(200);
    // As in AWS, the S3 event reaches the OCR function after the upload is answered; it marks the evidence uploaded.
    const uploaded = await eventually(async () => {
      const stored = await storedRefund(refundId);
      return stored?.evidence[0].uploadedAt ? stored : undefined;
    });
    expect(uploaded.evidence[0].uploadedAt).toEqual(expect.any(String));
    // The version that arrived is kept with the evidence (S3's versionId in AWS); OCR and readers use it.
    expect(uploaded.evidence[0].versionId).toEqual(expect.stringMatching(/^\w+$/));

    // One write per URL: the same URL again, within its 15 minutes, is refused as S3's If-None-Match: * refuses it.
    const again = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: grant.body.headers, body: PNG });
    expect(again.status).toBe(412);
    expect((await storedRefund(refundId))?.evidence[0].versionId).toBe(uploaded.evidence[0].versionId);
  });

  it('signs the size, which the buyer must declare and which the policy bounds', async () => {
    const unsized = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
      token: buyer,
      body: { kind: 'RECEIPT', contentType: 'application/pdf' },
    });
    expect(unsized.status).toBe(400);
    const huge = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
      token: buyer,
      body: { kind: 'RECEIPT', contentType: 'application/pdf', contentLength: 10 * 1024 * 1024 + 1 },
    });
    expect(huge.status).toBe(400);
    const grant = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
      token: buyer,
      body: { kind: 'RECEIPT', contentType: 'application/pdf', contentLength: 5 },
    });
    expect(grant.status).toBe(201);
    const tooBig = await fetch(grant.body.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf', 'if-none-match': '*' },
      body: Buffer.from('%PDF-1.7'),
    });
    expect(tooBig.status).toBe(403);
  });

  it('refuses other content types, strangers and unknown refunds', async () => {
    const gif = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
      token: buyer,
      body: { kind: 'PHOTO', contentType: 'image/gif', contentLength: 5 },
    });
    expect(gif.status).toBe(400);
    const other = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
      token: stranger,
      body: { kind: 'PHOTO', contentType: 'image/png', contentLength: 5 },
    });
    expect(other.status).toBe(404);
    const missing = await client.call('POST', '/v1/refunds/rf_nope/evidence', {
      token: buyer,
      body: { kind: 'PHOTO', contentType: 'image/png', contentLength: 5 },
    });
    expect(missing.status).toBe(404);
  });
});
