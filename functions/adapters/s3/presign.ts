/**
 * Presigned S3 URLs made with the SDK's own parts (its SigV4 signer, request, partition table and credential chain),
 * without the S3 client and `@aws-sdk/s3-request-presigner`.
 *
 * The evidence functions only presign: no request to S3 ever leaves them (the buyer's PUT and the reviewer's GET go to
 * S3 directly). The S3 client was 130 KiB of their bundles for that (its operations' schemas, its checksum, express
 * session and endpoint-rule machinery), and the presigner needs the client (issue 18, item 4: the known culprit).
 * What it signs is what the presigner signs for the same command; test/unit/presign.test.ts compares the two URLs
 * byte for byte, for both operations, a path-style bucket and the China partition:
 * - the bucket's regional endpoint, virtual-hosted where the bucket name allows it (else path-style), in the region's
 *   partition (`amazonaws.com.cn` in China);
 * - `X-Amz-Content-Sha256: UNSIGNED-PAYLOAD`, the body is not signed; `x-id` names the operation, as the SDK does;
 * - the headers given are signed, and `host`;
 * - no checksum is asked for: neither a checksum of the body (the SDK's default would sign a CRC32 of an empty body
 *   into an upload URL, and every real upload would fail) nor `x-amz-checksum-mode` on a read (a browser shows the
 *   file, it does not check S3's checksum headers).
 * The SDK's endpoint settings the stack never sets (a custom S3 endpoint, FIPS, dual-stack, acceleration) are not
 * followed.
 */
import { isVirtualHostableS3Bucket, partition } from '@aws-sdk/core/client';
import { formatUrl } from '@aws-sdk/core/util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256Node } from '@smithy/core/checksum';
import { extendedEncodeURIComponent, HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';

export interface PresignRequest {
  method: 'GET' | 'PUT';
  /** The operation, as the SDK names it in `x-id`. */
  operation: 'GetObject' | 'PutObject';
  region: string;
  bucket: string;
  key: string;
  /** Request headers, all signed (lower case). */
  headers?: Record<string, string>;
  /** Query parameters besides the signature's (`versionId`, `response-content-type`, ...). */
  query?: Record<string, string>;
  expiresIn: number;
  signingDate: Date;
}

let credentials: ReturnType<typeof defaultProvider> | undefined;
const signers = new Map<string, SignatureV4>();

function signerFor(region: string): SignatureV4 {
  credentials ??= defaultProvider();
  let signer = signers.get(region);
  if (!signer) {
    signer = new SignatureV4({
      service: 's3',
      region,
      credentials,
      sha256: Sha256Node,
      uriEscapePath: false,
      applyChecksum: false,
    });
    signers.set(region, signer);
  }
  return signer;
}

/** The object's URL on the bucket's regional endpoint: virtual-hosted, or path-style for a name that cannot be. */
function objectLocation(region: string, bucket: string, key: string) {
  const endpoint = `s3.${region}.${partition(region).dnsSuffix}`;
  const path = key.split('/').map(extendedEncodeURIComponent).join('/');
  return isVirtualHostableS3Bucket(bucket, false)
    ? { hostname: `${bucket}.${endpoint}`, path: `/${path}` }
    : { hostname: endpoint, path: `/${bucket}/${path}` };
}

/** A URL good for `expiresIn` seconds from `signingDate` for exactly this request. */
export async function presignS3(request: PresignRequest): Promise<string> {
  const { hostname, path } = objectLocation(request.region, request.bucket, request.key);
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const unsigned = new HttpRequest({
    protocol: 'https:',
    method: request.method,
    hostname,
    path,
    query: { ...request.query, 'x-id': request.operation },
    headers: { ...headers, host: hostname, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' },
  });
  const signed = await signerFor(request.region).presign(unsigned, {
    expiresIn: request.expiresIn,
    signingDate: request.signingDate,
    signableHeaders: new Set(Object.keys(headers)),
  });
  return formatUrl(signed);
}
