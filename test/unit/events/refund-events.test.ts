/**
 * The refund event mapping (functions/domain/events/refund-event.ts): every lifecycle status change publishes exactly
 * one event of its type with the previous status, writes that change nothing publish none, closes say why, and every
 * event validates against its published schema; the schema files are what the builder makes; stream records of the
 * main table read back as the refunds they carry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUS_TARGET_MAX_BATCH,
  MAX_EVENTS_PER_RECORD,
  PIPE_BATCH_SIZE,
  refundChangeOf,
  refundChangesOf,
  type StreamAttribute,
} from '../../../functions/adapters/dynamodb/stream-records.ts';
import { refundEventsOf } from '../../../functions/app/refund-events.ts';
import {
  REFUND_EVENT_TYPES,
  type RefundEvent,
  refundEventOf,
  refundEventsOfWrite,
  STATUS_EVENT,
} from '../../../functions/domain/events/refund-event.ts';
import { refundEventSchemas } from '../../../functions/domain/events/schemas.ts';
import type { Refund, TimelineEvent } from '../../../functions/domain/refund.ts';
import { type RefundStatus, STATUSES } from '../../../functions/domain/vocabulary.ts';
import { SCHEMA_DIR, schemaErrors } from '../../support/event-schemas.ts';

const at = (n: number) => new Date(Date.UTC(2026, 11, 1, 8, 0, n)).toISOString();

function refund(status: RefundStatus, timeline: TimelineEvent[], extra: Partial<Refund> = {}): Refund {
  return {
    refundId: 'r-1',
    orderId: 'o-1',
    userId: 'u-1',
    merchantId: 'm-1',
    amount: 5000,
    currency: 'CNY',
    reason: 'DAMAGED',
    note: 'the box was crushed',
    scenario: 'DELIVERED',
    category: 'GENERAL',
    destination: 'ORIGINAL',
    status,
    timeline,
    createdAt: at(0),
    updatedAt: timeline.at(-1)?.at ?? at(0),
    ...extra,
  };
}

/** The refund after one more write that enters `status` (a timeline entry, as every transition appends). */
function next(
  before: Refund,
  status: RefundStatus,
  extra: Partial<Refund> = {},
  actor: TimelineEvent['actor'] = 'SYSTEM',
) {
  const entry = { at: at(before.timeline.length), status, actor, ...(extra.timeline?.[0] ?? {}) };
  const { timeline: _ignored, ...rest } = extra;
  const timeline = [...before.timeline, entry];
  return refund(status, timeline, { ...before, ...rest, status, timeline, updatedAt: entry.at });
}

const submitted = refund('SUBMITTED', [{ at: at(0), status: 'SUBMITTED', actor: 'BUYER', actorId: 'u-1' }]);

