/** Evidence contracts: the upload (`POST /v1/refunds/{refundId}/evidence`) and the read URL (`GET …/{evidenceId}`). */
import * as z from 'zod/mini';
import { EVIDENCE_CONTENT_TYPES, MAX_EVIDENCE_BYTES } from '../domain/evidence/limits.ts';
import { EVIDENCE_KINDS } from '../domain/vocabulary.ts';
import { id, isoTime } from './common.ts';

export const evidenceRequestSchema = z.strictObject({
  kind: z.enum(EVIDENCE_KINDS),
  /** JPEG, PNG or PDF: what both OCR engines read. */
  contentType: z.enum(EVIDENCE_CONTENT_TYPES),
  /** The file's size in bytes, required: the upload URL is signed for exactly this size (at most maxBytes). */
  contentLength: z.int().check(z.minimum(1), z.maximum(MAX_EVIDENCE_BYTES)),
});
export type EvidenceRequestBody = z.infer<typeof evidenceRequestSchema>;

export const evidenceGrantSchema = z.object({
  evidenceId: id(),
  uploadUrl: z.string(),
  expiresAt: isoTime(),
  maxBytes: z.int(),
  /** PUT with exactly these headers (content-type, content-length and `if-none-match: *`; a URL writes once). */
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
});

/** `GET /v1/refunds/{refundId}/evidence/{evidenceId}`: GET `url` (no credentials) until `expiresAt`, five minutes. */
export const evidenceReadSchema = z.object({
  url: z.string(),
  expiresAt: isoTime(),
});
