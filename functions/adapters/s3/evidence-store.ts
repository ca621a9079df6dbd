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
 * URLs are signed by ./presign.ts with the SDK's own signer, without the S3 client (130 KiB of the two functions'
 * bundles, issue 18 item 4), and with no checksum in them (./presign.ts says why).
 */
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
import { presignS3 } from './presign.ts';

export class S3EvidenceStore implements EvidenceStore {
  async grantUpload({ key, contentType, contentLength, maxBytes, now }: UploadRequest): Promise<UploadGrant> {
    assertUploadSize(contentLength, maxBytes);
    const headers = { 'content-type': contentType, 'content-length': String(contentLength), 'if-none-match': '*' };
    const uploadUrl = await presignS3({
      method: 'PUT',
      operation: 'PutObject',
      region: requireEnv('AWS_REGION'),
      bucket: requireEnv('EVIDENCE_BUCKET'),
      key,
      headers,
      expiresIn: UPLOAD_URL_TTL_SECONDS,
      signingDate: now,
    });
    return {
      uploadUrl,
      expiresAt: new Date(now.getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
      headers,
    };
  }

  async grantRead({ key, version, contentType, now }: ReadRequest): Promise<ReadGrant> {
    const url = await presignS3({
      method: 'GET',
      operation: 'GetObject',
      region: requireEnv('AWS_REGION'),
      bucket: requireEnv('EVIDENCE_BUCKET'),
      key,
      query: {
        'response-content-disposition': 'inline',
        'response-content-type': contentType,
        ...(version ? { versionId: version } : {}),
      },
      expiresIn: READ_URL_TTL_SECONDS,
      signingDate: now,
    });
    return { url, expiresAt: new Date(now.getTime() + READ_URL_TTL_SECONDS * 1000).toISOString() };
  }
}
