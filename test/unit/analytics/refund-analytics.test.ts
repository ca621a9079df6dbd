/**
 * Refund analytics (functions/domain/analytics, functions/app/refund-analytics.ts): percentiles from fixed
 * histograms; what each event adds (applications, endings, per order line, under the application's China date);
 * exactly once per event id; the period and its limits; a merchant reads only its own; the CSV rows.
 */
import { describe, expect, it } from 'vitest';
import {
  COUNTABLE_FOR_DAYS,
  countRefundEvent,
  foldRefundAnalytics,
  readRefundAnalytics,
} from '../../../functions/app/refund-analytics.ts';
import { ANALYTICS_CSV_COLUMNS, analyticsCsvRows } from '../../../functions/domain/analytics/csv-rows.ts';
import {
  counterDeltas,
  foldRange,
  GRACE_MS,
  lastClosedSlot,
  ON_TIME_MS,
  onTimeSlot,
  SLOT_MS,
  slotOf,
} from '../../../functions/domain/analytics/fold.ts';
import { analyticsDays, MAX_ANALYTICS_DAYS } from '../../../functions/domain/analytics/report.ts';
import {
  DURATION_BUCKETS,
  endingOf,
  MAX_SKUS_PER_REFUND,
  OTHER_SKUS,
  splitOverLines,
  tallyOf,
} from '../../../functions/domain/analytics/tally.ts';
import { Forbidden, ValidationFailed } from '../../../functions/domain/errors.ts';
import { type RefundEvent, refundEventOf } from '../../../functions/domain/events/refund-event.ts';
import { bucketOf, percentileOf } from '../../../functions/domain/histogram.ts';
import type { Order, Refund } from '../../../functions/domain/refund.ts';
import { anOrder, aRefund } from '../../support/builders.ts';
import { FixedClock, InMemoryAnalytics, InMemoryRefundStore } from '../../support/fakes/index.ts';

const NOW = new Date('2026-12-10T04:00:00.000Z');
/** 23:30 on 1 Dec in China: still 1 Dec there, 15:30 UTC. */
const APPLIED = '2026-12-01T15:30:00.000Z';
const later = (seconds: number) => new Date(Date.parse(APPLIED) + seconds * 1000).toISOString();

/** Lets the slots counted so far close, then folds them (as the AnalyticsFold schedule does a minute later). */
async function folded(deps: { analytics: InMemoryAnalytics; clock: FixedClock }) {
  deps.clock.advance(SLOT_MS + GRACE_MS);
  return foldRefundAnalytics(deps);
}

const twoLineOrder: Order = anOrder({
  paidAmount: 20000,
  items: [
    { sku: 'tea-1', name: 'Tea', category: 'GENERAL', unitPrice: 5000, quantity: 2 },
    { sku: 'fish-1', name: 'Fish', category: 'FRESH', unitPrice: 10000, quantity: 1 },
  ],
});

function applied(overrides: Partial<Refund> = {}): Refund {
  return aRefund({
    createdAt: APPLIED,
    updatedAt: APPLIED,
    amount: 20000,
    reason: 'DAMAGED',
    scenario: 'DELIVERED',
    items: [
      { sku: 'tea-1', quantity: 2, amount: 10000 },
      { sku: 'fish-1', quantity: 1, amount: 10000 },
    ],
    timeline: [{ at: APPLIED, status: 'SUBMITTED', actor: 'BUYER', actorId: 'buyer-1' }],
    ...overrides,
  });
}

/** The refund paid: approved `decidedAfter` seconds after applying, the money there `paidAfter` seconds after. */
function paid(refund: Refund, decidedAfter: number, paidAfter: number, instant: boolean): Refund {
  const decision = {
    kind: instant ? ('ASSESSMENT' as const) : ('MERCHANT' as const),
    outcome: 'APPROVE',
    by: instant ? ('SYSTEM' as const) : ('MERCHANT' as const),
    rules: [],
    at: later(decidedAfter),
  };
  return {
    ...refund,
    status: 'REFUNDED',
    decision,
    decisions: [decision],
    timeline: [
      ...refund.timeline,
      { at: later(decidedAfter), status: 'APPROVED', actor: 'SYSTEM' },
      { at: later(decidedAfter + 1), status: 'PAYOUT_PENDING', actor: 'SYSTEM' },
      { at: later(paidAfter), status: 'REFUNDED', actor: 'SYSTEM' },
    ],
    payout: {
      method: 'ALIPAY',
      destination: 'ORIGINAL',
      amount: refund.amount,
      promisedBy: later(86_400),
      sentAt: later(decidedAfter + 1),
      settledAt: later(paidAfter),
      settledAmount: refund.amount,
    },
    updatedAt: later(paidAfter),
  };
}

