import { describe, expect, it } from 'vitest';
import { detectRateSpikes } from '../../../functions/domain/monitoring/detect-rate.ts';
import { monitoringConfig } from '../../../functions/domain/monitoring/index.ts';
import { aRefund } from '../../support/builders.ts';
import { hoursAgo, NOW } from './fixtures.ts';

/** `count` refunds by buyer `userId` at merchant `merchantId`, spread over the hours from `fromHoursAgo` down. */
function refundsOf(userId: string, merchantId: string, count: number, fromHoursAgo: number, stepHours: number) {
  return Array.from({ length: count }, (_, i) =>
    aRefund({
      refundId: `${userId}-${fromHoursAgo}-${i}`,
      userId,
      merchantId,
      createdAt: hoursAgo(fromHoursAgo - i * stepHours),
    }),
  );
}

describe('the case that fired wrongly: a buyer with 4 refunds and no history', () => {
  it('raises nothing: fewer than the buyer minimum count (5)', () => {
    expect(detectRateSpikes(refundsOf('u-4', 'm-1', 4, 20, 1), NOW)).toEqual([]);
  });
});

describe('a new buyer (no refunds before the window) at the minimum count', () => {
  it('is compared with the floor (1 per window), not with 0, and raises one alert keyed by the day', () => {
    const alerts = detectRateSpikes(refundsOf('u-9', 'm-1', 5, 20, 1), NOW);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      alertId: 'RATE_SPIKE#BUYER#u-9#2026-11-26',
      kind: 'RATE_SPIKE',
      userId: 'u-9',
      amount: 5 * 12900,
      currency: 'CNY',
      since: hoursAgo(20),
    });
    expect(alerts[0]?.detail).toBe(
      'Buyer u-9 has 5 refunds in the last 24 h against the minimum baseline of 1.00 per 24 h ' +
        '(less than 7 days of history).',
    );
  });
});

describe('a buyer whose own average is below the floor', () => {
  it('is measured against the floor, and the text says both', () => {
    const refunds = [...refundsOf('u-9', 'm-1', 6, 20, 1), ...refundsOf('u-9', 'm-2', 1, 24 * 10, 1)];
    const [alert] = detectRateSpikes(refunds, NOW);
    expect(alert?.detail).toBe(
      'Buyer u-9 has 6 refunds in the last 24 h against the minimum baseline of 1.00 per 24 h (own average 0.03).',
    );
  });

  it('does not fire at exactly multiplier × floor when the minimum count is lowered', () => {
    const config = monitoringConfig({ rateSpike: { buyer: { minCount: 2, baselineFloor: 1 } } });
    expect(detectRateSpikes(refundsOf('u-3', 'm-1', 3, 20, 1), NOW, config)).toEqual([]);
    expect(detectRateSpikes(refundsOf('u-3', 'm-1', 4, 20, 1), NOW, config)).toHaveLength(1);
  });
});

describe('a buyer with refunds only in the last few days before the window', () => {
  it('has no usable average yet (under 7 days of history): the floor decides', () => {
    // Three a day for the three days before the window: an own average of 0.3 per day over the 30-day baseline.
    const recentHistory = refundsOf('u-5', 'm-1', 9, 24 * 4 - 1, 8);
    const today = refundsOf('u-5', 'm-1', 5, 20, 1);
    const [alert] = detectRateSpikes([...recentHistory, ...today], NOW);
    expect(alert?.detail).toContain('(less than 7 days of history)');
  });
});

describe('a buyer who always refunds this much', () => {
  it('raises nothing: the count is within the multiplier of the baseline', () => {
    const usual = refundsOf('u-8', 'm-1', 60, 24 * 31 - 1, 12); // two a day over the 30 days before the window
    const today = refundsOf('u-8', 'm-1', 6, 20, 1);
    expect(detectRateSpikes([...usual, ...today], NOW)).toEqual([]);
  });

  it('alerts above multiplier × their own average, stating it', () => {
    const usual = refundsOf('u-8', 'm-1', 60, 24 * 31 - 1, 12);
    const today = refundsOf('u-8', 'm-1', 7, 20, 1);
    const [alert] = detectRateSpikes([...usual, ...today], NOW);
    expect(alert?.detail).toBe('Buyer u-8 has 7 refunds in the last 24 h against a baseline of 2.00 per 24 h.');
  });
});

describe('a merchant with a burst of refunds from many buyers', () => {
  it('raises a merchant RATE_SPIKE once the minimum count is reached', () => {
    const burst = Array.from({ length: 20 }, (_, i) => refundsOf(`u-${i}`, 'm-7', 1, 10, 0)).flat();
    const alerts = detectRateSpikes(burst, NOW);
    expect(alerts.map((a) => a.alertId)).toEqual(['RATE_SPIKE#MERCHANT#m-7#2026-11-26']);
    expect(detectRateSpikes(burst.slice(1), NOW)).toEqual([]);
  });

  it('a new merchant is compared with its floor (5 per window): 20 refunds are more than 3 × 5', () => {
    const burst = Array.from({ length: 20 }, (_, i) => refundsOf(`u-${i}`, 'm-7', 1, 10, 0)).flat();
    const [alert] = detectRateSpikes(burst, NOW);
    expect(alert?.detail).toContain('against the minimum baseline of 5.00 per 24 h');
  });
});
