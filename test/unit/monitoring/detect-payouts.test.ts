import { describe, expect, it } from 'vitest';
import {
  detectAmountMismatches,
  detectDuplicatePayouts,
  detectFailedPayouts,
  detectLatePayouts,
} from '../../../functions/domain/monitoring/detect-payouts.ts';
import { planPayout } from '../../../functions/domain/payout/plan.ts';
import { IMMEDIATE_WITHIN_SECONDS } from '../../../functions/domain/payout/promise.ts';
import type { Payout } from '../../../functions/domain/refund.ts';
import { aPayout, aRefund, aRefundWithPayout } from '../../support/builders.ts';
import { hoursAgo, NOW } from './fixtures.ts';

describe('a payout past its promised time', () => {
  const refund = aRefundWithPayout({ promisedBy: hoursAgo(2) });

  it('raises one LATE_PAYOUT alert', () => {
    const alerts = detectLatePayouts([refund], NOW);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      alertId: 'LATE_PAYOUT#r-1',
      kind: 'LATE_PAYOUT',
      refundId: 'r-1',
      orderId: 'o-1',
      amount: 12900,
      currency: 'CNY',
      since: hoursAgo(2),
    });
  });

  it('waits for the grace period first', () => {
    expect(detectLatePayouts([refund], NOW, { latePayoutGraceSeconds: 3 * 3600 })).toEqual([]);
  });

  it('is not late once settled, or when it failed (PAYOUT_FAILED alerts instead)', () => {
    const settled = aRefundWithPayout({ promisedBy: hoursAgo(2), settledAt: hoursAgo(1) }, { status: 'REFUNDED' });
    const failed = aRefundWithPayout({ promisedBy: hoursAgo(2), failedAt: hoursAgo(1) }, { status: 'PAYOUT_FAILED' });
    expect(detectLatePayouts([settled, failed], NOW)).toEqual([]);
  });
});

describe('a payout to the platform balance', () => {
  const approvedAt = '2026-11-26T11:00:00.000Z';
  const at = (seconds: number) => new Date(Date.parse(approvedAt) + seconds * 1000).toISOString();
  const balancePayout = (payout: Payout) =>
    aRefundWithPayout(payout, {
      timeline: [{ at: approvedAt, status: 'PAYOUT_PENDING', actor: 'SYSTEM' }],
    });

  it('is promised within minutes, not at the approval instant, so it is not late a second later', () => {
    const payout = planPayout(
      { amount: 12900, destination: 'BALANCE' },
      { paymentMethod: 'ALIPAY' },
      { BALANCE: { bonusBp: 0, capMinor: 0 }, COUPON: { bonusBp: 0, capMinor: 0 } },
      approvedAt,
    );
    expect(payout).toMatchObject({ method: 'BALANCE', promisedBy: at(IMMEDIATE_WITHIN_SECONDS) });
    const refund = balancePayout({ ...payout, sentAt: at(0) });
    expect(detectLatePayouts([refund], at(1))).toEqual([]);
    expect(detectLatePayouts([refund], at(IMMEDIATE_WITHIN_SECONDS - 1))).toEqual([]);
    expect(detectLatePayouts([refund], at(IMMEDIATE_WITHIN_SECONDS + 1))).toHaveLength(1);
  });

  it('recorded with a promise at the approval instant (before promises had a window) is held to the window too', () => {
    const refund = balancePayout(aPayout({ method: 'BALANCE', destination: 'BALANCE', promisedBy: approvedAt }));
    expect(detectLatePayouts([refund], at(1))).toEqual([]);
    expect(detectLatePayouts([refund], at(IMMEDIATE_WITHIN_SECONDS + 1))).toMatchObject([
      { kind: 'LATE_PAYOUT', since: at(IMMEDIATE_WITHIN_SECONDS) },
    ]);
  });
});

describe('a payout still within its promise', () => {
  it('raises nothing', () => {
    expect(detectLatePayouts([aRefundWithPayout({ promisedBy: hoursAgo(-1) })], NOW)).toEqual([]);
  });
});