const eventOf = (before: Refund | undefined, after: Refund): RefundEvent => {
  const event = refundEventOf(before, after);
  if (!event) throw new Error('no event');
  return event;
};

describe('percentiles from fixed histograms', () => {
  const bounds = [10, 100, 1000];
  it('interpolates within the bucket that holds the rank, and is null with nothing counted', () => {
    expect(percentileOf(bounds, [0, 0, 0, 0], 0.5)).toBeNull();
    // 4 values ≤ 10, 4 in (10, 100]: the median is the top of the first bucket, p90 most of the way up the second.
    expect(percentileOf(bounds, [4, 4, 0, 0], 0.5)).toBe(10);
    expect(percentileOf(bounds, [4, 4, 0, 0], 0.9)).toBe(10 + Math.round((90 * 3.2) / 4));
    // The open bucket has no upper bound: its lower one.
    expect(percentileOf(bounds, [0, 0, 0, 3], 0.99)).toBe(1000);
    expect(bucketOf(bounds, 10)).toBe(0);
    expect(bucketOf(bounds, 11)).toBe(1);
    expect(bucketOf(bounds, 5000)).toBe(3);
  });
});

describe('what an event adds', () => {
  it('files an application under its China date, per reason, scenario, merchant and each line', () => {
    const refund = applied();
    const tally = tallyOf(eventOf(undefined, refund), refund, twoLineOrder);
    expect(tally?.day).toBe('2026-12-01');
    const of = (dimension: string) =>
      Object.fromEntries((tally?.groups ?? []).filter((g) => g.dimension === dimension).map((g) => [g.key, g.add]));
    expect(of('reason')).toEqual({ DAMAGED: { applied: 1, appliedAmount: 20000 } });
    expect(of('scenario')).toEqual({ DELIVERED: { applied: 1, appliedAmount: 20000 } });
    expect(of('merchant')).toEqual({ 'merchant-1': { applied: 1, appliedAmount: 20000 } });
    expect(of('category')).toEqual({
      GENERAL: { applied: 1, appliedAmount: 10000 },
      FRESH: { applied: 1, appliedAmount: 10000 },
    });
    expect(of('sku')).toEqual({
      'tea-1': { applied: 1, appliedAmount: 10000 },
      'fish-1': { applied: 1, appliedAmount: 10000 },
    });
  });

  it('counts the ending: paid, instant, time to decision and to money, and the paid amount split over lines', () => {
    const before = applied({ status: 'PAYOUT_PENDING' });
    const after = paid(applied(), 30, 4000, true);
    const tally = tallyOf(eventOf(before, after), after, twoLineOrder);
    const reason = tally?.groups.find((g) => g.dimension === 'reason');
    expect(reason).toEqual({
      dimension: 'reason',
      key: 'DAMAGED',
      add: { paid: 1, instant: 1, paidAmount: 20000 },
      decisionBucket: bucketOf(DURATION_BUCKETS, 30),
      moneyBucket: bucketOf(DURATION_BUCKETS, 4000),
    });
    expect(tally?.groups.filter((g) => g.dimension === 'sku').map((g) => g.add.paidAmount)).toEqual([10000, 10000]);
  });

  it('tells the endings apart; a rejection the buyer may still dispute is not one', () => {
    expect(endingOf({ type: 'refund.paid' })).toBe('PAID');
    expect(endingOf({ type: 'refund.rejected', final: false })).toBeUndefined();
    expect(endingOf({ type: 'refund.rejected', final: true })).toBe('REJECTED');
    expect(endingOf({ type: 'refund.closed', closeReason: 'DISPUTE_WINDOW_CLOSED' })).toBe('REJECTED');
    expect(endingOf({ type: 'refund.closed', closeReason: 'CANCELLED_BY_BUYER' })).toBe('CLOSED');
    expect(endingOf({ type: 'refund.approved' })).toBeUndefined();
  });

  it('records how a dispute ended: paid is for the buyer, a final rejection for the merchant', () => {
    const disputed = { dispute: { note: 'it was broken', at: later(100) } };
    const won = paid(applied(disputed), 500, 900, false);
    const wonTally = tallyOf(eventOf(applied({ status: 'PAYOUT_PENDING' }), won), won, twoLineOrder);
    expect(wonTally?.groups[0]?.add).toMatchObject({ paid: 1, disputed: 1, disputesForBuyer: 1 });
    expect(wonTally?.groups[0]?.add.instant).toBeUndefined();
    const lost = applied({
      ...disputed,
      status: 'REJECTED',
      step: 'END',
      timeline: [
        { at: APPLIED, status: 'SUBMITTED', actor: 'BUYER' },
        { at: later(50), status: 'REJECTED', actor: 'MERCHANT' },
        { at: later(200), status: 'MANUAL_REVIEW', actor: 'BUYER' },
        { at: later(7200), status: 'REJECTED', actor: 'REVIEWER' },
      ],
    });
    const lostTally = tallyOf(eventOf(applied({ status: 'MANUAL_REVIEW' }), lost), lost, twoLineOrder);
    expect(lostTally?.groups[0]).toMatchObject({
      add: { rejected: 1, disputed: 1, disputesForMerchant: 1 },
      decisionBucket: bucketOf(DURATION_BUCKETS, 7200),
    });
    expect(lostTally?.groups[0]?.moneyBucket).toBeUndefined();
  });

  it('splits amounts over lines to the minor unit, and files skus past the cap together', () => {
    expect(splitOverLines(1000, [1, 1, 1])).toEqual([333, 333, 334]);
    expect(splitOverLines(0, [])).toEqual([]);
    const items = Array.from({ length: MAX_SKUS_PER_REFUND + 5 }, (_, i) => ({
      sku: `s-${i}`,
      quantity: 1,
      amount: 100,
    }));
    const refund = applied({ items, amount: items.length * 100 });
    const skus = tallyOf(eventOf(undefined, refund), refund, undefined)?.groups.filter((g) => g.dimension === 'sku');
    expect(skus).toHaveLength(MAX_SKUS_PER_REFUND + 1);
    expect(skus?.find((g) => g.key === OTHER_SKUS)?.add).toEqual({ applied: 1, appliedAmount: 500 });
  });
});

