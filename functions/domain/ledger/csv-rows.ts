/**
 * The finance exports as rows of cells (header first), for `Accept: text/csv`: the ledger's entries and the
 * reconciliation report. Pure: the API serialises the rows (functions/api/finance/csv.ts, which also guards against
 * formula injection). Amounts stay integer minor units; `amountDecimal` places the currency's decimal point by string
 * work, never by dividing a float. Times are the ISO UTC strings the ledger stores.
 */
import { minorDigits } from '../notifications/format.ts';
import type { LedgerEntry } from './entry.ts';
import type { ReconciliationReport, ReconciliationTotals } from './reconcile.ts';

/** One CSV cell: numbers stay numbers, absent values are empty cells. */
export type Cell = string | number | undefined;
export type Row = readonly Cell[];

/** "1999" CNY → "19.99", "-5" CNY → "-0.05", "4500" JPY → "4500": the amount as a spreadsheet reads a number. */
export function decimalAmount(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not integer minor units: ${amount}`);
  const digits = minorDigits(currency);
  const abs = Math.abs(amount)
    .toString()
    .padStart(digits + 1, '0');
  const sign = amount < 0 ? '-' : '';
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** The ledger export's columns, in order: every field of an entry, plus the amount as a decimal. */
export const LEDGER_CSV_COLUMNS = [
  'entryId',
  'refundId',
  'orderId',
  'kind',
  'amount',
  'amountDecimal',
  'currency',
  'provider',
  'method',
  'providerRef',
  'at',
  'day',
  'detail',
] as const;

export function ledgerCsvRows(entries: readonly LedgerEntry[]): Row[] {
  return [
    LEDGER_CSV_COLUMNS,
    ...entries.map((e) => [
      e.entryId,
      e.refundId,
      e.orderId,
      e.kind,
      e.amount,
      decimalAmount(e.amount, e.currency),
      e.currency,
      e.provider,
      e.method,
      e.providerRef,
      e.at,
      e.day,
      e.detail,
    ]),
  ];
}

const TOTALS: readonly (keyof ReconciliationTotals)[] = [
  'sentCount',
  'sentAmount',
  'failedCount',
  'failedAmount',
  'settledCount',
  'settledAmount',
  'reversedCount',
  'reversedAmount',
  'differenceCount',
  'differenceAmount',
];

/**
 * The reconciliation export: one table whose first column says what a row is. GROUP: one provider, method, China day
 * and currency; TOTAL: the sum per currency; ISSUE: one refund finance must chase (`issue`, `refundId`,
 * `providerRef`, and its `sentAmount`/`settledAmount`). Amounts in minor units.
 */
export const RECONCILIATION_CSV_COLUMNS = [
  'record',
  'day',
  'provider',
  'method',
  'currency',
  ...TOTALS,
  'issue',
  'refundId',
  'providerRef',
] as const;

export function reconciliationCsvRows(report: ReconciliationReport): Row[] {
  const totals = (t: ReconciliationTotals) => TOTALS.map((k) => t[k]);
  const blankTotals = TOTALS.map(() => undefined);
  const at = (key: keyof ReconciliationTotals, value: number | undefined): Cell[] =>
    TOTALS.map((k) => (k === key ? value : undefined));
  return [
    RECONCILIATION_CSV_COLUMNS,
    ...report.groups.map((g) => ['GROUP', g.day, g.provider, g.method, g.currency, ...totals(g)]),
    ...Object.entries(report.totals)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ['TOTAL', undefined, undefined, undefined, currency, ...totals(t)]),
    ...report.issues.map((i) => {
      const sent = at('sentAmount', i.sentAmount);
      const settled = at('settledAmount', i.settledAmount);
      const amounts = blankTotals.map((_, n) => sent[n] ?? settled[n]);
      return ['ISSUE', undefined, undefined, undefined, i.currency, ...amounts, i.kind, i.refundId, i.providerRef];
    }),
  ];
}
