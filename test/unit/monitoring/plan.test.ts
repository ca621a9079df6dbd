import { describe, expect, it } from 'vitest';
import {
  type AlertCandidate,
  type AlertRecord,
  DEFAULT_MONITORING_CONFIG,
  InvalidMonitoringConfig,
  monitoringConfig,
  planAlerts,
} from '../../../functions/domain/monitoring/index.ts';
import { parseMonitoringConfig } from '../../../functions/schemas/monitoring.ts';
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
  history: [{ at: hoursAgo(notifiedHoursAgo), by: 'monitor', action: 'OPENED' }],
  version: 1,
});

describe('a monitor run with new, ongoing, acknowledged, gone and long-resolved problems', () => {
  it('opens the new, reminds the overdue unowned, resolves the gone and leaves the rest alone', () => {
    const plans = planAlerts(
      [
        stored('r-2', 'OPEN', 1),
        stored('r-3', 'OPEN', 30),
        stored('r-4', 'OPEN', 2),
        stored('r-5', 'RESOLVED', 90),
        stored('r-6', 'ACKNOWLEDGED', 30),
        stored('r-7', 'ACKNOWLEDGED', 30),
      ],
      [candidate('r-1'), candidate('r-2'), candidate('r-3'), candidate('r-6')],
      NOW,
      DEFAULT_MONITORING_CONFIG,
    );
    expect(plans.map((p) => [p.alertId, p.action, p.notify])).toEqual([
      ['LATE_PAYOUT#r-1', 'OPEN', true],
      ['LATE_PAYOUT#r-3', 'RENOTIFY', true],
      ['LATE_PAYOUT#r-4', 'RESOLVE', false],
      ['LATE_PAYOUT#r-7', 'RESOLVE', false],
    ]);
  });
});

describe('monitoring config overrides', () => {
  it('change only what they name', () => {
    const config = monitoringConfig({ stuckDeadlines: { MANUAL_REVIEW: 3600 }, rateSpike: { buyer: { minCount: 5 } } });
    expect(config.stuckDeadlines.MANUAL_REVIEW).toBe(3600);
    expect(config.stuckDeadlines.AWAITING_MERCHANT).toBe(DEFAULT_MONITORING_CONFIG.stuckDeadlines.AWAITING_MERCHANT);
    const config2 = monitoringConfig({ rateSpike: { buyer: { minCount: 8 } }, renotifyAfterSeconds: 7200 });
    expect(config2.rateSpike.buyer).toEqual({ minCount: 8, multiplier: 3, baselineFloor: 1 });
    expect(config2.renotifyAfterSeconds).toBe(7200);
    expect(config.renotifyAfterSeconds).toBe(4 * 3600);
    expect(config.escalateAfterRenotifications).toBe(2);
    expect(config.quietPeriodSeconds).toBe(3600);
    expect(monitoringConfig()).toEqual(DEFAULT_MONITORING_CONFIG);
  });

  it('refuse a negative or non-numeric threshold', () => {
    expect(() => monitoringConfig({ quietPeriodSeconds: -1 })).toThrow(InvalidMonitoringConfig);
    expect(() => monitoringConfig({ renotifyAfterSeconds: -1 })).toThrow(/renotifyAfterSeconds/);
    expect(() => monitoringConfig({ rateSpike: { buyer: { baselineFloor: -1 } } })).toThrow(/buyer.baselineFloor/);
    expect(() => monitoringConfig({ rateSpike: { merchant: { multiplier: Number.NaN } } })).toThrow(
      /merchant.multiplier/,
    );
  });
});

describe('MONITORING_CONFIG', () => {
  it('accepts the reminder, escalation and RATE_SPIKE baseline settings', () => {
    const config = parseMonitoringConfig(
      '{"renotifyAfterSeconds":7200,"escalateAfterRenotifications":1,' +
        '"rateSpike":{"minHistoryDays":14,"buyer":{"baselineFloor":2},"merchant":{"minCount":30}}}',
    );
    expect(config).toMatchObject({ renotifyAfterSeconds: 7200, escalateAfterRenotifications: 1 });
    expect(config.rateSpike).toMatchObject({
      minHistoryDays: 14,
      buyer: { minCount: 5, multiplier: 3, baselineFloor: 2 },
      merchant: { minCount: 30, multiplier: 3, baselineFloor: 5 },
    });
  });

  it('refuses a misspelt setting', () => {
    expect(() => parseMonitoringConfig('{"renotifyAfterSecs":7200}')).toThrow();
  });
});
