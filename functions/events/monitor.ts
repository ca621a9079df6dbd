/**
 * Scheduled monitor (EventBridge Scheduler → Lambda; a timer locally): one run of app/monitor-payouts.ts, which
 * alerts finance once per late or anomalous payout. Its thresholds are MONITORING_CONFIG's, read when the function
 * starts: a malformed value fails the function's start.
 */
import { DynamoAlertStore } from '../adapters/dynamodb/alert-store.ts';
import { DynamoMonitoringSource } from '../adapters/dynamodb/monitoring-source.ts';
import { wallClock, wire } from '../adapters/index.ts';
import { SnsNotifier } from '../adapters/sns/notifier.ts';
import { type MonitorRunSummary, monitorPayouts } from '../app/monitor-payouts.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { parseMonitoringConfig } from '../schemas/monitoring.ts';

requireEnvironmentOf('Monitor');

const deps = wire({
  monitoring: () => new DynamoMonitoringSource(),
  alerts: () => new DynamoAlertStore(),
  notifier: () => new SnsNotifier(),
  clock: wallClock,
});
const config = parseMonitoringConfig(process.env.MONITORING_CONFIG);

export async function handler(): Promise<MonitorRunSummary> {
  return monitorPayouts(deps, config);
}
