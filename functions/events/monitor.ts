/**
 * Scheduled monitor (EventBridge Scheduler → Lambda; a timer locally). First it asks the payment provider about
 * payouts past their promise (app/check-late-payouts.ts: settles the paid ones, records the failed ones, bounded per
 * run), then one run of app/monitor-payouts.ts alerts finance once per late or anomalous payout, so a payout the
 * provider paid without a webhook is not reported late; then merchants whose deadline lapses within two hours are
 * told so, once (app/remind-deadlines.ts). A failing check or reminder never stops the alerts. Thresholds are
 * MONITORING_CONFIG's, read when the function starts: a malformed value fails the function's start.
 * Correlation id: the schedule's execution id, which the schedule puts in the event as `id`
 * (infra/constructs/monitoring.ts); each alert it records is logged with the refund it is about (`refund_id`).
 */

import { DynamoAlertStore } from '../adapters/dynamodb/alert-store.ts';
import { DynamoInbox } from '../adapters/dynamodb/inbox.ts';
import { DynamoLedgerStore } from '../adapters/dynamodb/ledger-store.ts';
import { DynamoMonitoringSource } from '../adapters/dynamodb/monitoring-source.ts';
import { DynamoPayoutStore } from '../adapters/dynamodb/payout-store.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { stagePolicy, wallClock, wire } from '../adapters/index.ts';
import { paymentQueriesFromEnv } from '../adapters/payments/channel-env.ts';
import { SnsNotifier } from '../adapters/sns/notifier.ts';
import { checkLatePayouts } from '../app/check-late-payouts.ts';
import { type MonitorRunSummary, monitorPayouts } from '../app/monitor-payouts.ts';
import { remindDeadlines } from '../app/remind-deadlines.ts';
import { EVENT_FUNCTIONS, requireEnvironment } from '../manifest.ts';
import { entryHandler } from '../observability/invocation.ts';
import { logger } from '../observability/logger.ts';
import type { AlertStore } from '../ports/alert-store.ts';
import { parseMonitoringConfig } from '../schemas/monitoring.ts';

requireEnvironment(EVENT_FUNCTIONS.Monitor);

/** The alert store, logging each alert decision it stores with the refund it is about. */
export function loggedAlerts(store: AlertStore): AlertStore {
  return {
    listOpen: () => store.listOpen(),
    getMany: (ids) => store.getMany(ids),
    list: (status, options) => store.list(status, options),
    async save(record, expected) {
      const saved = await store.save(record, expected);
      if (saved) {
        const { alertId, kind, status, notifyCount, refundId } = record;
        logger.info('alert recorded', { alertId, kind, status, notifyCount, refund_id: refundId });
      }
      return saved;
    },
  };
}

const deps = wire({
  monitoring: () => new DynamoMonitoringSource(),
  alerts: () => loggedAlerts(new DynamoAlertStore()),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
  store: () => new DynamoRefundStore(),
  payouts: () => new DynamoPayoutStore(),
  ledger: () => new DynamoLedgerStore(),
  payments: paymentQueriesFromEnv,
  policy: stagePolicy,
});
const config = parseMonitoringConfig(process.env.MONITORING_CONFIG);

/** The schedule's event: `{ id, time }` (the scheduler's execution id and scheduled time); locally the same. */
export interface ScheduleEvent {
  id?: string;
  time?: string;
}

export const handler = entryHandler(
  { fn: 'Monitor', correlationId: (event: ScheduleEvent | undefined) => event?.id },
  async (): Promise<MonitorRunSummary> => {
    try {
      const checked = await checkLatePayouts(deps);
      if (checked.checked) logger.info('late payouts checked with the provider', { ...checked });
    } catch (error) {
      logger.error('late payout check failed; alerting on what is stored', { error: String(error) });
    }
    try {
      await remindDeadlines(deps);
    } catch (error) {
      logger.error('deadline reminders failed; the next run tries again', { error: String(error) });
    }
    return monitorPayouts(deps, config);
  },
);
