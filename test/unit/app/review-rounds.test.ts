/**
 * Review task ids count review rounds: entering review from another status, or an SLA reassignment. Events recorded
 * while a refund is in review (an evidence file read) repeat the status but start no round, so no number is skipped.
 */
import { describe, expect, it } from 'vitest';
import { REASSIGNED_DETAIL, reviewTaskId } from '../../../functions/app/hold-wait.ts';
import type { TimelineEvent } from '../../../functions/domain/refund.ts';

const event = (status: TimelineEvent['status'], detail?: string): TimelineEvent => ({
  at: '2026-11-20T10:00:00.000Z',
  status,
  actor: 'SYSTEM',
  ...(detail ? { detail } : {}),
});

describe('reviewTaskId', () => {
  it('numbers the first round 1', () => {
    const timeline = [event('SUBMITTED'), event('MANUAL_REVIEW')];
    expect(reviewTaskId({ refundId: 'rf', timeline })).toBe('rf.1');
  });

  it('gives the task after an SLA reassignment the next number, whatever was read in between', () => {
    const timeline = [
      event('SUBMITTED'),
      event('MANUAL_REVIEW'),
      event('MANUAL_REVIEW', 'WAYBILL read: MATCH (SF1234567890)'),
      event('MANUAL_REVIEW', 'RECEIPT read: UNREADABLE'),
      event('MANUAL_REVIEW', REASSIGNED_DETAIL),
    ];
    expect(reviewTaskId({ refundId: 'rf', timeline })).toBe('rf.2');
  });

  it('counts a reassignment stored as a code (events since codes) like one stored as text (older events)', () => {
    const coded = (detailCode: TimelineEvent['detailCode']): TimelineEvent => ({
      ...event('MANUAL_REVIEW'),
      detailCode,
    });
    const timeline = [
      event('SUBMITTED'),
      event('MANUAL_REVIEW'),
      coded('EVIDENCE_READ'),
      coded('REVIEW_REASSIGNED'),
      event('MANUAL_REVIEW', REASSIGNED_DETAIL),
    ];
    expect(reviewTaskId({ refundId: 'rf', timeline })).toBe('rf.3');
  });

  it('starts a new round when the refund comes back to review', () => {
    const timeline = [
      event('SUBMITTED'),
      event('MANUAL_REVIEW'),
      event('AWAITING_EVIDENCE'),
      event('AWAITING_EVIDENCE', 'PHOTO read'),
      event('MANUAL_REVIEW'),
    ];
    expect(reviewTaskId({ refundId: 'rf', timeline })).toBe('rf.2');
  });
});
