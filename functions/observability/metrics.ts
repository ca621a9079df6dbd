/**
 * Business metrics through Powertools (CloudWatch embedded metric format: a log line, no API call, no latency).
 * Any layer records a figure with `recordMetric`; the entry wrappers (./invocation.ts, used by the HTTP wrapper and
 * every task and event entry) publish them once per invocation in a `finally`, so an invocation that throws still
 * flushes what it recorded. Nothing else calls `publishMetrics`.
 * Locally the runtime sets POWERTOOLS_METRICS_DISABLED, so nothing is printed.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { BUSINESS_METRICS, type BusinessMetric, METRICS_NAMESPACE, METRICS_SERVICE } from './metric-names.ts';

let metrics: Metrics | undefined;

/** The process-wide Metrics instance (module scope, reused across invocations). */
export function businessMetrics(): Metrics {
  metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  return metrics;
}

const UNITS = { Count: MetricUnit.Count, Seconds: MetricUnit.Seconds } as const;

/** Adds one value of a business metric to the batch published by `publishMetrics`. */
export function recordMetric(name: BusinessMetric, value: number): void {
  businessMetrics().addMetric(name, UNITS[BUSINESS_METRICS[name]], value);
}

/** Writes the batch (one EMF line), if anything was recorded. The entry wrappers call it; nothing else should. */
export function publishMetrics(): void {
  const metrics = businessMetrics();
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
