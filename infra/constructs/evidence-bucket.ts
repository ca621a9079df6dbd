/**
 * The evidence bucket and its key. Waybill photos and receipts carry names, phone numbers and addresses, so:
 * - a customer-managed KMS key, rotated yearly, encrypts every object; only the functions that sign uploads or
 *   read evidence are granted it (grantEvidenceKey, one action each), so a role with s3:GetObject alone reads nothing;
 * - versioned (the ObjectCreated event's versionId is recorded with the evidence), and objects are not kept forever:
 *   evidence expires 400 days after upload (the retention: the refund window and the longest chargeback and dispute
 *   windows, about 180 days, with the annual audit after them), non-current versions and the delete markers
 *   expiry leaves 30 days later, incomplete multipart uploads after a day. The bucket cannot see whether a refund
 *   is closed, so the period runs from upload and is sized for a refund that stays open long;
 * - browsers PUT with the presigned URL only from the console's origins (the stack's callbackUrls), with exactly the
 *   headers the URL signs.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** How long evidence is kept after upload. */
export const EVIDENCE_RETENTION_DAYS = 400;
/** How long an overwritten or expired version stays recoverable. */
export const NONCURRENT_VERSION_DAYS = 30;

export interface EvidenceBucketProps {
  removalPolicy: RemovalPolicy;
  accessLogs: Bucket;
  /** Origins browsers upload from (the console's), e.g. `https://console.example.cn`; none means no CORS rule. */
  uploadOrigins: string[];
}

/** The origins of the console's callback URLs, deduplicated (`https://console.example.cn/cb` → its origin). */
export const originsOf = (urls: readonly string[]) => [...new Set(urls.map((url) => new URL(url).origin))];

export function evidenceBucket(scope: Construct, props: EvidenceBucketProps): { bucket: Bucket; key: Key } {
  const key = new Key(scope, 'EvidenceKey', {
    description: 'Encrypts refund evidence (waybills, receipts, photos): personal data',
    enableKeyRotation: true,
    removalPolicy: props.removalPolicy,
  });
  const bucket = new Bucket(scope, 'Evidence', {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.KMS,
    encryptionKey: key,
    // One data key per bucket for a while instead of a KMS call per object.
    bucketKeyEnabled: true,
    enforceSSL: true,
    versioned: true,
    serverAccessLogsBucket: props.accessLogs,
    serverAccessLogsPrefix: 'evidence/',
    lifecycleRules: [
      { id: 'EvidenceRetention', prefix: 'evidence/', expiration: Duration.days(EVIDENCE_RETENTION_DAYS) },
      {
        id: 'NoncurrentVersions',
        noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
        expiredObjectDeleteMarker: true,
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    ...(props.uploadOrigins.length
      ? {
          cors: [
            {
              allowedMethods: [HttpMethods.PUT],
              allowedOrigins: props.uploadOrigins,
              // The signed headers (adapters/s3/evidence-store.ts); browsers set Content-Length themselves.
              allowedHeaders: ['content-type', 'content-length', 'if-none-match'],
              maxAge: 3000,
            },
          ],
        }
      : {}),
    removalPolicy: props.removalPolicy,
  });
  return { bucket, key };
}

/**
 * The one KMS action each evidence need uses: signing uploads needs GenerateDataKey (S3 encrypts the PUT with the
 * signer's permissions), reading (GetObject, Textract reading the object as the caller) needs Decrypt.
 */
export function grantEvidenceKey(fn: IFunction, need: 'put' | 'read', key: Key): void {
  fn.addToRolePolicy(
    new PolicyStatement({ actions: [need === 'put' ? 'kms:GenerateDataKey' : 'kms:Decrypt'], resources: [key.keyArn] }),
  );
}
