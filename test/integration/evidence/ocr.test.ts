/**
 * A buyer uploads evidence in local mode: the embedded OCR engine reads it, the refund shows what was read and how it
 * compared, and a refund waiting for that evidence moves on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../support/local.ts';
import { applyFor, givenARuntimeWithActors, scenarios, statusOf } from '../../support/steps.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ocr/${name}`, import.meta.url));
const SF_WAYBILL = { file: 'waybill-01-sf-clean.png', trackingNumber: 'SF9187168812457' };

const { client, who } = givenARuntimeWithActors({ stage: 'prod', timeScale: 1 });

async function upload(refundId: string, kind: string, bytes: Buffer, contentType = 'image/png') {
  const grant = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
    token: who.buyer,
    body: { kind, contentType, contentLength: bytes.length },
  });
  expect(grant.status).toBe(201);
  const put = await fetch(grant.body.uploadUrl, {
    method: 'PUT',
    headers: grant.body.headers,
    body: new Uint8Array(bytes),
  });
  expect(put.status).toBe(200);
  return grant.body.evidenceId as string;
}

/** Waits until OCR has read the evidence and the reading is in the timeline. */
const evidenceOf = (refundId: string, evidenceId: string) =>
  eventually(async () => {
    const got = await client.call('GET', `/v1/refunds/${refundId}`, {
      token: who.buyer,
      headers: { 'accept-language': 'en' },
    });
    const found = got.body.evidence?.find(
      (e: { evidenceId: string; ocr?: unknown }) => e.evidenceId === evidenceId && e.ocr,
    );
    const told = got.body.timeline.some((e: { detail?: string }) => e.detail?.startsWith('Waybill read'));
    return found && told ? { refund: got.body, evidence: found } : undefined;
  }, 60_000);

describe('a buyer returning goods who typed the tracking number and uploads the waybill', () => {
  it('sees the number read from the photo and that it matches', async () => {
    const { refundId } = await applyFor(client, who, scenarios.deliveredDaysAgo(3), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_RETURN');
    const shipped = await client.call('POST', `/v1/refunds/${refundId}/return-shipment`, {
      token: who.buyer,
      body: { carrier: 'SF', trackingNumber: SF_WAYBILL.trackingNumber },
    });
    expect(shipped.status).toBe(200);
    const evidenceId = await upload(refundId, 'WAYBILL', fixture(SF_WAYBILL.file));
    const { refund, evidence } = await evidenceOf(refundId, evidenceId);
    expect(evidence.ocr.fields.trackingNumber.value).toBe(SF_WAYBILL.trackingNumber);
    expect(evidence.ocr.verification).toBe('MATCH');
    expect(refund.timeline.at(-1).detail).toBe(`Waybill read: matches the order (${SF_WAYBILL.trackingNumber})`);
    // The same entry in Chinese, built from the same stored code.
    const zh = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
    expect(zh.body.timeline.at(-1).detail).toBe(`运单已识别：信息与订单一致（${SF_WAYBILL.trackingNumber}）`);
  });
});

describe('a buyer returning goods who only uploads the waybill photo', () => {
  it('has the return recorded from what OCR read, and waits for the merchant to confirm receipt', async () => {
    const { refundId } = await applyFor(client, who, scenarios.deliveredDaysAgo(3), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, refundId, 'AWAITING_RETURN');
    await upload(refundId, 'WAYBILL', fixture(SF_WAYBILL.file));
    const moved = await statusOf(client, who, refundId, 'RETURN_IN_TRANSIT');
    expect(moved.returnShipment).toMatchObject({ trackingNumber: SF_WAYBILL.trackingNumber });
  });
});

describe('a damaged-goods claim waiting for a photo', () => {
  it('goes to the merchant once the photo arrives', async () => {
    const { refundId } = await applyFor(client, who, scenarios.deliveredDaysAgo(2), { reason: 'DAMAGED' });
    await statusOf(client, who, refundId, 'AWAITING_EVIDENCE');
    await upload(refundId, 'PHOTO', fixture(SF_WAYBILL.file));
    const moved = await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    expect(moved.evidence[0]).toMatchObject({ kind: 'PHOTO', uploadedAt: expect.any(String) });
  });
});