describe('a payout settled for another amount than approved', () => {
  it('raises one AMOUNT_MISMATCH alert with both amounts in the detail', () => {
    const refund = aRefundWithPayout({ settledAt: hoursAgo(1), settledAmount: 12000 }, { status: 'REFUNDED' });
    const alerts = detectAmountMismatches([refund, aRefundWithPayout({ settledAmount: 12900 }, { refundId: 'r-2' })]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ alertId: 'AMOUNT_MISMATCH#r-1', amount: 12900, since: hoursAgo(1) });
    expect(alerts[0]?.detail).toContain('settled CNY 120.00 (difference CNY -9.00)');
  });
});

describe('a payout that failed after retries', () => {
  it('raises one PAYOUT_FAILED alert with the reason', () => {
    const refund = aRefundWithPayout(
      { failedAt: hoursAgo(3), failureReason: 'account closed' },
      { status: 'PAYOUT_FAILED' },
    );
    const alerts = detectFailedPayouts([refund, aRefund({ refundId: 'r-2' })]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ alertId: 'PAYOUT_FAILED#r-1', kind: 'PAYOUT_FAILED', since: hoursAgo(3) });
    expect(alerts[0]?.detail).toContain('account closed');
  });
});

describe('a refund paid again after its first attempt failed', () => {
  it('is not a duplicate: the failed attempt moved no money (a retry, or the move to the balance)', () => {
    const ledger = [
      { refundId: 'r-1', kind: 'SENT', amount: 12900, providerRef: 'ali-1', at: hoursAgo(5) },
      { refundId: 'r-1', kind: 'FAILED', amount: 12900, providerRef: 'ali-1', at: hoursAgo(4) },
      { refundId: 'r-1', kind: 'SENT', amount: 12900, providerRef: 'wc-1', at: hoursAgo(3) },
      { refundId: 'r-1', kind: 'SETTLED', amount: 12900, providerRef: 'wc-1', at: hoursAgo(3) },
    ];
    expect(detectDuplicatePayouts(ledger, NOW)).toEqual([]);
  });

  it('still is when the failed attempt is paid after all, next to the new one', () => {
    const ledger = [
      { refundId: 'r-1', kind: 'SENT', amount: 12900, providerRef: 'ali-1', at: hoursAgo(5) },
      { refundId: 'r-1', kind: 'FAILED', amount: 12900, providerRef: 'ali-1', at: hoursAgo(4) },
      { refundId: 'r-1', kind: 'SENT', amount: 12900, providerRef: 'wc-1', at: hoursAgo(3) },
      { refundId: 'r-1', kind: 'SETTLED', amount: 12900, providerRef: 'wc-1', at: hoursAgo(3) },
      { refundId: 'r-1', kind: 'SETTLED', amount: 12900, providerRef: 'ali-1', at: hoursAgo(1) },
    ];
    expect(detectDuplicatePayouts(ledger, NOW)).toEqual([
      expect.objectContaining({ alertId: 'DUPLICATE_PAYOUT#r-1', amount: 12900 }),
    ]);
  });
});

describe('a refund with two SENT movements in the ledger', () => {
  const ledger = [
    { refundId: 'r-1', kind: 'RESERVED', amount: 12900 },
    { refundId: 'r-1', kind: 'SENT', amount: 12900, providerRef: 'ali-1', at: hoursAgo(5) },
    { refundId: 'r-1', kind: 'SETTLED', amount: 12900, providerRef: 'ali-1', at: hoursAgo(4) },
    { refundId: 'r-1', kind: 'SENT', amount: 12900, providerRef: 'ali-2', at: hoursAgo(3), currency: 'CNY' },
    { refundId: 'r-2', kind: 'SENT', amount: 500, providerRef: 'wx-1' },
    { refundId: 'r-2', kind: 'SETTLED', amount: 500, providerRef: 'wx-1' },
  ];

  it('raises one DUPLICATE_PAYOUT alert for that refund only', () => {
    const alerts = detectDuplicatePayouts(ledger, NOW);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ alertId: 'DUPLICATE_PAYOUT#r-1', refundId: 'r-1', amount: 12900 });
    expect(alerts[0]?.since).toBe(hoursAgo(3));
    expect(alerts[0]?.detail).toContain('ali-2');
  });

  it('does not count a sent-and-settled payout as a duplicate', () => {
    expect(detectDuplicatePayouts(ledger.slice(0, 3), NOW)).toEqual([]);
  });
});
