/**
 * S3 implementation of the EvidenceStore port: a presigned PUT for `evidence/{refundId}/{evidenceId}`.
 *
 * Three headers are signed into the URL, so S3 refuses any upload that does not carry them exactly:
 * - `content-type`: the type the buyer declared;
 * - `content-length`: the size the buyer declared, required and at most the policy maximum (checked before signing),
 *   so the signature itself bounds the size — nobody can stream 5 GB through a URL granted for 2 MB;
 * - `if-none-match: *`: S3's conditional write (supported on PUT since August 2024) succeeds only when no object
 *   exists under the key, so a URL writes once; a second PUT within the 15 minutes gets 412 Precondition Failed, and
 *   a file that OCR read can never be replaced under it.
 * A presigned POST with `content-length-range` would bound size without asking for it, but the contract (docs/api.md)
 * promises one PUT URL and `@aws-sdk/s3-presigned-post` is not a dependency.
 *
 * Read URLs are presigned GETs of the recorded version (`versionId`, so s3:GetObjectVersion), served as the type the
 * file was uploaded as and `inline`. The bucket is KMS-encrypted: S3 decrypts with the signer's permissions, so the
 * signing function needs kms:Decrypt on the evidence key as well as the read (manifest `evidence: 'read'`).
 *
 * The S3 client and the presigner (~130 KiB together) are evaluated on the first grant, not at import: a request
 * refused by validation or access never needs them (issue 18, item 4).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { requireEnv } from '../../config.ts';
import {
  assertUploadSize,
  type EvidenceStore,
  READ_URL_TTL_SECONDS,
  type ReadGrant,
  type ReadRequest,
  UPLOAD_URL_TTL_SECONDS,
  type UploadGrant,
  type UploadRequest,
} from '../../ports/evidence-store.ts';

let s3: S3Client | undefined;

/**
 * One client per process, not traced: it only presigns URLs (no request leaves the function), and the buyer's PUT
 * goes to S3 directly. Checksums only when required: the SDK's default would sign a CRC32 of the empty body
 * into the URL, and every real upload would then fail.
 */
async function s3Sdk() {
  const { getSignedUrl, ...sdk } = await import('./s3-sdk.ts');
  s3 ??= new sdk.S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
  return { sdk, client: s3, getSignedUrl };
}

/** The headers every evidence upload URL signs (besides host). */
export const SIGNED_UPLOAD_HEADERS = ['content-type', 'content-length', 'if-none-match'] as const;

export class S3EvidenceStore implements EvidenceStore {
  async grantUpload({ key, contentType, contentLength, maxBytes, now }: UploadRequest): Promise<UploadGrant> {
    assertUploadSize(contentLength, maxBytes);
    const { sdk, client, getSignedUrl } = await s3Sdk();
    const command = new sdk.PutObjectCommand({
      Bucket: requireEnv('EVIDENCE_BUCKET'),
      Key: key,
      ContentType: contentType,
      ContentLength: contentLength,
      IfNoneMatch: '*',
    });
    const uploadUrl = await getSignedUrl(client, command, {
      expiresIn: UPLOAD_URL_TTL_SECONDS,
      signingDate: now,
      signableHeaders: new Set(SIGNED_UPLOAD_HEADERS),
    });
    return {
      uploadUrl,
      expiresAt: new Date(now.getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
      headers: { 'content-type': contentType, 'content-length': String(contentLength), 'if-none-match': '*' },
    };
  }

  async grantRead({ key, version, contentType, now }: ReadRequest): Promise<ReadGrant> {
    const { sdk, client, getSignedUrl } = await s3Sdk();
    const command = new sdk.GetObjectCommand({
      Bucket: requireEnv('EVIDENCE_BUCKET'),
      Key: key,
      ...(version ? { VersionId: version } : {}),
      ResponseContentType: contentType,
      ResponseContentDisposition: 'inline',
    });
    const url = await getSignedUrl(client, command, { expiresIn: READ_URL_TTL_SECONDS, signingDate: now });
    return { url, expiresAt: new Date(now.getTime() + READ_URL_TTL_SECONDS * 1000).toISOString() };
  }
}
