/**
 * RATE_SPIKE: a buyer or a merchant whose refunds in the recent window are well above their own baseline, the
 * pattern of abuse by a buyer or of a problem (bad batch, fraud) at a merchant.
 */
import type { Refund } from '../refund.ts';
import type { IsoTime } from '../vocabulary.ts';
import { type AlertCandidate, alertIdFor } from './alert.ts';
import { DEFAULT_MONITORING_CONFIG, type MonitoringConfig, type RateSpikeThreshold } from './config.ts';
import { toMillis, utcDay } from './time.ts';

/** Whose refund rate is measured. */
export type RateParty = 'BUYER' | 'MERCHANT';

const DAY_MS = 86_400_000;

/**
 * Counts refund applications (by `createdAt`, whatever became of them) per buyer and per merchant in the window
 * ending at `now`, and compares each count with that party's baseline: its average over `baselineDays` before the
 * window, scaled to the window, but never less than the party's `baselineFloor`; a party whose first refund in the
 * baseline period is less than `minHistoryDays` before the window has no usable average and is compared with the
 * floor alone. A spike needs at least `minCount` refunds and more than `multiplier` times that baseline. Pass refunds
 * created since `now - window - baseline`; older ones are ignored. The id carries the UTC day of `now`: one alert
 * per party per day of a lasting spike.
 */
export function detectRateSpikes(
  refunds: readonly Refund[],
  now: IsoTime,
  config: Pick<MonitoringConfig, 'rateSpike'> = DEFAULT_MONITORING_CONFIG,
): AlertCandidate[] {
  const { windowSeconds, baselineDays, minHistoryDays, buyer, merchant } = config.rateSpike;
  const nowMs = toMillis(now);
  const windowStart = nowMs - windowSeconds * 1000;
  const baselineStart = windowStart - baselineDays * DAY_MS;
  const historySince = windowStart - Math.min(minHistoryDays, baselineDays) * DAY_MS;
  return [...spikesFor('BUYER', (r) => r.userId, buyer), ...spikesFor('MERCHANT', (r) => r.merchantId, merchant)];

  function spikesFor(party: RateParty, keyOf: (r: Refund) => string, threshold: RateSpikeThreshold) {
    const stats = new Map<string, { recent: Refund[]; baseline: number; first: number }>();
    for (const refund of refunds) {
      const at = toMillis(refund.createdAt);
      if (at <= baselineStart || at > nowMs) continue;
      const key = keyOf(refund);
      const entry = stats.get(key) ?? { recent: [], baseline: 0, first: at };
      if (at > windowStart) entry.recent.push(refund);
      else entry.baseline += 1;
      entry.first = Math.min(entry.first, at);
      stats.set(key, entry);
    }
    const alerts: AlertCandidate[] = [];
    for (const [id, { recent, baseline, first }] of stats) {
      const own = baselineDays > 0 ? (baseline / baselineDays) * (windowSeconds / 86_400) : 0;
      const history = baseline > 0 && first <= historySince;
      const expected: Baseline = history
        ? { perWindow: Math.max(own, threshold.baselineFloor), own, history }
        : { perWindow: threshold.baselineFloor, own, history };
      if (recent.length < threshold.minCount || recent.length <= threshold.multiplier * expected.perWindow) continue;
      alerts.push(spikeAlert(party, id, recent, expected, now, windowSeconds, minHistoryDays));
    }
    return alerts;
  }
}

/** What a count was compared with: the party's own average (per window) and the baseline actually used. */
interface Baseline {
  perWindow: number;
  own: number;
  history: boolean;
}

function spikeAlert(
  party: RateParty,
  id: string,
  recent: Refund[],
  expected: Baseline,
  now: IsoTime,
  windowSeconds: number,
  minHistoryDays: number,
): AlertCandidate {
  const currencies = new Set(recent.map((r) => r.currency));
  const [currency] = currencies;
  const hours = Math.round(windowSeconds / 360) / 10;
  const basis = !expected.history
    ? `the minimum baseline of ${expected.perWindow.toFixed(2)} per ${hours} h (less than ${minHistoryDays} days of history)`
    : expected.perWindow > expected.own
      ? `the minimum baseline of ${expected.perWindow.toFixed(2)} per ${hours} h (own average ${expected.own.toFixed(2)})`
      : `a baseline of ${expected.perWindow.toFixed(2)} per ${hours} h`;
  return {
    alertId: alertIdFor('RATE_SPIKE', party, id, utcDay(now)),
    kind: 'RATE_SPIKE',
    ...(party === 'BUYER' ? { userId: id } : { merchantId: id }),
    // A total only makes sense in one currency.
    ...(currencies.size === 1 && currency ? { amount: recent.reduce((s, r) => s + r.amount, 0), currency } : {}),
    since: recent.map((r) => r.createdAt).sort()[0] ?? now,
    detail:
      `${party === 'BUYER' ? 'Buyer' : 'Merchant'} ${id} has ${recent.length} refunds in the last ${hours} h ` +
      `against ${basis}.`,
  };
}