describe('refundEventOf', () => {
  it('publishes refund.submitted when the refund is created, with no previous status and no personal data', () => {
    const event = refundEventOf(undefined, submitted);
    expect(event).toEqual({
      id: 'r-1:1:SUBMITTED',
      type: 'refund.submitted',
      version: '1',
      occurredAt: at(0),
      refund: {
        refundId: 'r-1',
        orderId: 'o-1',
        merchantId: 'm-1',
        userId: 'u-1',
        amount: 5000,
        currency: 'CNY',
        reason: 'DAMAGED',
        scenario: 'DELIVERED',
        destination: 'ORIGINAL',
        status: 'SUBMITTED',
      },
      previousStatus: null,
    });
    expect(JSON.stringify(event)).not.toContain('crushed');
    expect(schemaErrors(event as RefundEvent)).toEqual([]);
  });

  it('publishes exactly one event of the status type for every change of status, with the previous status', () => {
    const payout = { method: 'ALIPAY' as const, destination: 'ORIGINAL' as const, amount: 5000, promisedBy: at(99) };
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        if (from === to || to === 'SUBMITTED') continue; // SUBMITTED is entered only at creation
        const before = refund(from, [{ at: at(1), status: from, actor: 'SYSTEM' }]);
        const after = next(before, to, {
          payout: to === 'REFUNDED' ? { ...payout, providerRef: 'p-1', settledAt: at(9) } : payout,
          ...(to === 'REJECTED' ? { step: 'AWAIT_DISPUTE' } : {}),
        });
        const event = refundEventOf(before, after);
        expect(event?.type, `${from} → ${to}`).toBe(STATUS_EVENT[to]);
        expect(event?.previousStatus).toBe(from);
        expect(event?.id).toBe(`r-1:2:${to}`);
        expect(event?.occurredAt).toBe(at(1));
        expect(schemaErrors(event as RefundEvent), `${from} → ${to}`).toEqual([]);
      }
    }
  });

  it('publishes nothing for a write that keeps the status (a thread entry, an OCR result, a re-entered wait)', () => {
    const waiting = next(submitted, 'AWAITING_EVIDENCE');
    expect(refundEventOf(waiting, { ...waiting, updatedAt: at(50) })).toBeUndefined();
    expect(refundEventOf(waiting, next(waiting, 'AWAITING_EVIDENCE'))).toBeUndefined();
  });

  it('tells a merchant rejection (the buyer may dispute) from a final ruling', () => {
    const merchant = next(submitted, 'AWAITING_MERCHANT');
    expect(refundEventOf(merchant, next(merchant, 'REJECTED', { step: 'AWAIT_DISPUTE' }))).toMatchObject({
      type: 'refund.rejected',
      final: false,
    });
    const review = next(merchant, 'MANUAL_REVIEW', { step: 'MANUAL_REVIEW' });
    expect(refundEventOf(review, next(review, 'REJECTED', { step: 'END' }))).toMatchObject({
      type: 'refund.rejected',
      final: true,
      previousStatus: 'MANUAL_REVIEW',
    });
  });

  it('publishes refund.closed with why: cancelled, a deadline, a rejection accepted or left undisputed', () => {
    const evidence = next(submitted, 'AWAITING_EVIDENCE');
    const returning = next(submitted, 'AWAITING_RETURN');
    const rejected = next(next(submitted, 'AWAITING_MERCHANT'), 'REJECTED', { step: 'AWAIT_DISPUTE' });
    const closes: [Refund, Refund, string][] = [
      [submitted, next(submitted, 'CANCELLED', { step: 'END' }, 'BUYER'), 'CANCELLED_BY_BUYER'],
      [evidence, next(evidence, 'CANCELLED', { step: 'END' }), 'EVIDENCE_DEADLINE'],
      [returning, next(returning, 'CANCELLED', { step: 'END' }), 'RETURN_DEADLINE'],
      [
        rejected,
        next(rejected, 'REJECTED', {
          step: 'END',
          timeline: [{ at: at(9), status: 'REJECTED', actor: 'BUYER', detailCode: 'BUYER_ACCEPTED' }],
        }),
        'REJECTION_ACCEPTED',
      ],
      [
        rejected,
        next(rejected, 'REJECTED', {
          step: 'END',
          timeline: [{ at: at(9), status: 'REJECTED', actor: 'SYSTEM', detailCode: 'DISPUTE_WINDOW_CLOSED' }],
        }),
        'DISPUTE_WINDOW_CLOSED',
      ],
    ];
    for (const [before, after, why] of closes) {
      const event = refundEventOf(before, after);
      expect(event).toMatchObject({ type: 'refund.closed', closeReason: why, previousStatus: before.status });
      expect(schemaErrors(event as RefundEvent)).toEqual([]);
    }
  });

  it('carries the payout method and provider reference on paid and failed', () => {
    const pending = next(next(submitted, 'APPROVED'), 'PAYOUT_PENDING', {
      payout: { method: 'WECHAT_PAY', destination: 'ORIGINAL', amount: 5000, promisedBy: at(99) },
    });
    const failed = next(pending, 'PAYOUT_FAILED', {
      payout: { ...pending.payout!, providerRef: 'wx-9', failedAt: at(9), failureReason: 'ACCOUNT_CLOSED' },
    });
    expect(refundEventOf(pending, failed)).toMatchObject({
      type: 'refund.payout_failed',
      payout: { method: 'WECHAT_PAY', providerRef: 'wx-9', amount: 5000, failureReason: 'ACCOUNT_CLOSED' },
    });
    const paid = next(pending, 'REFUNDED', {
      payout: { ...pending.payout!, providerRef: 'wx-9', settledAt: at(9), settledAmount: 5000 },
    });
    expect(refundEventOf(pending, paid)).toMatchObject({
      type: 'refund.paid',
      payout: { method: 'WECHAT_PAY', providerRef: 'wx-9' },
    });
  });

  it('refuses an event carrying anything its schema does not name (no personal data slips out)', () => {
    const event = refundEventOf(undefined, submitted) as RefundEvent;
    expect(schemaErrors({ ...event, refund: { ...event.refund, note: 'x' } } as RefundEvent)).not.toEqual([]);
    expect(schemaErrors({ ...event, email: 'a@b.c' } as RefundEvent)).not.toEqual([]);
  });
});

