import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectAlerts } from '../../../functions/domain/monitoring/detect.ts';
import { STATUSES } from '../../../functions/domain/vocabulary.ts';
import { anOrder, aPayout, aRefund } from '../../support/builders.ts';
import { hoursAgo, NOW } from './fixtures.ts';

const aRefundArb = fc
  .record({
    id: fc.integer({ min: 1, max: 5 }),
    user: fc.constantFrom('u-1', 'u-2'),
    status: fc.constantFrom(...STATUSES),
    enteredHoursAgo: fc.integer({ min: 0, max: 400 }),
    promisedHoursAgo: fc.option(fc.integer({ min: -48, max: 48 }), { nil: undefined }),
    settledAmount: fc.option(fc.integer({ min: 0, max: 20000 }), { nil: undefined }),
  })
  .map(({ id, user, status, enteredHoursAgo, promisedHoursAgo, settledAmount }) =>
    aRefund({
      refundId: `r-${id}`,
      userId: user,
      status,
      createdAt: hoursAgo(enteredHoursAgo),
      timeline: [{ at: hoursAgo(enteredHoursAgo), status, actor: 'SYSTEM' }],
      ...(promisedHoursAgo === undefined
        ? {}
        : {
            payout: aPayout({
              promisedBy: hoursAgo(promisedHoursAgo),
              ...(settledAmount === undefined ? {} : { settledAmount }),
            }),
          }),
    }),
  );
const movementArb = fc.record({
  refundId: fc.constantFrom('r-1', 'r-2'),
  kind: fc.constantFrom('RESERVED', 'SENT', 'SETTLED'),
  amount: fc.integer({ min: 1, max: 20000 }),
});

describe('a rerun of the monitor on the same records', () => {
  it('finds the same alerts with the same ids, whatever the order of the records', () => {
    fc.assert(
      fc.property(
        fc.array(aRefundArb, { maxLength: 12 }),
        fc.array(movementArb, { maxLength: 8 }),
        (refunds, ledger) => {
          const snapshot = { refunds, orders: [anOrder({ refundedAmount: 20000 })], ledger };
          const first = detectAlerts(snapshot, NOW);
          const again = detectAlerts({ ...snapshot, refunds: [...refunds].reverse() }, NOW);
          expect(again.map((a) => a.alertId)).toEqual(first.map((a) => a.alertId));
          expect(new Set(first.map((a) => a.alertId)).size).toBe(first.length);
          for (const alert of first) expect(alert.alertId.startsWith(`${alert.kind}#`)).toBe(true);
        },
      ),
    );
  });
});

describe('a snapshot with several problems', () => {
  it('reports each once, sorted by id', () => {
    const late = aRefund({ refundId: 'r-1', status: 'PAYOUT_PENDING', payout: aPayout({ promisedBy: hoursAgo(1) }) });
    const failed = aRefund({ refundId: 'r-2', status: 'PAYOUT_FAILED', payout: aPayout({ failedAt: hoursAgo(2) }) });
    const ids = detectAlerts(
      { refunds: [failed, late], orders: [anOrder({ refundedAmount: 99999 })], ledger: [] },
      NOW,
    ).map((a) => a.alertId);
    expect(ids).toEqual(['LATE_PAYOUT#r-1', 'OVER_REFUND#o-1', 'PAYOUT_FAILED#r-2']);
  });
});
