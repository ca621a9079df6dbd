/**
 * Local stand-in for S3 presigned PUTs. The evidence handler gets its upload URL from LocalEvidenceStore; the URL
 * points back at this runtime (`/local/uploads/{key}?...&sig=`), and the route below plays S3's part: it checks the
 * signature and expiry, the signed content type and the size, keeps the bytes, then calls the same
 * OCR function an S3 event triggers in AWS (functions/events/evidence-uploaded.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { useAdapters } from '../functions/adapters/index.ts';
import { EVIDENCE_CONTENT_TYPES } from '../functions/domain/evidence/limits.ts';
import type { Clock } from '../functions/ports/clock.ts';
import {
  type EvidenceStore,
  parseEvidenceKey,
  UPLOAD_URL_TTL_SECONDS,
  type UploadGrant,
  type UploadRequest,
} from '../functions/ports/evidence-store.ts';
import type { RefundStore } from '../functions/ports/refund-store.ts';
import { scopedEvidenceStore } from './deployed/stand-ins.ts';
import type { LocalRoute } from './gateway.ts';

interface Signed {
  key: string;
  contentType: string;
  expires: number;
  maxBytes: number;
  /** Exact size when the client declared one; empty otherwise. */
  length: string;
}

const canonical = (s: Signed) => [s.key, s.contentType, s.expires, s.maxBytes, s.length].join('\n');

/** Signs upload URLs with a per-runtime secret, as S3's presigner does with credentials. */
export class LocalEvidenceStore implements EvidenceStore {
  constructor(
    private readonly baseUrl: () => string,
    private readonly secret: Buffer,
  ) {}

  sign(s: Signed): string {
    return createHmac('sha256', this.secret).update(canonical(s)).digest('base64url');
  }

  async grantUpload({ key, contentType, contentLength, maxBytes, now }: UploadRequest): Promise<UploadGrant> {
    const expires = Math.floor(now.getTime() / 1000) + UPLOAD_URL_TTL_SECONDS;
    const signed = {
      key,
      contentType,
      expires,
      maxBytes,
      length: contentLength === undefined ? '' : String(contentLength),
    };
    const query = new URLSearchParams({
      ct: contentType,
      exp: String(expires),
      max: String(maxBytes),
      ...(signed.length ? { len: signed.length } : {}),
      sig: this.sign(signed),
    });
    return {
      uploadUrl: `${this.baseUrl()}/local/uploads/${key}?${query}`,
      expiresAt: new Date(expires * 1000).toISOString(),
      headers: { 'content-type': contentType, ...(signed.length ? { 'content-length': signed.length } : {}) },
    };
  }
}

const refuse = (statusCode: number, code: string, message: string) => ({
  statusCode,
  body: { error: { code, message } },
});

export interface LocalUploadsOptions {
  /** Files go to `<dataDir>/uploads/<key>`; without a data dir they stay in memory. */
  dataDir?: string;
  /** The runtime's URL (known once the gateway listens). */
  baseUrl: () => string;
  /** The evidence bucket's local name, as the functions' EVIDENCE_BUCKET says. */
  bucket: () => string;
  /** The runtime's clock (URL expiry). */
  clock: Clock;
  /** Where the evidence records are (an upload must match one). */
  store: Pick<RefundStore, 'getRefund'>;
  /** Delivers an S3 ObjectCreated event to the OCR function (asynchronously, as S3 does). */
  notify: (event: unknown) => Promise<unknown>;
}

export interface LocalUploads {
  /** `PUT /local/uploads/evidence/...` */
  route: LocalRoute;
  /** The stored bytes of an object (the local OCR engine reads evidence through this). */
  readObject(ref: { bucket: string; key: string }): Promise<Uint8Array>;
}

/** Installs LocalEvidenceStore as the `evidence` adapter and returns the upload route for the gateway. */
export function localUploads(options: LocalUploadsOptions): LocalUploads {
  const store = new LocalEvidenceStore(options.baseUrl, randomBytes(32));
  const memory = new Map<string, Buffer>();
  useAdapters({ evidence: scopedEvidenceStore(store) });
  const pathOf = (key: string) => join(options.dataDir ?? '', 'uploads', key);
  const keep = (key: string, bytes: Buffer) => {
    if (!options.dataDir) return void memory.set(key, bytes);
    mkdirSync(dirname(pathOf(key)), { recursive: true });
    writeFileSync(pathOf(key), bytes);
  };
  const readObject = async ({ bucket, key }: { bucket: string; key: string }): Promise<Uint8Array> => {
    const bytes =
      bucket === options.bucket() ? (options.dataDir ? readFileSync(pathOf(key)) : memory.get(key)) : undefined;
    if (!bytes) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    return new Uint8Array(bytes);
  };
  const route: LocalRoute = {
    method: 'PUT',
    pattern: /^\/local\/uploads\/(evidence\/[^/]+\/[^/]+)$/,
    async handle(request, [key = '']) {
      const q = request.query;
      const signed: Signed = {
        key,
        contentType: q.get('ct') ?? '',
        expires: Number(q.get('exp')),
        maxBytes: Number(q.get('max')),
        length: q.get('len') ?? '',
      };
      const given = Buffer.from(q.get('sig') ?? '');
      const expected = Buffer.from(store.sign(signed));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return refuse(403, 'SIGNATURE_MISMATCH', 'the upload URL signature does not match');
      }
      if (options.clock.now().getTime() / 1000 > signed.expires) {
        return refuse(403, 'URL_EXPIRED', 'the upload URL has expired');
      }
      if (request.headers['content-type'] !== signed.contentType) {
        return refuse(403, 'SIGNATURE_MISMATCH', `the upload must be sent as ${signed.contentType}`);
      }
      const size = request.body.length;
      if (size === 0) return refuse(400, 'EMPTY_FILE', 'the file is empty');
      if (size > signed.maxBytes) return refuse(413, 'FILE_TOO_LARGE', `over the ${signed.maxBytes} byte limit`);
      if (signed.length && size !== Number(signed.length)) {
        return refuse(403, 'SIGNATURE_MISMATCH', `the upload must be exactly ${signed.length} bytes`);
      }
      const ids = parseEvidenceKey(key);
      const record =
        ids && (await options.store.getRefund(ids.refundId))?.evidence?.find((e) => e.evidenceId === ids.evidenceId);
      const contentType = EVIDENCE_CONTENT_TYPES.find((t) => t === record?.contentType);
      if (!ids || !record || !contentType) return refuse(404, 'NOT_FOUND', 'no such evidence');
      keep(key, request.body);
      // As S3 would: an ObjectCreated event invokes the OCR function asynchronously, after the upload is answered.
      const event = {
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: {
              bucket: { name: options.bucket() },
              object: { key: key.split('/').map(encodeURIComponent).join('/'), size },
            },
          },
        ],
      };
      void options.notify(event).catch((error: unknown) => console.error('evidence processing failed', ids, error));
      return { statusCode: 200 };
    },
  };
  return { route, readObject };
}
