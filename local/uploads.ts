/**
 * Local stand-in for S3 presigned PUTs and GETs. The evidence handler gets its upload URL from LocalEvidenceStore;
 * the URL points back at this runtime (`/local/uploads/{key}?...&sig=`), and the route below plays S3's part: it
 * checks the signature and expiry, the signed content type, the signed (required) size and the signed
 * `If-None-Match: *`, refuses a second write to a key that exists (412, as S3's conditional write does), keeps the
 * bytes under a new version id, then calls the same OCR function an S3 event triggers in AWS
 * (functions/events/evidence-uploaded.ts), with the version in the event.
 *
 * Read URLs (`GET /local/uploads/{key}?v=&ct=&exp=&sig=`, from grantRead) play a presigned S3 GET: a signature over
 * the method, key, version, type and expiry (so an upload signature never reads, and no parameter can be changed),
 * 403 when it does not match or has expired, then the bytes of exactly that version, as the signed type.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { useAdapters } from '../functions/adapters/index.ts';
import { EVIDENCE_CONTENT_TYPES } from '../functions/domain/evidence/limits.ts';
import type { Clock } from '../functions/ports/clock.ts';
import {
  assertUploadSize,
  type EvidenceStore,
  parseEvidenceKey,
  READ_URL_TTL_SECONDS,
  type ReadGrant,
  type ReadRequest,
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
  /** The exact size the client declared. */
  length: string;
}

const canonical = (s: Signed) => [s.key, s.contentType, s.expires, s.maxBytes, s.length].join('\n');

/** What a read URL signs. */
interface SignedRead {
  key: string;
  version: string;
  contentType: string;
  expires: number;
}

/** Starts with the method: an upload's canonical string starts with its key (`evidence/…`), so the two never meet. */
const canonicalRead = (s: SignedRead) => ['GET', s.key, s.version, s.contentType, s.expires].join('\n');

/** Signs upload and read URLs with a per-runtime secret, as S3's presigner does with credentials. */
export class LocalEvidenceStore implements EvidenceStore {
  constructor(
    private readonly baseUrl: () => string,
    private readonly secret: Buffer,
  ) {}

  sign(s: Signed): string {
    return createHmac('sha256', this.secret).update(canonical(s)).digest('base64url');
  }

  signRead(s: SignedRead): string {
    return createHmac('sha256', this.secret).update(canonicalRead(s)).digest('base64url');
  }

