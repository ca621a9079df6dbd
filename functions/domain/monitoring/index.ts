/**
 * The monitoring core's public surface, so the monitor handler and the finance API import one module and the file
 * layout behind it can change freely.
 */
export * from './alert.ts';
export * from './alert-lifecycle.ts';
export * from './alert-workflow.ts';
export * from './config.ts';
export { detectAlerts, type MonitoringSnapshot } from './detect.ts';
export {
  detectAmountMismatches,
  detectDuplicatePayouts,
  detectFailedPayouts,
  detectLatePayouts,
} from './detect-payouts.ts';
export { detectRateSpikes, type RateParty } from './detect-rate.ts';
export { detectOverRefunds, detectStuckRefunds, formatDuration } from './detect-refunds.ts';
export { type AlertMessage, alertMessage, escalationMessage, MAX_SUBJECT_LENGTH } from './message.ts';
export { ALERT_KIND_TEXTS, type AlertKindText } from './runbook.ts';
export { InvalidTime } from './time.ts';
