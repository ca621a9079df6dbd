/**
 * Scheduled monitor (EventBridge Scheduler → Lambda; a timer locally): finds late and anomalous payouts through
 * sparse indexes, so its cost follows the outstanding work, never the size of the table, and alerts finance once
 * per problem. Emits the OpenAlerts and OutstandingPayouts metrics the alarms and dashboard read.
 */
import { DynamoAlertStore } from '../adapters/dynamodb/alert-store.ts';
import { DynamoMonitoringSource } from '../adapters/dynamodb/monitoring-source.ts';
import { adapter, defaultAdapter } from '../adapters/index.ts';
import { SnsNotifier } from '../adapters/sns/notifier.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { logger } from '../http/handler.ts';
import { publishMetrics, recordMetric } from '../observability/metrics.ts';
import { monitoringConfigFromEnv } from './config.ts';
import { type MonitorRunSummary, runMonitor } from './run.ts';

requireEnvironmentOf('Monitor');

defaultAdapter('notifier', () => new SnsNotifier());
defaultAdapter('alerts', () => new DynamoAlertStore());

const source = new DynamoMonitoringSource();

export async function handler(): Promise<MonitorRunSummary> {
  const summary = await runMonitor({
    source,
    alerts: adapter('alerts'),
    notifier: adapter('notifier'),
    // Read per run (cheap), so the local runtime and tests can change thresholds between runs.
    config: monitoringConfigFromEnv(),
    now: adapter('clock').now().toISOString(),
  });
  recordMetric('OpenAlerts', summary.openAlerts);
  recordMetric('OutstandingPayouts', summary.outstandingPayouts);
  recordMetric('AlertsNotified', summary.notified);
  recordMetric('MonitorReadCapacity', summary.readCapacityUnits);
  publishMetrics();
  logger.info('monitor run', { ...summary });
  return summary;
}
