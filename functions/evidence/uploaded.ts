/**
 * What happens when an evidence file has arrived in storage. Locally the upload route calls this after storing the
 * bytes; in AWS an S3-event function will call it with the object's key. Today it records `uploadedAt` on the
 * evidence; the OCR integration plugs in here, so both modes reach OCR through one door.
 */
import { DynamoEvidenceRecords } from '../adapters/dynamodb/evidence-records.ts';
import { adapter, defaultAdapter } from '../adapters/index.ts';
import type { EvidenceContentType } from '../domain/evidence/limits.ts';
import type { Evidence } from '../domain/refund.ts';
import type { EvidenceKind } from '../domain/vocabulary.ts';

defaultAdapter('evidenceRecords', () => new DynamoEvidenceRecords());

export interface UploadedEvidence {
  refundId: string;
  evidenceId: string;
  kind: EvidenceKind;
  contentType: EvidenceContentType;
  /** Storage key, `evidence/{refundId}/{evidenceId}`. */
  key: string;
}

/**
 * Marks the evidence uploaded (idempotent: a repeated event keeps the first time). Returns the record, or undefined
 * when no such evidence was requested (a stray object), which callers log and ignore.
 */
export async function onEvidenceUploaded(upload: UploadedEvidence): Promise<Evidence | undefined> {
  const now = adapter('clock').now().toISOString();
  return adapter('evidenceRecords').markUploaded(upload.refundId, upload.evidenceId, now);
}
