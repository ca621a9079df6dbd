/**
 * The monitor's thresholds as configured (`MONITORING_CONFIG`: JSON overrides of the defaults, e.g.
 * `{"quietPeriodSeconds":3600}`), validated with zod and merged by the core's `monitoringConfig`, so a typo fails
 * the monitor loudly instead of silently monitoring with other numbers.
 */
import * as z from 'zod/mini';
import { type MonitoringConfig, monitoringConfig } from '../domain/monitoring/index.ts';
import { STATUSES } from '../domain/vocabulary.ts';

const seconds = () => z.optional(z.number().check(z.minimum(0)));
const threshold = () =>
  z.optional(z.strictObject({ minCount: seconds(), multiplier: seconds(), baselineFloor: seconds() }));

export const monitoringOverridesSchema = z.strictObject({
  latePayoutGraceSeconds: seconds(),
  stuckDeadlines: z.optional(z.partialRecord(z.enum(STATUSES), z.number().check(z.minimum(0)))),
  rateSpike: z.optional(
    z.strictObject({
      windowSeconds: seconds(),
      baselineDays: seconds(),
      minHistoryDays: seconds(),
      buyer: threshold(),
      merchant: threshold(),
    }),
  ),
  quietPeriodSeconds: seconds(),
  renotifyAfterSeconds: seconds(),
  escalateAfterRenotifications: seconds(),
});

/** The defaults with the JSON overrides `raw` applied (none when empty or undefined). */
export function parseMonitoringConfig(raw: string | undefined): MonitoringConfig {
  if (!raw) return monitoringConfig();
  return monitoringConfig(monitoringOverridesSchema.parse(JSON.parse(raw)));
}