describe('counting and reading', () => {
  async function world() {
    const store = new InMemoryRefundStore();
    const analytics = new InMemoryAnalytics();
    const clock = new FixedClock(NOW);
    await store.putOrder({ ...twoLineOrder }, twoLineOrder.createdAt);
    return { store, analytics, clock };
  }

  it('counts each event once: a redelivered event changes nothing', async () => {
    const deps = await world();
    const refund = applied();
    deps.store.refunds.set(refund.refundId, refund);
    const submitted = eventOf(undefined, refund);
    expect(await countRefundEvent(deps, submitted)).toBe('COUNTED');
    expect(await countRefundEvent(deps, submitted)).toBe('ALREADY_COUNTED');
    const after = paid(refund, 30, 4000, true);
    deps.store.refunds.set(refund.refundId, after);
    const paidEvent = eventOf(applied({ status: 'PAYOUT_PENDING' }), after);
    expect(await countRefundEvent(deps, paidEvent)).toBe('COUNTED');
    expect(await countRefundEvent(deps, paidEvent)).toBe('ALREADY_COUNTED');
    expect(await countRefundEvent(deps, { ...paidEvent, id: 'x', type: 'refund.approved' })).toBe('NOT_COUNTED');

    // Counted, not yet folded: the counters do not have it yet.
    const before = await readRefundAnalytics(deps, { role: 'finance', sub: 'f-1' }, { groupBy: 'reason' });
    expect(before.total.applied).toBe(0);
    expect(await folded(deps)).toMatchObject({ ranges: 1, tallies: 2 });
    // Folding again adds nothing: the range is done.
    expect(await foldRefundAnalytics(deps)).toMatchObject({ ranges: 0, tallies: 0 });
    const report = await readRefundAnalytics(deps, { role: 'finance', sub: 'f-1' }, { groupBy: 'reason' });
    expect(report.total).toMatchObject({
      applied: 1,
      appliedAmount: 20000,
      paid: 1,
      paidAmount: 20000,
      instantShare: { value: 1, count: 1, of: 1 },
      timeToDecision: { count: 1 },
      timeToMoney: { count: 1 },
    });
    expect(report.total.timeToMoney.p50).toBeGreaterThan(3600);
    expect(report.total.timeToMoney.p50).toBeLessThanOrEqual(7200);
    expect(report.groups.map((g) => g.key)).toEqual(['DAMAGED']);
  });

  it('does not count an event older than its tally is kept: an archive replayed over old days would count it twice', async () => {
    const deps = await world();
    const refund = applied();
    deps.store.refunds.set(refund.refundId, refund);
    const submitted = eventOf(undefined, refund);
    deps.clock.advance((COUNTABLE_FOR_DAYS - 9) * 86_400_000);
    const old = { ...submitted, id: `${submitted.id}-replayed` };
    expect(await countRefundEvent(deps, old)).toBe('COUNTED');
    deps.clock.advance(86_400_000);
    expect(await countRefundEvent(deps, { ...old, id: `${old.id}-again` })).toBe('TOO_OLD');
    expect(deps.analytics.counted.size).toBe(1);
  });

  it('throws for an event whose refund is not there yet, so the event is retried rather than lost', async () => {
    const deps = await world();
    await expect(countRefundEvent(deps, eventOf(undefined, applied()))).rejects.toThrow(/not found/);
    expect(deps.analytics.counted.size).toBe(0);
  });

  it('counts a two-line refund once in the total by category, and shows a merchant only its own', async () => {
    const deps = await world();
    const mine = applied();
    const theirs = applied({ refundId: 'r-2', merchantId: 'merchant-2', reason: 'NOT_AS_DESCRIBED' });
    for (const refund of [mine, theirs]) {
      deps.store.refunds.set(refund.refundId, refund);
      await countRefundEvent(deps, eventOf(undefined, refund));
    }
    await folded(deps);
    const finance = await readRefundAnalytics(deps, { role: 'finance', sub: 'f-1' }, { groupBy: 'category' });
    expect(finance.total.applied).toBe(2);
    expect(finance.groups.map((g) => [g.key, g.applied])).toEqual([
      ['FRESH', 2],
      ['GENERAL', 2],
    ]);
    const merchant = { role: 'merchant' as const, sub: 'm-user', merchantId: 'merchant-1' };
    const own = await readRefundAnalytics(deps, merchant, { groupBy: 'reason' });
    expect(own.merchantId).toBe('merchant-1');
    expect(own.groups.map((g) => g.key)).toEqual(['DAMAGED']);
    const byMerchant = await readRefundAnalytics(deps, merchant, { groupBy: 'merchant' });
    expect(byMerchant.groups.map((g) => g.key)).toEqual(['merchant-1']);
    await expect(
      readRefundAnalytics(deps, merchant, { groupBy: 'reason', merchantId: 'merchant-2' }),
    ).rejects.toBeInstanceOf(Forbidden);
    const one = await readRefundAnalytics(
      deps,
      { role: 'finance', sub: 'f-1' },
      {
        groupBy: 'reason',
        merchantId: 'merchant-2',
      },
    );
    expect(one.groups.map((g) => g.key)).toEqual(['NOT_AS_DESCRIBED']);
  });
});

