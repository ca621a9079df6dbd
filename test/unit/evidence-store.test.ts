/** The S3 upload URL binds what the buyer declared, so S3 itself refuses anything else. */
import { describe, expect, it } from 'vitest';
import { S3EvidenceStore } from '../../functions/adapters/s3/evidence-store.ts';
import { evidenceKey, parseEvidenceKey } from '../../functions/ports/evidence-store.ts';

process.env.EVIDENCE_BUCKET = 'evidence-bucket';
process.env.AWS_REGION = 'cn-north-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = 'secret';

const now = new Date('2026-11-26T10:00:00.000Z');

describe('an S3 upload URL', () => {
  it('is a PUT to the evidence key with the content type signed and no body checksum', async () => {
    const grant = await new S3EvidenceStore().grantUpload({
      key: evidenceKey('rf_1', 'ev_1'),
      contentType: 'image/png',
      maxBytes: 10 * 1024 * 1024,
      now,
    });
    const url = new URL(grant.uploadUrl);
    expect(url.pathname).toContain('/evidence/rf_1/ev_1');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.has('x-amz-checksum-crc32')).toBe(false);
    expect(grant.expiresAt).toBe('2026-11-26T10:15:00.000Z');
    expect(grant.headers).toEqual({ 'content-type': 'image/png' });
  });

  it('signs the length too when the buyer declared it', async () => {
    const grant = await new S3EvidenceStore().grantUpload({
      key: evidenceKey('rf_1', 'ev_2'),
      contentType: 'application/pdf',
      contentLength: 1234,
      maxBytes: 10 * 1024 * 1024,
      now,
    });
    expect(new URL(grant.uploadUrl).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(grant.headers['content-length']).toBe('1234');
  });
});

describe('evidence keys', () => {
  it('round-trip and refuse anything else', () => {
    expect(parseEvidenceKey(evidenceKey('rf_1', 'ev_1'))).toEqual({ refundId: 'rf_1', evidenceId: 'ev_1' });
    expect(parseEvidenceKey('evidence/rf_1/../x')).toBeUndefined();
    expect(parseEvidenceKey('other/rf_1/ev_1')).toBeUndefined();
  });
});
