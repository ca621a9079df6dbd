/**
 * Evidence files and their records. Buyers upload straight to storage with a short-lived URL (no bytes through a
 * Lambda); the refund item keeps the list of evidence and whether each file has arrived. S3 implements the file
 * side in AWS and the local runtime implements it over HTTP; the records live on the refund item in DynamoDB.
 */
import type { EvidenceContentType } from '../domain/evidence/limits.ts';
import type { Evidence } from '../domain/refund.ts';
import type { IsoTime } from '../domain/vocabulary.ts';

/** How long an upload URL stays valid: long enough for a phone on a slow network, short enough to be useless later. */
export const UPLOAD_URL_TTL_SECONDS = 15 * 60;

/**
 * How long a read URL stays valid: enough to open a photo or a PDF, too short to be worth forwarding. Each view asks
 * for a new one (`GET /v1/refunds/{refundId}/evidence/{evidenceId}`).
 */
export const READ_URL_TTL_SECONDS = 5 * 60;

/** At most this many evidence files per refund, so a refund item stays far below DynamoDB's 400 KB. */
export const MAX_EVIDENCE_PER_REFUND = 20;

export interface UploadRequest {
  /** Storage key, see evidenceKey. */
  key: string;
  contentType: EvidenceContentType;
  /** The size the client declared: the URL is only good for exactly that many bytes. Required, 1..maxBytes. */
  contentLength: number;
  /** The policy maximum; a larger declared size is refused before anything is signed. */
  maxBytes: number;
  now: Date;
}

export interface UploadGrant {
  /** PUT the file here with the headers below. */
  uploadUrl: string;
  expiresAt: IsoTime;
  /** Headers the upload must carry exactly (they are part of the signature). */
  headers: Record<string, string>;
}

export interface ReadRequest {
  /** Storage key, see evidenceKey. */
  key: string;
  /** The version recorded when the file arrived: the URL serves that one, never a later write under the key. */
  version?: string | undefined;
  /** The type the file was uploaded as: the URL serves it as that. */
  contentType: string;
  now: Date;
}

export interface ReadGrant {
  /** GET the file here, without credentials, until `expiresAt`. */
  url: string;
  expiresAt: IsoTime;
}

/**
 * Refuses a declared size outside 1..maxBytes. Adapters call it before signing, so no URL for an oversized (or
 * unbounded) upload can exist even if a caller skipped the request schema.
 */
export function assertUploadSize(contentLength: number, maxBytes: number): void {
  if (!Number.isSafeInteger(contentLength) || contentLength < 1 || contentLength > maxBytes) {
    throw new RangeError(`an upload must declare its size, 1..${maxBytes} bytes (got ${contentLength})`);
  }
}

/**
 * Hands out upload and read URLs. Each upload URL is good for one write of exactly the declared size: a second
 * upload to the same key is refused (412), as S3 does with `If-None-Match: *`. A read URL is good for GETs of one
 * version of one key until it expires.
 */
export interface EvidenceStore {
  grantUpload(request: UploadRequest): Promise<UploadGrant>;
  /**
   * A URL to read one stored file for READ_URL_TTL_SECONDS. It carries the signer's permission to read the object
   * (and, in AWS, to decrypt it), so only a function granted `evidence: 'read'` can hand out a working one.
   */
  grantRead(request: ReadRequest): Promise<ReadGrant>;
}

/** One key layout for every adapter, and the S3 event parser in AWS: `evidence/{refundId}/{evidenceId}`. */
export const evidenceKey = (refundId: string, evidenceId: string) => `evidence/${refundId}/${evidenceId}`;

/** The ids in a storage key, or undefined when the key is not an evidence key. */
export function parseEvidenceKey(key: string): { refundId: string; evidenceId: string } | undefined {
  const match = /^evidence\/([A-Za-z0-9._:-]{1,128})\/([A-Za-z0-9._:-]{1,128})$/.exec(key);
  return match ? { refundId: match[1]!, evidenceId: match[2]! } : undefined;
}

/** The evidence list on the refund item. */
export interface EvidenceRecords {
  /**
   * Appends a pending evidence record to the buyer's own refund while it is not terminal and has room. Throws
   * NotFound (missing or someone else's), InvalidTransition (terminal) or Conflict EVIDENCE_LIMIT.
   */
  add(refundId: string, userId: string, evidence: Evidence, now: IsoTime): Promise<void>;
  /**
   * Records that the file arrived, with the storage version that arrived (S3's version id), which OCR and every
   * later reader use. Idempotent: storage events can come twice, the first `uploadedAt` and version stay.
   * Returns the record, or undefined when the refund or the evidence is unknown.
   */
  markUploaded(
    refundId: string,
    evidenceId: string,
    uploadedAt: IsoTime,
    versionId?: string,
  ): Promise<Evidence | undefined>;
  /** Stores what OCR read and how it compared, once; false if already recorded or the evidence is unknown. */
  recordOcr(refundId: string, evidenceId: string, ocr: NonNullable<Evidence['ocr']>): Promise<boolean>;
}