describe('the period', () => {
  it('defaults to the last 30 China days and refuses bad, reversed, future or too long periods', () => {
    const days = analyticsDays({}, NOW);
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toBe('2026-12-10');
    expect(analyticsDays({ from: '2026-12-01', to: '2026-12-03' }, NOW)).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
    ]);
    for (const query of [
      { from: '2026-13-01' },
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026-12-05', to: '2026-12-01' },
      { to: '2026-12-11' },
      { from: '2026-01-01', to: '2026-12-01' },
    ]) {
      expect(() => analyticsDays(query, NOW), JSON.stringify(query)).toThrow(ValidationFailed);
    }
    const from = new Date(NOW.getTime() - (MAX_ANALYTICS_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
    expect(analyticsDays({ from, to: '2026-12-10' }, NOW)).toHaveLength(MAX_ANALYTICS_DAYS);
  });
});

describe('the CSV rows', () => {
  it('has the header, the total, then each group, with decimal amounts and empty cells for nothing measured', async () => {
    const deps = { analytics: new InMemoryAnalytics(), clock: new FixedClock(NOW) };
    const refund = applied();
    await deps.analytics.count(
      'e-1',
      tallyOf(eventOf(undefined, refund), refund, twoLineOrder) ?? { day: '', merchantId: '', groups: [] },
      deps.clock.now(),
      deps.clock.now(),
    );
    await folded(deps);
    const report = await readRefundAnalytics(deps, { role: 'finance', sub: 'f-1' }, { groupBy: 'scenario' });
    const rows = analyticsCsvRows(report);
    expect(rows[0]).toEqual([...ANALYTICS_CSV_COLUMNS]);
    const col = (name: (typeof ANALYTICS_CSV_COLUMNS)[number]) => ANALYTICS_CSV_COLUMNS.indexOf(name);
    expect(rows[1]?.[col('key')]).toBe('ALL');
    expect(rows[2]?.[col('key')]).toBe('DELIVERED');
    expect(rows[2]?.[col('appliedAmountDecimal')]).toBe('200.00');
    expect(rows[2]?.[col('moneyP50Seconds')]).toBeUndefined();
  });
});

