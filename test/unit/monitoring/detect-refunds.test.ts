import { describe, expect, it } from 'vitest';
import { DEFAULT_STUCK_DEADLINES } from '../../../functions/domain/monitoring/config.ts';
import { detectOverRefunds, detectStuckRefunds } from '../../../functions/domain/monitoring/detect-refunds.ts';
import { anOrder, aRefund, aRefundWithPayout } from '../../support/builders.ts';
import { hoursAgo, NOW } from './fixtures.ts';

describe('an order refunded beyond what was paid', () => {
  it('raises one OVER_REFUND alert when its counter exceeds the paid amount', () => {
    const alerts = detectOverRefunds([anOrder({ refundedAmount: 13000 })], []);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ alertId: 'OVER_REFUND#o-1', kind: 'OVER_REFUND', amount: 100, currency: 'CNY' });
  });

  it('raises it too when live refunds sum past the paid amount though the counter looks fine', () => {
    const refunds = [
      aRefund({ refundId: 'r-1', amount: 10000 }),
      aRefund({ refundId: 'r-2', amount: 5000, createdAt: hoursAgo(0.5) }),
      aRefund({ refundId: 'r-3', amount: 9000, status: 'CANCELLED' }),
    ];
    const alerts = detectOverRefunds([anOrder({ refundedAmount: 12900 })], refunds);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ amount: 2100, since: hoursAgo(0.5) });
  });

  it('raises nothing for an order refunded exactly in full', () => {
    expect(detectOverRefunds([anOrder({ refundedAmount: 12900 })], [aRefund()])).toEqual([]);
  });
});

describe('a refund waiting for its merchant beyond the deadline', () => {
  const refund = aRefund({
    status: 'AWAITING_MERCHANT',
    timeline: [
      { at: hoursAgo(30), status: 'SUBMITTED', actor: 'BUYER' },
      { at: hoursAgo(27), status: 'AWAITING_MERCHANT', actor: 'SYSTEM' },
    ],
  });

  it('raises one STUCK_REFUND alert keyed by refund and status, since it entered the status', () => {
    const alerts = detectStuckRefunds([refund], NOW);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      alertId: 'STUCK_REFUND#r-1#AWAITING_MERCHANT',
      kind: 'STUCK_REFUND',
      since: hoursAgo(27),
    });
    expect(alerts[0]?.detail).toContain('1d 3h');
  });

  it('follows a configured deadline table', () => {
    expect(detectStuckRefunds([refund], NOW, { stuckDeadlines: { AWAITING_MERCHANT: 48 * 3600 } })).toEqual([]);
    expect(detectStuckRefunds([refund], NOW, { stuckDeadlines: {} })).toEqual([]);
  });
});

describe("a refund whose wait has a longer deadline of its own (a GOOD merchant's 48 hours)", () => {
  const waiting = (enteredHoursAgo: number) =>
    aRefund({
      status: 'AWAITING_MERCHANT',
      timeline: [{ at: hoursAgo(enteredHoursAgo), status: 'AWAITING_MERCHANT', actor: 'SYSTEM' }],
      nextStep: { who: 'MERCHANT', action: 'DECIDE', dueBy: hoursAgo(enteredHoursAgo - 48) },
    });

  it('is not stuck within that deadline and the slack after it, though past the table', () => {
    expect(detectStuckRefunds([waiting(30)], NOW)).toEqual([]);
    expect(detectStuckRefunds([waiting(49.5)], NOW)).toEqual([]);
  });

  it('is stuck once its own deadline and the slack have passed (its timeout did not move it)', () => {
    const [alert] = detectStuckRefunds([waiting(51)], NOW);
    expect(alert).toMatchObject({ kind: 'STUCK_REFUND', since: hoursAgo(51) });
    expect(alert?.detail).toContain('deadline 2d 2h');
  });
});

describe('refunds that are moving or finished', () => {
  it('are never stuck', () => {
    const refunds = [
      aRefund({ timeline: [{ at: hoursAgo(0.5), status: 'SUBMITTED', actor: 'BUYER' }] }),
      aRefund({ status: 'REFUNDED', timeline: [{ at: hoursAgo(900), status: 'REFUNDED', actor: 'SYSTEM' }] }),
      // Its promise is LATE_PAYOUT's business, not STUCK_REFUND's.
      aRefundWithPayout({}, { timeline: [{ at: hoursAgo(200), status: 'PAYOUT_PENDING', actor: 'SYSTEM' }] }),
    ];
    expect(detectStuckRefunds(refunds, NOW)).toEqual([]);
    expect(DEFAULT_STUCK_DEADLINES.REFUNDED).toBeUndefined();
  });
});
