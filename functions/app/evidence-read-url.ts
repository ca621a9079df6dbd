/**
 * A short-lived URL to look at one evidence file (`GET /v1/refunds/{refundId}/evidence/{evidenceId}`), so the
 * merchant, the reviewer and the inspector judge a "damaged, see photos" claim on the photos, and the buyer sees what they sent.
 * Who may is domain/evidence/readers.ts; anyone else, and an unknown evidence id, is 404. A file that was granted
 * an upload URL but never arrived is 409 EVIDENCE_NOT_UPLOADED. The URL reads the version recorded when the file
 * arrived (what OCR and the decision saw), for READ_URL_TTL_SECONDS; each grant is logged (who saw which file).
 */
import type { Actor } from '../domain/actor.ts';
import { Conflict, NotFound } from '../domain/errors.ts';
import { mayReadEvidence } from '../domain/evidence/readers.ts';
import { logger } from '../observability/logger.ts';
import { evidenceKey, type ReadGrant } from '../ports/evidence-store.ts';
import type { Ports } from '../ports/index.ts';
import { type ReviewStore, UNASSIGNED } from '../ports/review-store.ts';
import { currentTaskOf } from './access.ts';

export type EvidenceReadDeps = Pick<Ports, 'store' | 'evidence' | 'clock'> & {
  reviews: Pick<ReviewStore, 'getTask'>;
  inspections: Pick<ReviewStore, 'getTask'>;
};

export async function evidenceReadUrl(
  deps: EvidenceReadDeps,
  actor: Actor,
  ids: { refundId: string; evidenceId: string },
): Promise<ReadGrant> {
  const { refundId, evidenceId } = ids;
  const refund = await deps.store.getRefund(refundId);
  // Only a reviewer's or an inspector's access depends on the task, so only their calls read it.
  const held = refund ? await currentTaskOf(deps, actor, refund) : undefined;
  const task = held && held.reviewerId !== UNASSIGNED ? held : undefined;
  if (!refund || !mayReadEvidence(actor, refund, task)) throw new NotFound('refund');
  const evidence = refund.evidence?.find((e) => e.evidenceId === evidenceId);
  if (!evidence) throw new NotFound('evidence');
  if (!evidence.uploadedAt) {
    throw new Conflict('EVIDENCE_NOT_UPLOADED', 'this evidence was never uploaded; there is no file to show');
  }
  const grant = await deps.evidence.grantRead({
    key: evidenceKey(refundId, evidenceId),
    version: evidence.versionId,
    contentType: evidence.contentType,
    now: deps.clock.now(),
  });
  logger.info('evidence read URL granted', { refundId, evidenceId, role: actor.role, sub: actor.sub });
  return grant;
}