describe('folding tallies into the counters', () => {
  it('folds a slot only once it has closed, an hour at most at a time, and the range taken before any other', () => {
    const now = new Date(Date.UTC(2026, 11, 10, 4, 0, 0));
    const closed = lastClosedSlot(now);
    // The slot ends, then the grace passes: only then is it closed.
    expect((closed + 1) * SLOT_MS + GRACE_MS).toBeLessThanOrEqual(now.getTime());
    expect((closed + 2) * SLOT_MS + GRACE_MS).toBeGreaterThan(now.getTime());
    expect(foldRange({ next: closed + 1 }, now)).toBeUndefined();
    expect(foldRange({ next: closed - 2 }, now)).toEqual({ from: closed - 2, to: closed });
    expect(foldRange({ next: closed - 1000 }, now)).toEqual({ from: closed - 1000, to: closed - 1000 + 359 });
    // A range taken and not finished is folded again exactly, whatever has closed since.
    expect(foldRange({ next: closed - 5, pending: closed - 4 }, now)).toEqual({ from: closed - 5, to: closed - 4 });
  });

  it('sums tallies per counter: each group platform-wide and the merchant own, the merchant group platform-wide only', () => {
    const refund = applied();
    const tally = tallyOf(eventOf(undefined, refund), refund, twoLineOrder);
    expect(tally).toBeDefined();
    const deltas = counterDeltas([tally!, tally!]);
    const reason = deltas.filter((d) => d.dimension === 'reason');
    expect(reason).toEqual([
      { dimension: 'reason', day: '2026-12-01', group: 'DAMAGED', add: { applied: 2, appliedAmount: 40000 } },
      {
        merchantId: 'merchant-1',
        dimension: 'reason',
        day: '2026-12-01',
        group: 'DAMAGED',
        add: { applied: 2, appliedAmount: 40000 },
      },
    ]);
    expect(deltas.filter((d) => d.dimension === 'merchant').map((d) => d.merchantId)).toEqual([undefined]);
    // Two lines: two categories and two skus, each in both scopes.
    expect(deltas.filter((d) => d.dimension === 'sku')).toHaveLength(4);
  });

  it('files an event under the slot it occurred in while that slot is open to it, else under the slot of now', () => {
    const occurred = new Date(Date.UTC(2026, 11, 10, 4, 0, 3));
    const slot = slotOf(occurred.getTime());
    const end = (slot + 1) * SLOT_MS;
    expect(onTimeSlot(occurred, occurred)).toBe(slot);
    expect(onTimeSlot(occurred, new Date(end + ON_TIME_MS))).toBe(slot);
    expect(onTimeSlot(occurred, new Date(end + ON_TIME_MS + 1))).toBeUndefined();
    // On time, the tally lands (within the counting function's 10 s timeout) before its slot closes.
    expect(end + ON_TIME_MS + 10_000).toBeLessThan(end + GRACE_MS);
    expect(lastClosedSlot(new Date(end + ON_TIME_MS + 10_000))).toBeLessThan(slot);
  });

  it('leaves tallies counted in a slot still open for the next fold', async () => {
    const deps = { analytics: new InMemoryAnalytics(), clock: new FixedClock(NOW) };
    const refund = applied();
    const tally = tallyOf(eventOf(undefined, refund), refund, twoLineOrder)!;
    await deps.analytics.count('e-1', tally, deps.clock.now(), deps.clock.now());
    deps.clock.advance(SLOT_MS + GRACE_MS);
    await deps.analytics.count('e-2', tally, deps.clock.now(), deps.clock.now());
    expect(await foldRefundAnalytics(deps)).toMatchObject({ ranges: 1, tallies: 1 });
    deps.clock.advance(SLOT_MS + GRACE_MS);
    expect(await foldRefundAnalytics(deps)).toMatchObject({ ranges: 1, tallies: 1 });
    const report = await readRefundAnalytics(deps, { role: 'finance', sub: 'f-1' }, { groupBy: 'reason' });
    expect(report.total.applied).toBe(2);
  });
});
