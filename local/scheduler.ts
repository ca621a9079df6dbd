/**
 * Local stand-in for EventBridge Scheduler: runs the same monitor handler as Lambda every `monitorEverySeconds`, and
 * on demand through `POST /local/monitor/run` (tests, demos). Runs never overlap: a run asked for during another one
 * starts when it ends.
 */
import { randomUUID } from 'node:crypto';
import type { MonitoringConfigOverrides } from '../functions/domain/monitoring/index.ts';
import type { LocalRoute } from './gateway.ts';

export interface LocalSchedulerOptions {
  /** Seconds between scheduled monitor runs; 0 turns the timer off (on-demand runs still work). @default 300 */
  monitorEverySeconds?: number;
  /** Monitoring threshold overrides, given to the monitor function as its MONITORING_CONFIG. */
  monitoring?: MonitoringConfigOverrides;
}

export interface LocalScheduler {
  /** `POST /local/monitor/run` → 200 with the run's summary. */
  route: LocalRoute;
  /** Runs the monitor now (after any run in progress) and returns its summary. */
  runMonitor(): Promise<unknown>;
  stop(): void;
}

/**
 * The event a scheduled run gets, as the stack's schedule sends it (infra/constructs/monitoring.ts): the scheduler's
 * execution id, the monitor's correlation id, and the scheduled time.
 */
export function scheduleEvent(now = new Date()): { id: string; time: string } {
  return { id: randomUUID(), time: now.toISOString() };
}

export function startLocalScheduler(
  options: LocalSchedulerOptions,
  log: (message: string, detail?: unknown) => void,
  /** Invokes the Monitor function as deployed. */
  invokeMonitor: () => Promise<unknown>,
): LocalScheduler {
  // Powertools would print an EMF line per run locally; CloudWatch is not there to read it.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  let last: Promise<unknown> = Promise.resolve();
  const runMonitor = () => {
    const run = last.catch(() => undefined).then(invokeMonitor);
    last = run;
    return run;
  };
  const every = options.monitorEverySeconds ?? 300;
  const timer =
    every > 0
      ? setInterval(() => {
          runMonitor().catch((error: unknown) => log('scheduled monitor run failed', String(error)));
        }, every * 1000)
      : undefined;
  timer?.unref();
  return {
    route: {
      method: 'POST',
      pattern: /^\/local\/monitor\/run$/,
      handle: async () => ({ statusCode: 200, body: await runMonitor() }),
    },
    runMonitor,
    stop: () => clearInterval(timer),
  };
}
