/**
 * The part of the S3 SDK and presigner ./evidence-store.ts uses, imported dynamically from there: a dynamic import
 * keeps every export of the module it names, so naming the SDK itself would bundle all its commands (+55 KiB).
 */
export { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
export { getSignedUrl } from '@aws-sdk/s3-request-presigner';