describe('refundEventsOfWrite', () => {
  /** One write that approves and records the payout: two timeline entries, APPROVED then PAYOUT_PENDING. */
  function approvedWithPayout(before: Refund): Refund {
    const approved = { at: at(10), status: 'APPROVED' as const, actor: 'MERCHANT' as const, actorId: 'm-1' };
    const recorded = { at: at(10), status: 'PAYOUT_PENDING' as const, actor: 'SYSTEM' as const };
    const timeline = [...before.timeline, approved, recorded];
    return refund('PAYOUT_PENDING', timeline, {
      ...before,
      status: 'PAYOUT_PENDING',
      timeline,
      payout: { method: 'ALIPAY', destination: 'ORIGINAL', amount: 5000, promisedBy: at(99) },
    });
  }

  it('publishes refund.approved then refund.payout_sent for an approval written with its payout, chained', () => {
    const waiting = next(submitted, 'AWAITING_MERCHANT');
    const events = refundEventsOfWrite(waiting, approvedWithPayout(waiting));
    expect(events.map((e) => [e.type, e.previousStatus, e.refund.status, e.id])).toEqual([
      ['refund.approved', 'AWAITING_MERCHANT', 'APPROVED', 'r-1:3:APPROVED'],
      ['refund.payout_sent', 'APPROVED', 'PAYOUT_PENDING', 'r-1:4:PAYOUT_PENDING'],
    ]);
    for (const event of events) expect(schemaErrors(event), event.type).toEqual([]);
  });

  it('publishes one event for every other write, and at most MAX_EVENTS_PER_RECORD for any', () => {
    const waiting = next(submitted, 'AWAITING_MERCHANT');
    expect(refundEventsOfWrite(undefined, submitted).map((e) => e.type)).toEqual(['refund.submitted']);
    expect(refundEventsOfWrite(submitted, waiting).map((e) => e.type)).toEqual(['refund.merchant_review_requested']);
    const approved = next(waiting, 'APPROVED');
    expect(refundEventsOfWrite(waiting, approved).map((e) => e.type)).toEqual(['refund.approved']);
    expect(refundEventsOfWrite(approved, next(approved, 'PAYOUT_PENDING')).map((e) => e.type)).toEqual([
      'refund.payout_sent',
    ]);
    expect(refundEventsOfWrite(waiting, waiting)).toEqual([]);
    expect(refundEventsOfWrite(waiting, approvedWithPayout(waiting)).length).toBeLessThanOrEqual(MAX_EVENTS_PER_RECORD);
    // So a pipe's batch of records never makes more events than an event bus target takes.
    expect(PIPE_BATCH_SIZE * MAX_EVENTS_PER_RECORD).toBeLessThanOrEqual(BUS_TARGET_MAX_BATCH);
  });
});