  async grantRead({ key, version, contentType, now }: ReadRequest): Promise<ReadGrant> {
    const expires = Math.floor(now.getTime() / 1000) + READ_URL_TTL_SECONDS;
    const signed = { key, version: version ?? '', contentType, expires };
    const query = new URLSearchParams({ v: signed.version, ct: contentType, exp: String(expires) });
    query.set('sig', this.signRead(signed));
    return {
      url: `${this.baseUrl()}/local/uploads/${key}?${query}`,
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  async grantUpload({ key, contentType, contentLength, maxBytes, now }: UploadRequest): Promise<UploadGrant> {
    assertUploadSize(contentLength, maxBytes);
    const expires = Math.floor(now.getTime() / 1000) + UPLOAD_URL_TTL_SECONDS;
    const signed = {
      key,
      contentType,
      expires,
      maxBytes,
      length: String(contentLength),
    };
    const query = new URLSearchParams({
      ct: contentType,
      exp: String(expires),
      max: String(maxBytes),
      len: signed.length,
      sig: this.sign(signed),
    });
    return {
      uploadUrl: `${this.baseUrl()}/local/uploads/${key}?${query}`,
      expiresAt: new Date(expires * 1000).toISOString(),
      headers: { 'content-type': contentType, 'content-length': signed.length, 'if-none-match': '*' },
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
  /** `GET /local/uploads/evidence/...` with a read URL's signature. */
  readRoute: LocalRoute;
  /**
   * The stored bytes of an object (the local OCR engine reads evidence through this). With a version, only that
   * version: the one a key was written with (one write per key), anything else is NoSuchVersion.
   */
  readObject(ref: { bucket: string; key: string; version?: string | undefined }): Promise<Uint8Array>;
}

/** Installs LocalEvidenceStore as the `evidence` adapter and returns the upload and read routes for the gateway. */
export function localUploads(options: LocalUploadsOptions): LocalUploads {
  const store = new LocalEvidenceStore(options.baseUrl, randomBytes(32));
  const memory = new Map<string, { bytes: Buffer; version: string }>();
  useAdapters({ evidence: scopedEvidenceStore(store) });
  const pathOf = (key: string) => join(options.dataDir ?? '', 'uploads', key);
  const versionPathOf = (key: string) => `${pathOf(key)}.version`;
  const exists = (key: string) => (options.dataDir ? existsSync(pathOf(key)) : memory.has(key));
  const keep = (key: string, bytes: Buffer, version: string) => {
    if (!options.dataDir) return void memory.set(key, { bytes, version });
    mkdirSync(dirname(pathOf(key)), { recursive: true });
    // `wx`: the write fails if the file appeared meanwhile, so two racing uploads cannot both win.
    writeFileSync(pathOf(key), bytes, { flag: 'wx' });
    writeFileSync(versionPathOf(key), version);
  };
  const stored = (key: string): { bytes: Buffer; version: string } | undefined => {
    if (!options.dataDir) return memory.get(key);
    if (!existsSync(pathOf(key))) return undefined;
    const version = existsSync(versionPathOf(key)) ? readFileSync(versionPathOf(key), 'utf8') : '';
    return { bytes: readFileSync(pathOf(key)), version };
  };
  const readObject = async ({
    bucket,
    key,
    version,
  }: {
    bucket: string;
    key: string;
    version?: string | undefined;
  }): Promise<Uint8Array> => {
    const object = bucket === options.bucket() ? stored(key) : undefined;
    if (!object) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    if (version && object.version !== version) {
      throw Object.assign(new Error('The specified version does not exist.'), { name: 'NoSuchVersion' });
    }
    return new Uint8Array(object.bytes);
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
      if (request.headers['if-none-match'] !== '*') {
        return refuse(403, 'SIGNATURE_MISMATCH', 'the upload must be sent with If-None-Match: *');
      }
      const size = request.body.length;
      if (size === 0) return refuse(400, 'EMPTY_FILE', 'the file is empty');
      if (size > signed.maxBytes) return refuse(413, 'FILE_TOO_LARGE', `over the ${signed.maxBytes} byte limit`);
      if (size !== Number(signed.length)) {
        return refuse(403, 'SIGNATURE_MISMATCH', `the upload must be exactly ${signed.length} bytes`);
      }
      const ids = parseEvidenceKey(key);
      const record =
        ids && (await options.store.getRefund(ids.refundId))?.evidence?.find((e) => e.evidenceId === ids.evidenceId);
      const contentType = EVIDENCE_CONTENT_TYPES.find((t) => t === record?.contentType);
      if (!ids || !record || !contentType) return refuse(404, 'NOT_FOUND', 'no such evidence');
      // S3's conditional write: If-None-Match: * fails when the key already holds an object.
      const precondition = () => refuse(412, 'PRECONDITION_FAILED', 'this upload URL has already been used');
      if (exists(key)) return precondition();
      const versionId = randomUUID().replaceAll('-', '');
      try {
        keep(key, request.body, versionId);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return precondition();
        throw error;
      }
      // As S3 would: an ObjectCreated event invokes the OCR function asynchronously, after the upload is answered.
      const event = {
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            // The upload's request id: the OCR function's correlation id, as in AWS.
            responseElements: { 'x-amz-request-id': randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase() },
            s3: {
              bucket: { name: options.bucket() },
              object: { key: key.split('/').map(encodeURIComponent).join('/'), size, versionId },
            },
          },
        ],
      };
      void options.notify(event).catch((error: unknown) => console.error('evidence processing failed', ids, error));
      return { statusCode: 200 };
    },
  };
  const readRoute: LocalRoute = {
    method: 'GET',
    pattern: /^\/local\/uploads\/(evidence\/[^/]+\/[^/]+)$/,
    async handle(request, [key = '']) {
      const q = request.query;
      const signed: SignedRead = {
        key,
        version: q.get('v') ?? '',
        contentType: q.get('ct') ?? '',
        expires: Number(q.get('exp')),
      };
      const given = Buffer.from(q.get('sig') ?? '');
      const expected = Buffer.from(store.signRead(signed));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return refuse(403, 'SIGNATURE_MISMATCH', 'the read URL signature does not match');
      }
      if (options.clock.now().getTime() / 1000 > signed.expires) {
        return refuse(403, 'URL_EXPIRED', 'the read URL has expired');
      }
      try {
        const bytes = await readObject({ bucket: options.bucket(), key, version: signed.version || undefined });
        return { statusCode: 200, raw: Buffer.from(bytes), contentType: signed.contentType };
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'NoSuchKey' || name === 'NoSuchVersion') return refuse(404, name, 'no such object or version');
        throw error;
      }
    },
  };
  return { route, readRoute, readObject };
}
