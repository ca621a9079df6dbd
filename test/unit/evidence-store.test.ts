/**
 * The S3 upload URL binds what the buyer declared, so S3 itself refuses anything else: the type, the exact size
 * (required, at most the policy maximum) and `If-None-Match: *`, which makes the URL good for one write.
 */
import { describe, expect, it } from 'vitest';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import {
  evidenceKey,
  parseEvidenceKey,
  READ_URL_TTL_SECONDS,
  type UploadRequest,
} from '../../functions/ports/evidence-store.ts';

process.env.EVIDENCE_BUCKET = 'evidence-bucket';
process.env.AWS_REGION = 'cn-north-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = 'secret';

const now = new Date('2026-11-26T10:00:00.000Z');
const MAX = 10 * 1024 * 1024;

describe('an S3 upload URL', () => {
  it('is a PUT to the evidence key with type, exact length and If-None-Match signed, and no body checksum', async () => {
    const grant = await new S3EvidenceStore().grantUpload({
      key: evidenceKey('rf_1', 'ev_1'),
      contentType: 'image/png',
      contentLength: 1234,
      maxBytes: MAX,
      now,
    });
    const url = new URL(grant.uploadUrl);
    expect(url.pathname).toContain('/evidence/rf_1/ev_1');
    // Signed headers: S3 answers 403 to a PUT whose Content-Length or If-None-Match differ from these.
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;if-none-match');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.has('x-amz-checksum-crc32')).toBe(false);
    expect(grant.expiresAt).toBe('2026-11-26T10:15:00.000Z');
    expect(grant.headers).toEqual({ 'content-type': 'image/png', 'content-length': '1234', 'if-none-match': '*' });
  });

  it.each([
    ['no size', undefined],
    ['an empty file', 0],
    ['more than the maximum', MAX + 1],
    ['a fraction', 10.5],
  ])('is refused for %s, before anything is signed', async (_, contentLength) => {
    const request = { key: evidenceKey('rf_1', 'ev_2'), contentType: 'image/png', contentLength, maxBytes: MAX, now };
    await expect(new S3EvidenceStore().grantUpload(request as UploadRequest)).rejects.toThrow(RangeError);
  });
});

describe('an S3 read URL', () => {
  it('is a five-minute GET of the recorded version, served as the uploaded type, inline', async () => {
    const grant = await new S3EvidenceStore().grantRead({
      key: evidenceKey('rf_1', 'ev_1'),
      version: 'v1',
      contentType: 'image/png',
      now,
    });
    const url = new URL(grant.url);
    expect(url.pathname).toContain('/evidence/rf_1/ev_1');
    expect(url.searchParams.get('versionId')).toBe('v1');
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(READ_URL_TTL_SECONDS));
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('response-content-type')).toBe('image/png');
    expect(url.searchParams.get('response-content-disposition')).toBe('inline');
    expect(READ_URL_TTL_SECONDS).toBe(300);
    expect(grant.expiresAt).toBe('2026-11-26T10:05:00.000Z');
  });
});

describe('evidence keys', () => {
  it('round-trip and refuse anything else', () => {
    expect(parseEvidenceKey(evidenceKey('rf_1', 'ev_1'))).toEqual({ refundId: 'rf_1', evidenceId: 'ev_1' });
    expect(parseEvidenceKey('evidence/rf_1/../x')).toBeUndefined();
    expect(parseEvidenceKey('other/rf_1/ev_1')).toBeUndefined();
  });
});
