/**
 * S3 implementation of the EvidenceStore port: a presigned PUT for `evidence/{refundId}/{evidenceId}`.
 *
 * Content-Type is a signed header, so S3 refuses the upload under any other type. When the client declares
 * `contentLength`, Content-Length is signed too and S3 accepts exactly that size (≤ 10 MB, checked by the schema).
 * A presigned POST with `content-length-range` would bound size without asking for it, but the contract (docs/api.md)
 * promises one PUT URL and `@aws-sdk/s3-presigned-post` is not a dependency; files that arrive too large anyway are
 * refused by the OCR step's file check (EvidenceFileRejected) before any engine reads them.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { requireEnv } from '../../config.ts';
import {
  type EvidenceStore,
  UPLOAD_URL_TTL_SECONDS,
  type UploadGrant,
  type UploadRequest,
} from '../../ports/evidence-store.ts';

let s3: S3Client | undefined;

/**
 * One client per process. Checksums only when required: the SDK's default would sign a CRC32 of the empty body
 * into the URL, and every real upload would then fail.
 */
function client(): S3Client {
  s3 ??= new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
  return s3;
}

export class S3EvidenceStore implements EvidenceStore {
  async grantUpload({ key, contentType, contentLength, now }: UploadRequest): Promise<UploadGrant> {
    const command = new PutObjectCommand({
      Bucket: requireEnv('EVIDENCE_BUCKET'),
      Key: key,
      ContentType: contentType,
      ...(contentLength === undefined ? {} : { ContentLength: contentLength }),
    });
    const signed = new Set(contentLength === undefined ? ['content-type'] : ['content-type', 'content-length']);
    const uploadUrl = await getSignedUrl(client(), command, {
      expiresIn: UPLOAD_URL_TTL_SECONDS,
      signingDate: now,
      signableHeaders: signed,
    });
    return {
      uploadUrl,
      expiresAt: new Date(now.getTime() + UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
      headers: {
        'content-type': contentType,
        ...(contentLength === undefined ? {} : { 'content-length': String(contentLength) }),
      },
    };
  }
}
