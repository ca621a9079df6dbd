/**
 * The buyer asks to upload a piece of evidence (a photo, a waybill, a receipt) for their own, still open refund:
 * a pending evidence record and a short-lived URL to PUT the file to. The record is written first, so someone
 * else's or a closed refund (or one with no room left) is refused before any URL exists. The upload itself never
 * passes through a Lambda; the URL is good for one write of exactly the declared size (at most MAX_EVIDENCE_BYTES).
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/actor.ts';
import { type EvidenceContentType, MAX_EVIDENCE_BYTES } from '../domain/evidence/limits.ts';
import type { EvidenceKind } from '../domain/vocabulary.ts';
import { evidenceKey, type UploadGrant } from '../ports/evidence-store.ts';
import type { Ports } from '../ports/index.ts';

export interface EvidenceUploadRequest {
  refundId: string;
  kind: EvidenceKind;
  contentType: EvidenceContentType;
  /** The file's size: the URL accepts exactly this many bytes, once. */
  contentLength: number;
}

export type EvidenceUpload = { evidenceId: string } & UploadGrant & { maxBytes: number; method: 'PUT' };

export async function requestEvidenceUpload(
  deps: Pick<Ports, 'evidence' | 'evidenceRecords' | 'clock'>,
  actor: Actor,
  request: EvidenceUploadRequest,
): Promise<EvidenceUpload> {
  const { refundId } = request;
  const now = deps.clock.now();
  const evidenceId = `ev_${randomUUID().replaceAll('-', '')}`;
  // Record first: the condition refuses someone else's or a closed refund before any URL exists.
  await deps.evidenceRecords.add(
    refundId,
    actor.sub,
    { evidenceId, kind: request.kind, contentType: request.contentType },
    now.toISOString(),
  );
  const grant = await deps.evidence.grantUpload({
    key: evidenceKey(refundId, evidenceId),
    contentType: request.contentType,
    contentLength: request.contentLength,
    maxBytes: MAX_EVIDENCE_BYTES,
    now,
  });
  return { evidenceId, ...grant, maxBytes: MAX_EVIDENCE_BYTES, method: 'PUT' };
}
