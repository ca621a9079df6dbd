/**
 * Local stand-in for EventBridge Scheduler: runs the same monitor handler as Lambda every `monitorEverySeconds`, and
 * on demand through `POST /local/monitor/run` (tests, demos). Runs never overlap: a run asked for during another one
 * starts when it ends. The daily report runs the same way: every day at 09:00 China time while the runtime is up (as
 * the deployed schedule; no catch-up run at start), and on demand through `POST /local/report/run[?date=YYYY-MM-DD]`;
 * its e-mail lands in the outbox, once per date. The analytics fold runs every `analyticsFoldEverySeconds` (a minute
 * deployed) and on demand through `POST /local/analytics/fold`.
 */
import { randomUUID } from 'node:crypto';
import type { MonitoringConfigOverrides } from '../functions/domain/monitoring/index.ts';
import { type LocalRoute, StillStarting } from './gateway.ts';

export interface LocalSchedulerOptions {
  /** Seconds between scheduled monitor runs; 0 turns the timer off (on-demand runs still work). @default 300 */
  monitorEverySeconds?: number;
  /** Monitoring threshold overrides, given to the monitor function as its MONITORING_CONFIG. */
  monitoring?: MonitoringConfigOverrides;
  /** Run the daily report at 09:00 China time while up; false: only on demand. @default true */
  dailyReport?: boolean;
  /**
   * Seconds between analytics folds (deployed: every minute); 0 turns the timer off (on-demand folds through
   * `POST /local/analytics/fold` still work). @default 5
   */
  analyticsFoldEverySeconds?: number;
}

export interface LocalScheduler {
  /** `POST /local/monitor/run` → 200 with the run's summary. */
  route: LocalRoute;
  /** `POST /local/report/run[?date=]` → 200 with the report run's outcome ({ date, sent, subject? }). */
  reportRoute: LocalRoute;
  /** `POST /local/analytics/fold` → 200 with what the fold added ({ ranges, tallies, counters, upTo? }). */
  foldRoute: LocalRoute;
  /** Folds counted analytics now (after any fold in progress) and returns what it added. */
  runFold(): Promise<unknown>;
  /** Runs the monitor now (after any run in progress) and returns its summary. */
  runMonitor(): Promise<unknown>;
  /** Runs the daily report now (yesterday, or `date`), after any report run in progress. */
  runReport(date?: string): Promise<unknown>;
  stop(): void;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** 09:00 China time (UTC+8, no daylight saving) is 01:00 UTC. */
const REPORT_AT_UTC_MS = 1 * HOUR_MS;

/** Milliseconds from `now` to the next 09:00 China time. */
export function untilNextReport(now: number): number {
  const sinceMidnightUtc = now % DAY_MS;
  const wait = (REPORT_AT_UTC_MS - sinceMidnightUtc + DAY_MS) % DAY_MS;
  return wait === 0 ? DAY_MS : wait;
}

/** Runs `task` after the previous call's run ends, so runs never overlap. */
function serial<A extends unknown[]>(task: (...args: A) => Promise<unknown>) {
  let last: Promise<unknown> = Promise.resolve();
  return (...args: A) => {
    const run = last.catch(() => undefined).then(() => task(...args));
    last = run;
    return run;
  };
}

/** Logs a scheduled run's failure, except a tick that came while the functions were still loading (skipped). */
function unlessStarting(log: (message: string, detail?: unknown) => void, message: string) {
  return (error: unknown) => {
    if (!(error instanceof StillStarting)) log(message, String(error));
  };
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
  /** Invokes the DailyReport function as deployed, with the scheduler's event. */
  invokeReport: (event: {
    report: 'daily';
    id: string;
    time: string;
    date?: string;
  }) => Promise<unknown> = async () => ({ sent: false }),
  /** Invokes the AnalyticsFold function as deployed, with the scheduler's event. */
  invokeFold: (event: { fold: 'analytics'; id: string; time: string }) => Promise<unknown> = async () => ({}),
): LocalScheduler {
  // Powertools would print an EMF line per run locally; CloudWatch is not there to read it.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const runMonitor = serial(invokeMonitor);
  const runReport = serial((date?: string) =>
    invokeReport({ report: 'daily', ...scheduleEvent(), ...(date ? { date } : {}) }),
  );
  const runFold = serial(() => invokeFold({ fold: 'analytics', ...scheduleEvent() }));
  const foldEvery = options.analyticsFoldEverySeconds ?? 5;
  const foldTimer =
    foldEvery > 0
      ? setInterval(() => {
          runFold().catch(unlessStarting(log, 'scheduled analytics fold failed'));
        }, foldEvery * 1000)
      : undefined;
  foldTimer?.unref();
  const every = options.monitorEverySeconds ?? 300;
  const timer =
    every > 0
      ? setInterval(() => {
          runMonitor().catch(unlessStarting(log, 'scheduled monitor run failed'));
        }, every * 1000)
      : undefined;
  timer?.unref();
  let reportTimer: NodeJS.Timeout | undefined;
  const scheduleReport = () => {
    reportTimer = setTimeout(() => {
      runReport().catch(unlessStarting(log, 'scheduled daily report failed'));
      scheduleReport();
    }, untilNextReport(Date.now()));
    reportTimer.unref();
  };
  if (options.dailyReport ?? true) scheduleReport();
  return {
    route: {
      method: 'POST',
      pattern: /^\/local\/monitor\/run$/,
      handle: async () => ({ statusCode: 200, body: await runMonitor() }),
    },
    reportRoute: {
      method: 'POST',
      pattern: /^\/local\/report\/run$/,
      handle: async (request) => {
        const date = request.query.get('date') ?? undefined;
        if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
          return {
            statusCode: 400,
            body: { error: { code: 'VALIDATION_FAILED', message: 'date must be YYYY-MM-DD (China time)' } },
          };
        }
        return { statusCode: 200, body: await runReport(date) };
      },
    },
    foldRoute: {
      method: 'POST',
      pattern: /^\/local\/analytics\/fold$/,
      handle: async () => ({ statusCode: 200, body: await runFold() }),
    },
    runMonitor,
    runReport,
    runFold,
    stop: () => {
      clearInterval(timer);
      clearInterval(foldTimer);
      clearTimeout(reportTimer);
    },
  };
}
