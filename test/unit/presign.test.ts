/**
 * The evidence functions presign with the SDK's signer alone (functions/adapters/s3/presign.ts): each URL must be the
 * one the SDK's S3 client and presigner make for the same command, byte for byte.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const signingDate = new Date('2026-12-03T10:00:00.000Z');

let presignS3: typeof import('../../functions/adapters/s3/presign.ts').presignS3;

beforeEach(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  vi.stubEnv('AWS_SESSION_TOKEN', 'session-token');
  // The module keeps its credential provider for the process; the unit project shares modules between files
  // (isolate: false), so another file's credentials may be in it: a fresh module reads these.
  vi.resetModules();
  ({ presignS3 } = await import('../../functions/adapters/s3/presign.ts'));
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** What the SDK signs for the command, asking for checksums only where S3 requires them. */
function sdkUrl(region: string, command: PutObjectCommand | GetObjectCommand, expiresIn: number, signed?: string[]) {
  const client = new S3Client({
    region,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return getSignedUrl(client, command, {
    expiresIn,
    signingDate,
    ...(signed ? { signableHeaders: new Set(signed) } : {}),
  });
}

describe('a presigned S3 URL', () => {
  for (const [region, bucket] of [
    ['cn-north-1', 'refund-evidence-bucket'],
    ['us-east-1', 'refund-evidence-bucket'],
    ['eu-west-1', 'evidence.with.dots'],
  ] as const) {
    it(`for an upload is the SDK's (${region}, ${bucket})`, async () => {
      const key = 'evidence/rf_a-B_9/ev_1';
      const ours = await presignS3({
        method: 'PUT',
        operation: 'PutObject',
        region,
        bucket,
        key,
        headers: { 'content-type': 'image/png', 'content-length': '1234', 'if-none-match': '*' },
        expiresIn: 900,
        signingDate,
      });
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: 'image/png',
        ContentLength: 1234,
        IfNoneMatch: '*',
      });
      expect(ours).toBe(await sdkUrl(region, command, 900, ['content-type', 'content-length', 'if-none-match']));
    });

    it(`for a read of one version is the SDK's (${region}, ${bucket})`, async () => {
      const key = 'evidence/rf_1/ev 2+(copy)';
      const ours = await presignS3({
        method: 'GET',
        operation: 'GetObject',
        region,
        bucket,
        key,
        query: { 'response-content-disposition': 'inline', 'response-content-type': 'image/jpeg', versionId: 'v1.x' },
        expiresIn: 300,
        signingDate,
      });
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        VersionId: 'v1.x',
        ResponseContentType: 'image/jpeg',
        ResponseContentDisposition: 'inline',
      });
      expect(ours).toBe(await sdkUrl(region, command, 300));
    });
  }
});