describe('events/schemas', () => {
  it('holds one draft 2020-12 schema per event type, exactly as functions/domain/events/schemas.ts builds them', () => {
    const files = readdirSync(SCHEMA_DIR).sort();
    expect(files).toEqual(REFUND_EVENT_TYPES.map((t) => `${t}.json`).sort());
    const built = refundEventSchemas();
    for (const type of REFUND_EVENT_TYPES) {
      const stored = JSON.parse(readFileSync(resolve(SCHEMA_DIR, `${type}.json`), 'utf8'));
      expect(stored, `${type}: run npm run events:schemas`).toEqual(built[type]);
      expect(stored.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });
});

describe('main table stream records', () => {
  const marshal = (value: unknown): StreamAttribute => {
    if (typeof value === 'string') return { S: value };
    if (typeof value === 'number') return { N: String(value) };
    if (typeof value === 'boolean') return { BOOL: value };
    if (Array.isArray(value)) return { L: value.map(marshal) };
    return { M: Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, marshal(v)])) };
  };
  const image = (r: Refund) => ({
    ...(marshal({ ...r, pk: 'REFUND#r-1', sk: '#REFUND', gsi1pk: 'U#u-1' }) as { M: Record<string, StreamAttribute> })
      .M,
  });
  const keys = { pk: { S: 'REFUND#r-1' }, sk: { S: '#REFUND' } };

  it('reads a refund write back as the refund before and after, and maps a batch to its events in order', () => {
    const merchant = next(submitted, 'AWAITING_MERCHANT');
    const records = [
      { eventName: 'INSERT', dynamodb: { Keys: keys, NewImage: image(submitted) } },
      { eventName: 'MODIFY', dynamodb: { Keys: keys, OldImage: image(submitted), NewImage: image(merchant) } },
      {
        eventName: 'MODIFY',
        dynamodb: { Keys: keys, OldImage: image(merchant), NewImage: image({ ...merchant, updatedAt: at(70) }) },
      },
      { eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: 'ORDER#o-1' }, sk: { S: '#ORDER' } }, NewImage: {} } },
      { eventName: 'REMOVE', dynamodb: { Keys: keys, OldImage: image(merchant) } },
    ];
    const changes = records.flatMap((r) => refundChangeOf(r) ?? []);
    expect(changes).toHaveLength(3);
    expect(changes[1]?.after).toEqual(merchant);
    expect(refundEventsOf(changes).map((e) => [e.type, e.previousStatus])).toEqual([
      ['refund.submitted', null],
      ['refund.merchant_review_requested', 'SUBMITTED'],
    ]);
  });

  it('leaves out a write whose image is not a refund, and says so, so it cannot hold up the writes after it', () => {
    const merchant = next(submitted, 'AWAITING_MERCHANT');
    // Edited by hand: a status this code does not know.
    const edited = { ...image(merchant), status: { S: 'ON_HOLD' } };
    const records = [
      { eventName: 'INSERT', dynamodb: { Keys: keys, NewImage: image(submitted), SequenceNumber: '1' } },
      {
        eventName: 'MODIFY',
        dynamodb: { Keys: keys, OldImage: image(submitted), NewImage: edited, SequenceNumber: '2' },
      },
      {
        eventName: 'MODIFY',
        dynamodb: { Keys: keys, OldImage: edited, NewImage: image(merchant), SequenceNumber: '3' },
      },
      {
        eventName: 'MODIFY',
        dynamodb: { Keys: keys, OldImage: image(submitted), NewImage: image(merchant), SequenceNumber: '4' },
      },
    ];
    const skipped: string[] = [];
    const changes = refundChangesOf(records, (record, error) => {
      skipped.push(`${record.dynamodb?.SequenceNumber}:${error.name}`);
    });
    expect(skipped).toEqual(['2:CorruptItem', '3:CorruptItem']);
    expect(refundEventsOf(changes).map((e) => e.type)).toEqual([
      'refund.submitted',
      'refund.merchant_review_requested',
    ]);
  });
});
