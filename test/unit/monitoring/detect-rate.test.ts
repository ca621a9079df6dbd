import { describe, expect, it } from 'vitest';
import { detectRateSpikes } from '../../../functions/domain/monitoring/detect-rate.ts';
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

describe('a buyer with many refunds today and almost none before', () => {
  const refunds = [...refundsOf('u-9', 'm-1', 4, 20, 1), ...refundsOf('u-9', 'm-2', 1, 24 * 10, 1)];

  it('raises one RATE_SPIKE alert for that buyer, keyed by the day', () => {
    const alerts = detectRateSpikes(refunds, NOW);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      alertId: 'RATE_SPIKE#BUYER#u-9#2026-11-26',
      kind: 'RATE_SPIKE',
      userId: 'u-9',
      amount: 4 * 12900,
      currency: 'CNY',
      since: hoursAgo(20),
    });
  });
});

describe('a buyer who always refunds this much', () => {
  it('raises nothing: the count is within the multiplier of the baseline', () => {
    const usual = refundsOf('u-8', 'm-1', 60, 24 * 31 - 1, 12); // two a day over the 30 days before the window
    const today = refundsOf('u-8', 'm-1', 5, 20, 1);
    expect(detectRateSpikes([...usual, ...today], NOW)).toEqual([]);
  });
});

describe('a merchant with a burst of refunds from many buyers', () => {
  it('raises a merchant RATE_SPIKE once the minimum count is reached', () => {
    const burst = Array.from({ length: 20 }, (_, i) => refundsOf(`u-${i}`, 'm-7', 1, 10, 0)).flat();
    const alerts = detectRateSpikes(burst, NOW);
    expect(alerts.map((a) => a.alertId)).toEqual(['RATE_SPIKE#MERCHANT#m-7#2026-11-26']);
    expect(detectRateSpikes(burst.slice(1), NOW)).toEqual([]);
  });
});
