/**
 * Local stand-in for S3 presigned PUTs. The evidence handler gets its upload URL from LocalEvidenceStore; the URL
 * points back at this runtime (`/local/uploads/{key}?...&sig=`), and the route below plays S3's part: it checks the
 * signature and expiry, the signed content type and the size, keeps the bytes, then calls the same
 * `onEvidenceUploaded` hook an S3 event triggers in AWS.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { adapter, useAdapters } from '../functions/adapters/index.ts';
import { EVIDENCE_CONTENT_TYPES } from '../functions/domain/evidence/limits.ts';
import { processUploadedEvidence } from '../functions/evidence/process.ts';
import { onEvidenceUploaded } from '../functions/evidence/uploaded.ts';
import {
  type EvidenceStore,
  parseEvidenceKey,
  UPLOAD_URL_TTL_SECONDS,
  type UploadGrant,
  type UploadRequest,
} from '../functions/ports/evidence-store.ts';
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
}

/** Installs LocalEvidenceStore as the `evidence` adapter and returns the upload route for the gateway. */
export function localUploads(options: LocalUploadsOptions): LocalRoute {
  const store = new LocalEvidenceStore(options.baseUrl, randomBytes(32));
  const memory = new Map<string, Buffer>();
  useAdapters({ evidence: store });
  const keep = (key: string, bytes: Buffer) => {
    if (!options.dataDir) return void memory.set(key, bytes);
    const path = join(options.dataDir, 'uploads', key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  };
  return {
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
      if (adapter('clock').now().getTime() / 1000 > signed.expires) {
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
        ids && (await adapter('store').getRefund(ids.refundId))?.evidence?.find((e) => e.evidenceId === ids.evidenceId);
      const contentType = EVIDENCE_CONTENT_TYPES.find((t) => t === record?.contentType);
      if (!ids || !record || !contentType) return refuse(404, 'NOT_FOUND', 'no such evidence');
      keep(key, request.body);
      await onEvidenceUploaded({ ...ids, kind: record.kind, contentType, key });
      // As S3 would: the storage event reaches the OCR step asynchronously, after the upload has been answered.
      const image = { bytes: new Uint8Array(request.body), contentType };
      void processUploadedEvidence(ids.refundId, ids.evidenceId, image).catch((error: unknown) =>
        console.error('evidence processing failed', ids, error),
      );
      return { statusCode: 200 };
    },
  };
}
