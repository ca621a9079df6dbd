/**
 * The business metrics' names and units: one definition for the functions that emit them (./metrics.ts) and the
 * alarms and dashboard that read them (infra/constructs/operations.ts). Pure constants, no SDK.
 */

/** CloudWatch namespace of every business metric. */
export const METRICS_NAMESPACE = 'RefundPipeline';
/** Powertools adds this as the `service` dimension; alarms must ask for the same one. */
export const METRICS_SERVICE = 'refund-pipeline';

/** Each business figure and its CloudWatch unit. */
export const BUSINESS_METRICS = {
  /** Refund applications accepted (POST /v1/refunds 201). */
  Applications: 'Count',
  /** Applications approved by the rules in the same request; the rate is InstantApprovals / Applications. */
  InstantApprovals: 'Count',
  /** From application to money settled at the buyer. */
  TimeToMoneySeconds: 'Seconds',
  /** Finance alerts open after a monitor run. */
  OpenAlerts: 'Count',
  /** Payouts sent and not yet settled, seen by a monitor run. */
  OutstandingPayouts: 'Count',
  /** Finance notifications sent by a monitor run (new alerts and reminders). */
  AlertsNotified: 'Count',
  /** DynamoDB read capacity one monitor run consumed (it should follow OutstandingPayouts, not the table). */
  MonitorReadCapacity: 'Count',
  /** Refund writes on the stream the events pipe could not read as refunds: their events were not published. */
  UnreadableRefundWrites: 'Count',
} as const;

export type BusinessMetric = keyof typeof BUSINESS_METRICS;
