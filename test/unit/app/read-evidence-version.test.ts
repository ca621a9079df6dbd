/**
 * The storage version that arrived is the evidence: it is recorded with the evidence, OCR reads that version, and a
 * later version of the same key is neither read nor allowed to change what was recorded.
 */
import { describe, expect, it } from 'vitest';
import { readEvidence } from '../../../functions/app/read-evidence.ts';
import { loadPolicy } from '../../../functions/domain/policy/load.ts';
import type { Evidence, Refund } from '../../../functions/domain/refund.ts';
import type { EvidenceRecords } from '../../../functions/ports/evidence-store.ts';
import type { EvidenceImage, Ocr } from '../../../functions/ports/ocr.ts';
import { aRefund } from '../../support/builders.ts';
import { FixedClock, RecordingWorkflow, SentMessages } from '../../support/fakes/index.ts';

function setup() {
  const refund: Refund = aRefund({
    refundId: 'rf_v',
    evidence: [{ evidenceId: 'ev_v', kind: 'RECEIPT', contentType: 'image/png' }],
  });
  const find = (evidenceId: string) => refund.evidence?.find((e) => e.evidenceId === evidenceId);
  const records: EvidenceRecords = {
    add: async () => {},
    async markUploaded(_, evidenceId, uploadedAt, versionId) {
      const found = find(evidenceId);
      if (found && !found.uploadedAt) Object.assign(found, { uploadedAt, ...(versionId ? { versionId } : {}) });
      return found;
    },
    async recordOcr(_, evidenceId, ocr) {
      const found = find(evidenceId);
      if (!found || found.ocr) return false;
      found.ocr = ocr;
      return true;
    },
  };
  const read: EvidenceImage[] = [];
  const ocr: Ocr = {
    readWaybill: async () => ({ lines: [] }),
    async readReceipt(image) {
      read.push(image);
      return { summary: {}, lines: [] };
    },
  };
  const store = {
    getRefund: async () => structuredClone(refund),
    getOrder: async () => undefined,
    updateRefund: async () => structuredClone(refund),
  };
  const deps = {
    store,
    evidenceRecords: records,
    ocr,
    workflow: new RecordingWorkflow(),
    notifier: new SentMessages(),
    clock: new FixedClock(new Date('2026-11-26T12:00:00.000Z')),
    policy: loadPolicy('prod'),
  } as unknown as Parameters<typeof readEvidence>[0];
  return { deps, read, evidence: () => find('ev_v') as Evidence };
}

const object = (version: string) => ({ bucket: 'b', key: 'evidence/rf_v/ev_v', version, size: 100 });

describe('evidence versions', () => {
  it('records the version that arrived and OCR reads exactly that version', async () => {
    const { deps, read, evidence } = setup();
    await readEvidence(deps, object('v1'));
    expect(evidence().versionId).toBe('v1');
    expect(read).toEqual([
      { s3: { bucket: 'b', key: 'evidence/rf_v/ev_v', version: 'v1' }, contentType: 'image/png', size: 100 },
    ]);
  });

  it('ignores a later version of the same key: not read, the recorded version stays', async () => {
    const { deps, read, evidence } = setup();
    await readEvidence(deps, object('v1'));
    await readEvidence(deps, object('v2'));
    expect(evidence().versionId).toBe('v1');
    expect(read.map((image) => ('s3' in image ? image.s3.version : undefined))).toEqual(['v1']);
  });
});
