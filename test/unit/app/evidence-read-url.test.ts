/**
 * Who may look at a refund's evidence, with in-memory ports: its buyer, its merchant (by the token's merchant id) and
 * the reviewer holding its open task get a read URL of the recorded version; everyone else is told the refund does
 * not exist, an unknown evidence id is 404 and a file that never arrived is 409, and none of them gets a URL.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { evidenceReadUrl } from '../../../functions/app/evidence-read-url.ts';
import type { Actor } from '../../../functions/domain/actor.ts';
import { mayReadEvidence } from '../../../functions/domain/evidence/readers.ts';
import type { EvidenceStore, ReadRequest } from '../../../functions/ports/evidence-store.ts';
import { type ReviewTask, UNASSIGNED } from '../../../functions/ports/review-store.ts';
import { aRefund } from '../../support/builders.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const NOW = '2026-11-20T10:00:00.000Z';
const buyer: Actor = { sub: 'buyer-1', role: 'buyer' };
const merchant: Actor = { sub: 'm-1-staff', role: 'merchant', merchantId: 'merchant-1' };
const reviewer: Actor = { sub: 'rev-1', role: 'reviewer' };

/** Records what it was asked to sign; the URL names the request so a test can tell grants apart. */
class SigningRecorder implements EvidenceStore {
  readonly reads: ReadRequest[] = [];
  async grantUpload(): Promise<never> {
    throw new Error('not in this test');
  }
  async grantRead(request: ReadRequest) {
    this.reads.push(request);
    return { url: `https://signed/${request.key}?v=${request.version}`, expiresAt: '2026-11-20T10:05:00.000Z' };
  }
}

const aTask = (overrides: Partial<ReviewTask> = {}): ReviewTask => ({
  taskId: 'task-1',
  refundId: 'r-1',
  reviewerId: 'rev-1',
  kind: 'REVIEW',
  status: 'OPEN',
  createdAt: NOW,
  dueBy: NOW,
  ...overrides,
});

let ports: ReturnType<typeof fakePorts>;
let evidence: SigningRecorder;
let tasks: Map<string, ReviewTask>;
const deps = () => ({
  ...ports,
  evidence,
  reviews: { getTask: async (taskId: string) => tasks.get(taskId) },
});

beforeEach(() => {
  ports = fakePorts({ now: NOW });
  evidence = new SigningRecorder();
  tasks = new Map([['task-1', aTask()]]);
  ports.store.refunds.set(
    'r-1',
    aRefund({
      status: 'MANUAL_REVIEW',
      review: { taskId: 'task-1', reviewerId: 'rev-1' },
      evidence: [
        { evidenceId: 'ev-photo', kind: 'PHOTO', contentType: 'image/png', uploadedAt: NOW, versionId: 'v1' },
        { evidenceId: 'ev-pending', kind: 'WAYBILL', contentType: 'image/jpeg' },
      ],
    }),
  );
});

const read = (actor: Actor, evidenceId = 'ev-photo', refundId = 'r-1') =>
  evidenceReadUrl(deps(), actor, { refundId, evidenceId });

describe('a read URL of uploaded evidence', () => {
  it.each([
    ['the buyer', buyer],
    ['the merchant', merchant],
    ['the reviewer holding the open task', reviewer],
  ])('is given to %s, for the version recorded on arrival, as the uploaded type', async (_, actor) => {
    const grant = await read(actor);
    expect(grant).toEqual({ url: 'https://signed/evidence/r-1/ev-photo?v=v1', expiresAt: '2026-11-20T10:05:00.000Z' });
    expect(evidence.reads).toEqual([
      { key: 'evidence/r-1/ev-photo', version: 'v1', contentType: 'image/png', now: new Date(NOW) },
    ]);
  });
});

describe('anyone else', () => {
  it.each([
    ['another buyer', { sub: 'buyer-2', role: 'buyer' }],
    ['staff of another merchant', { sub: 'm-2-staff', role: 'merchant', merchantId: 'merchant-2' }],
    ['a merchant token without a merchant id', { sub: 'm-1-staff', role: 'merchant' }],
    ['a merchant whose staff id is the buyer', { sub: 'buyer-1', role: 'merchant', merchantId: 'merchant-2' }],
    ['another reviewer', { sub: 'rev-2', role: 'reviewer' }],
    ['finance', { sub: 'fin-1', role: 'finance' }],
    ['the order system', { sub: 'sys', role: 'system' }],
  ] as [string, Actor][])('%s is told the refund does not exist, and nothing is signed', async (_, actor) => {
    await expect(read(actor)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'refund not found' });
    expect(evidence.reads).toEqual([]);
  });

  it.each([
    ['decided', aTask({ status: 'DONE' })],
    ['reassigned to someone else', aTask({ status: 'REASSIGNED' })],
    ['of another refund', aTask({ refundId: 'r-2' })],
    ['waiting for a reviewer', aTask({ reviewerId: UNASSIGNED })],
  ])('a reviewer whose task is %s sees nothing', async (_, task) => {
    tasks.set('task-1', task);
    const actor = task.reviewerId === UNASSIGNED ? { sub: UNASSIGNED, role: 'reviewer' as const } : reviewer;
    await expect(read(actor)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(evidence.reads).toEqual([]);
  });

  it('the reviewer of a refund that never went to review sees nothing', async () => {
    const { review: _, ...unreviewed } = (await ports.store.getRefund('r-1'))!;
    ports.store.refunds.set('r-1', unreviewed);
    await expect(read(reviewer)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('evidence that is not there', () => {
  it('is 404 for an unknown id or refund, to the people who may see the refund', async () => {
    await expect(read(buyer, 'ev-nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'evidence not found' });
    await expect(read(buyer, 'ev-photo', 'r-nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(evidence.reads).toEqual([]);
  });

  it('is 409 EVIDENCE_NOT_UPLOADED when only the upload URL was granted', async () => {
    for (const actor of [buyer, merchant, reviewer]) {
      await expect(read(actor, 'ev-pending')).rejects.toMatchObject({
        code: 'EVIDENCE_NOT_UPLOADED',
        kind: 'conflict',
      });
    }
    expect(evidence.reads).toEqual([]);
  });

  it('is 404, not 409, to someone who may not see the refund', async () => {
    await expect(read({ sub: 'buyer-2', role: 'buyer' }, 'ev-pending')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the rule alone', () => {
  const refund = { refundId: 'r-1', userId: 'buyer-1', merchantId: 'merchant-1' };
  it('does not let a buyer in by a merchant id, nor a merchant by a user id', () => {
    expect(mayReadEvidence({ sub: 'x', role: 'buyer', merchantId: 'merchant-1' }, refund, undefined)).toBe(false);
    expect(mayReadEvidence({ sub: 'buyer-1', role: 'merchant' }, refund, undefined)).toBe(false);
  });
  it('does not let a reviewer in without a task', () => {
    expect(mayReadEvidence(reviewer, refund, undefined)).toBe(false);
  });
});
