/**
 * The analytics answer as CSV rows (header first, then the total, then one row per group), for `Accept: text/csv`;
 * the API serialises them like the ledger export (functions/api/finance/csv.ts). Amounts stay integer minor units
 * with a decimal column beside, shares are fractions 0..1, durations seconds (empty when nothing was measured).
 */
import { decimalAmount, type Row } from '../ledger/csv-rows.ts';
import type { AnalyticsGroup, RefundAnalytics } from './report.ts';

export const ANALYTICS_CSV_COLUMNS = [
  'from',
  'to',
  'groupBy',
  'key',
  'applied',
  'appliedAmount',
  'appliedAmountDecimal',
  'paid',
  'paidAmount',
  'paidAmountDecimal',
  'rejected',
  'closed',
  'instant',
  'instantShare',
  'decisionP50Seconds',
  'decisionP90Seconds',
  'decisionP99Seconds',
  'moneyP50Seconds',
  'moneyP90Seconds',
  'moneyP99Seconds',
  'disputed',
  'disputesForBuyer',
  'disputesForMerchant',
] as const;

const orEmpty = (value: number | null) => (value === null ? undefined : value);

function groupRow(report: RefundAnalytics, group: AnalyticsGroup, currency: string): Row {
  return [
    report.from,
    report.to,
    report.groupBy,
    group.key,
    group.applied,
    group.appliedAmount,
    decimalAmount(group.appliedAmount, currency),
    group.paid,
    group.paidAmount,
    decimalAmount(group.paidAmount, currency),
    group.rejected,
    group.closed,
    group.instantShare.count,
    orEmpty(group.instantShare.value),
    orEmpty(group.timeToDecision.p50),
    orEmpty(group.timeToDecision.p90),
    orEmpty(group.timeToDecision.p99),
    orEmpty(group.timeToMoney.p50),
    orEmpty(group.timeToMoney.p90),
    orEmpty(group.timeToMoney.p99),
    group.disputes.disputed,
    group.disputes.forBuyer,
    group.disputes.forMerchant,
  ];
}

/** Header, the total (key `ALL`), then each group. Amounts are in the platform's currency (CNY). */
export function analyticsCsvRows(report: RefundAnalytics, currency = 'CNY'): Row[] {
  return [
    [...ANALYTICS_CSV_COLUMNS],
    groupRow(report, report.total, currency),
    ...report.groups.map((g) => groupRow(report, g, currency)),
  ];
}
