import { describe, expect, it } from 'vitest';
import {
  type AlertCandidate,
  type AlertRecord,
  DEFAULT_MONITORING_CONFIG,
  InvalidMonitoringConfig,
  monitoringConfig,
  planAlerts,
} from '../../../functions/domain/monitoring/index.ts';
import { hoursAgo, NOW } from './fixtures.ts';

const candidate = (refundId: string): AlertCandidate => ({
  alertId: `LATE_PAYOUT#${refundId}`,
  kind: 'LATE_PAYOUT',
  refundId,
  since: hoursAgo(5),
  detail: 'late',
});
const stored = (refundId: string, status: AlertRecord['status'], notifiedHoursAgo: number): AlertRecord => ({
  ...candidate(refundId),
  status,
  firstDetectedAt: hoursAgo(notifiedHoursAgo),
  lastNotifiedAt: hoursAgo(notifiedHoursAgo),
  notifyCount: 1,
});

describe('a monitor run with new, ongoing, resolved and long-closed problems', () => {
  it('opens the new, re-notifies the overdue, closes the resolved and leaves the rest alone', () => {
    const plans = planAlerts(
      [stored('r-2', 'OPEN', 1), stored('r-3', 'OPEN', 30), stored('r-4', 'OPEN', 2), stored('r-5', 'CLOSED', 90)],
      [candidate('r-1'), candidate('r-2'), candidate('r-3')],
      NOW,
      24 * 3600,
    );
    expect(plans.map((p) => [p.alertId, p.action, p.notify])).toEqual([
      ['LATE_PAYOUT#r-1', 'OPEN', true],
      ['LATE_PAYOUT#r-3', 'RENOTIFY', true],
      ['LATE_PAYOUT#r-4', 'CLOSE', false],
    ]);
  });
});

describe('monitoring config overrides', () => {
  it('change only what they name', () => {
    const config = monitoringConfig({ stuckDeadlines: { MANUAL_REVIEW: 3600 }, rateSpike: { buyer: { minCount: 5 } } });
    expect(config.stuckDeadlines.MANUAL_REVIEW).toBe(3600);
    expect(config.stuckDeadlines.AWAITING_MERCHANT).toBe(DEFAULT_MONITORING_CONFIG.stuckDeadlines.AWAITING_MERCHANT);
    expect(config.rateSpike.buyer).toEqual({ minCount: 5, multiplier: 3 });
    expect(config.quietPeriodSeconds).toBe(86400);
    expect(monitoringConfig()).toEqual(DEFAULT_MONITORING_CONFIG);
  });

  it('refuse a negative or non-numeric threshold', () => {
    expect(() => monitoringConfig({ quietPeriodSeconds: -1 })).toThrow(InvalidMonitoringConfig);
    expect(() => monitoringConfig({ rateSpike: { merchant: { multiplier: Number.NaN } } })).toThrow(
      /merchant.multiplier/,
    );
  });
});
