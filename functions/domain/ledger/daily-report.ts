/**
 * The daily reconciliation report finance reads every morning: for one China day (Asia/Shanghai), what was paid out,
 * settled, failed and reversed, what is still outstanding, what reconciliation could not match, and how old the
 * unresolved alerts are. Pure: `dailyReport` aggregates what the use case read (app/daily-report.ts),
 * `dailyReportEmail` writes the plain-text e-mail and `dailyReportCsvRows` the CSV rows.
 */
import { formatChinaTime, formatMoney, formatUtc } from '../notifications/format.ts';
import type { IsoTime } from '../vocabulary.ts';
import { decimalAmount, type Row } from './csv-rows.ts';
import { dedupeEntries, type LedgerEntry } from './entry.ts';
import { type ReconciliationGroup, type ReconciliationIssue, reconcile } from './reconcile.ts';

/** A number of movements and their sum in minor units. */
export interface Tally {
  count: number;
  amount: number;
}

/** One currency's day. `difference` is reconciliation's: expected (sent − failed) − settled, for the day's sends. */
export interface CurrencyDay {
  currency: string;
  /** SENT entries of the day: payouts the provider accepted. */
  paid: Tally;
  /** SETTLED entries of the day: money the provider confirmed arrived (actual amounts). */
  settled: Tally;
  /** FAILED entries of the day. */
  failed: Tally;
  /** REVERSED entries of the day: settled money that came back. */
  reversed: Tally;
  /** Attempts sent that day with neither a settlement nor a failure yet (at the report's time). */
  outstanding: Tally;
  difference: Tally;
}

/** Age buckets of unresolved alerts, by time since detection. */
export interface AgeCounts {
  /** Detected less than an hour ago. */
  lessThan1h: number;
  /** One to 24 hours ago. */
  from1hTo24h: number;
  /** 24 hours ago or more. */
  moreThan24h: number;
}

export const AGE_LABELS: Readonly<Record<keyof AgeCounts, string>> = {
  lessThan1h: '<1 h',
  from1hTo24h: '1-24 h',
  moreThan24h: '>24 h',
};

/**
 * What the report needs of an alert: structural, so the alert store's record (whatever else it carries) fits.
 * Detection time is `detectedAt` or, in older records, `firstDetectedAt`; `since` when neither is there.
 */
export interface UnresolvedAlert {
  alertId: string;
  kind: string;
  status: string;
  since: IsoTime;
  detectedAt?: IsoTime;
  firstDetectedAt?: IsoTime;
}

export interface AlertSummary {
  /** Every alert not resolved when the report was made (OPEN and ACKNOWLEDGED). */
  total: number;
  byAge: AgeCounts;
  byStatus: Record<string, number>;
  /** One row per kind with unresolved alerts, most first. */
  byKind: ({ kind: string; total: number } & AgeCounts)[];
  oldest?: { alertId: string; kind: string; detectedAt: IsoTime };
}

export interface DailyReport {
  /** The China date reported (YYYY-MM-DD). */
  date: string;
  timeZone: string;
  /** The instants the day covers (ISO UTC, both included). */
  from: IsoTime;
  to: IsoTime;
  generatedAt: IsoTime;
  /** No reconciliation difference for the day's sends and no issue to chase. */
  balanced: boolean;
  /** One per currency that moved that day, by currency code. */
  currencies: CurrencyDay[];
  /** Reconciliation per provider, method and currency of the day. */
  groups: ReconciliationGroup[];
  /** What reconciliation could not match, for every refund that moved that day. */
  issues: ReconciliationIssue[];
  alerts: AlertSummary;
}

export interface DailyReportInput {
  date: string;
  timeZone: string;
  from: IsoTime;
  to: IsoTime;
  generatedAt: IsoTime;
  /** The whole ledger history of every refund with an entry on `date` (entries of other days included). */
  entries: readonly LedgerEntry[];
  /** Every unresolved alert. */
  alerts: readonly UnresolvedAlert[];
}

const HOUR_MS = 3_600_000;
const tally = (): Tally => ({ count: 0, amount: 0 });
const noAges = (): AgeCounts => ({ lessThan1h: 0, from1hTo24h: 0, moreThan24h: 0 });

export function detectionTime(alert: UnresolvedAlert): IsoTime {
  return alert.detectedAt ?? alert.firstDetectedAt ?? alert.since;
}

/** The bucket of an alert detected at `detectedAt`, seen at `now`. */
export function ageBucket(detectedAt: IsoTime, now: IsoTime): keyof AgeCounts {
  const age = Date.parse(now) - Date.parse(detectedAt);
  if (age < HOUR_MS) return 'lessThan1h';
  if (age < 24 * HOUR_MS) return 'from1hTo24h';
  return 'moreThan24h';
}

export function summarizeAlerts(alerts: readonly UnresolvedAlert[], now: IsoTime): AlertSummary {
  const byAge = noAges();
  const byStatus: Record<string, number> = {};
  const kinds = new Map<string, { kind: string; total: number } & AgeCounts>();
  let oldest: UnresolvedAlert | undefined;
  for (const alert of alerts) {
    const at = detectionTime(alert);
    const bucket = ageBucket(at, now);
    byAge[bucket]++;
    byStatus[alert.status] = (byStatus[alert.status] ?? 0) + 1;
    const row = kinds.get(alert.kind) ?? { kind: alert.kind, total: 0, ...noAges() };
    row.total++;
    row[bucket]++;
    kinds.set(alert.kind, row);
    if (!oldest || at < detectionTime(oldest)) oldest = alert;
  }
  const byKind = [...kinds.values()].sort((a, b) => b.total - a.total || a.kind.localeCompare(b.kind));
  return {
    total: alerts.length,
    byAge,
    byStatus,
    byKind,
    ...(oldest ? { oldest: { alertId: oldest.alertId, kind: oldest.kind, detectedAt: detectionTime(oldest) } } : {}),
  };
}

/** Aggregates one China day. Duplicate entries (same id) count once. */
export function dailyReport(input: DailyReportInput): DailyReport {
  const entries = dedupeEntries(input.entries);
  const days = new Map<string, CurrencyDay>();
  const dayOf = (currency: string): CurrencyDay => {
    let d = days.get(currency);
    if (!d) {
      d = {
        currency,
        paid: tally(),
        settled: tally(),
        failed: tally(),
        reversed: tally(),
        outstanding: tally(),
        difference: tally(),
      };
      days.set(currency, d);
    }
    return d;
  };
  const add = (t: Tally, amount: number) => {
    t.count++;
    t.amount += amount;
  };
  const closed = new Set<string>();
  for (const e of entries) {
    if ((e.kind === 'SETTLED' || e.kind === 'FAILED') && e.providerRef)
      closed.add(`${e.refundId}\u0000${e.providerRef}`);
  }
  for (const e of entries) {
    if (e.day !== input.date) continue;
    if (e.kind === 'SENT') {
      add(dayOf(e.currency).paid, e.amount);
      if (!closed.has(`${e.refundId}\u0000${e.providerRef ?? ''}`)) add(dayOf(e.currency).outstanding, e.amount);
    } else if (e.kind === 'SETTLED') add(dayOf(e.currency).settled, e.amount);
    else if (e.kind === 'FAILED') add(dayOf(e.currency).failed, e.amount);
    else if (e.kind === 'REVERSED') add(dayOf(e.currency).reversed, e.amount);
  }
  const reconciled = reconcile(entries);
  const groups = reconciled.groups.filter((g) => g.day === input.date);
  // Issues of the refunds that moved that day (their whole history), not of others the input happens to hold.
  const touched = new Set(entries.filter((e) => e.day === input.date).map((e) => e.refundId));
  const issues = reconciled.issues.filter((i) => touched.has(i.refundId));
  for (const g of groups) {
    const d = dayOf(g.currency);
    d.difference.count += g.differenceCount;
    d.difference.amount += g.differenceAmount;
  }
  const currencies = [...days.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  const balanced = issues.length === 0 && groups.every((g) => g.differenceCount === 0 && g.differenceAmount === 0);
  return {
    date: input.date,
    timeZone: input.timeZone,
    from: input.from,
    to: input.to,
    generatedAt: input.generatedAt,
    balanced,
    currencies,
    groups,
    issues,
    alerts: summarizeAlerts(input.alerts, input.generatedAt),
  };
}

/** An e-mail for finance: `subject` is ASCII and under 100 characters (SNS), `text` plain UTF-8. */
export interface ReportEmail {
  subject: string;
  text: string;
}

/** How many issues the e-mail lists one by one; the CSV has them all. */
export const MAX_ISSUES_LISTED = 20;

const ISSUE_TEXTS: Readonly<Record<ReconciliationIssue['kind'], string>> = {
  SENT_NOT_SETTLED: 'sent, not settled yet',
  AMOUNT_MISMATCH: 'settled amount differs from the amount sent',
  SETTLED_TWICE: 'settled more than once: money went out twice',
  SETTLED_WITHOUT_SEND: 'settled by the provider, never recorded as sent',
};

/** The path finance downloads the report's CSV from (with `Accept: text/csv`). */
export const reportPath = (date: string) => `/v1/finance/reports/daily?date=${date}`;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function dailyReportEmail(report: DailyReport): ReportEmail {
  const differences = report.issues.filter((i) => i.kind !== 'SENT_NOT_SETTLED').length;
  const outstanding = report.currencies.reduce((n, c) => n + c.outstanding.count, 0);
  const state = report.balanced
    ? 'balanced'
    : [
        differences ? plural(differences, 'difference') : undefined,
        outstanding ? `${outstanding} outstanding` : undefined,
      ]
        .filter(Boolean)
        .join(', ') || 'not balanced';
  const subject = `[Refund daily report] ${report.date}: ${state}, ${plural(report.alerts.total, 'unresolved alert')}`
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 99);

  const money = (t: Tally, currency: string) => `${String(t.count).padStart(5)}   ${formatMoney(t.amount, currency)}`;
  const lines: string[] = [
    `Daily reconciliation report for ${report.date} (China time, ${report.timeZone})`,
    `Covers ${formatUtc(report.from)} to ${formatUtc(report.to)}. Made ${formatUtc(report.generatedAt)} ` +
      `(${formatChinaTime(report.generatedAt)} China time).`,
    '',
  ];
  if (report.currencies.length === 0) lines.push('No payout moved on this day.', '');
  for (const c of report.currencies) {
    lines.push(
      `Money in ${c.currency}                          count   amount`,
      `  Paid out (sent to providers)       ${money(c.paid, c.currency)}`,
      `  Settled (confirmed arrived)        ${money(c.settled, c.currency)}`,
      `  Failed                             ${money(c.failed, c.currency)}`,
      `  Reversed (came back)               ${money(c.reversed, c.currency)}`,
      `  Outstanding (sent, not settled)    ${money(c.outstanding, c.currency)}`,
      `  Reconciliation difference          ${money(c.difference, c.currency)}`,
      '',
    );
  }
  lines.push(
    report.balanced
      ? 'Reconciliation: balanced. Everything sent that day settled as sent or failed, and nothing is left to chase.'
      : `Reconciliation: NOT balanced, ${plural(report.issues.length, 'item')} to chase.`,
  );
  for (const g of report.groups) {
    lines.push(
      `  ${g.provider} ${g.method} ${g.currency}: sent ${g.sentCount} (${formatMoney(g.sentAmount, g.currency)}), ` +
        `settled ${g.settledCount} (${formatMoney(g.settledAmount, g.currency)}), failed ${g.failedCount}, ` +
        `difference ${g.differenceCount} (${formatMoney(g.differenceAmount, g.currency)})`,
    );
  }
  if (report.issues.length) {
    lines.push('', 'To chase:');
    for (const i of report.issues.slice(0, MAX_ISSUES_LISTED)) {
      const amounts = [
        i.sentAmount !== undefined ? `sent ${formatMoney(i.sentAmount, i.currency)}` : undefined,
        i.settledAmount !== undefined ? `settled ${formatMoney(i.settledAmount, i.currency)}` : undefined,
      ].filter(Boolean);
      lines.push(
        `  - ${i.kind}: refund ${i.refundId}${i.providerRef ? ` (provider ref ${i.providerRef})` : ''}, ` +
          `${ISSUE_TEXTS[i.kind]}${amounts.length ? `; ${amounts.join(', ')}` : ''}`,
      );
    }
    if (report.issues.length > MAX_ISSUES_LISTED) {
      lines.push(`  ... and ${report.issues.length - MAX_ISSUES_LISTED} more in the CSV.`);
    }
  }
  const a = report.alerts;
  const ages = (c: AgeCounts) =>
    (Object.keys(AGE_LABELS) as (keyof AgeCounts)[]).map((k) => `${AGE_LABELS[k]}: ${c[k]}`).join(', ');
  lines.push('', `Unresolved alerts: ${a.total}`);
  if (a.total) {
    const statuses = Object.entries(a.byStatus)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    lines.push(`  By status: ${statuses}`, `  By age since detection: ${ages(a.byAge)}`, '  By kind:');
    for (const k of a.byKind) lines.push(`    ${k.kind.padEnd(20)} ${String(k.total).padStart(4)}   (${ages(k)})`);
    if (a.oldest) {
      lines.push(`  Oldest: ${a.oldest.alertId}, detected ${formatUtc(a.oldest.detectedAt)}`);
    }
    lines.push('  Work them in the console (Finance, alerts) or GET /v1/finance/alerts.');
  }
  lines.push(
    '',
    'Download this report as CSV (role finance):',
    `  GET ${reportPath(report.date)} with the header "Accept: text/csv"`,
    `  curl -H "authorization: Bearer $TOKEN" -H "accept: text/csv" "$API${reportPath(report.date)}" ` +
      `-o refund-report-${report.date}.csv`,
    `The day's ledger entries: GET /v1/finance/ledger?from=${report.date} with "Accept: text/csv".`,
    '',
  );
  return { subject, text: lines.join('\n') };
}

/** The report's CSV columns: what a row is (`section`, `item`), then its figures. */
export const REPORT_CSV_COLUMNS = [
  'date',
  'section',
  'item',
  'currency',
  'count',
  'amount',
  'amountDecimal',
  'refundId',
  'providerRef',
  'detail',
] as const;

/**
 * One table: MONEY rows (item PAID, SETTLED, FAILED, REVERSED, OUTSTANDING, DIFFERENCE per currency), GROUP rows
 * (item provider/method, count and amount sent, detail the rest), ISSUE rows (item the issue kind, one per refund),
 * ALERT_AGE rows (item the bucket), ALERT_KIND rows (item the kind, detail its ages), and one STATUS row (item
 * BALANCED or NOT_BALANCED).
 */
export function dailyReportCsvRows(report: DailyReport): Row[] {
  const d = report.date;
  const figure = (item: string, currency: string, t: Tally): Row => [
    d,
    'MONEY',
    item,
    currency,
    t.count,
    t.amount,
    decimalAmount(t.amount, currency),
  ];
  const ages = (c: AgeCounts) =>
    (Object.keys(AGE_LABELS) as (keyof AgeCounts)[]).map((k) => `${AGE_LABELS[k]}: ${c[k]}`).join('; ');
  return [
    REPORT_CSV_COLUMNS,
    [d, 'STATUS', report.balanced ? 'BALANCED' : 'NOT_BALANCED'],
    ...report.currencies.flatMap((c) => [
      figure('PAID', c.currency, c.paid),
      figure('SETTLED', c.currency, c.settled),
      figure('FAILED', c.currency, c.failed),
      figure('REVERSED', c.currency, c.reversed),
      figure('OUTSTANDING', c.currency, c.outstanding),
      figure('DIFFERENCE', c.currency, c.difference),
    ]),
    ...report.groups.map(
      (g): Row => [
        d,
        'GROUP',
        `${g.provider}/${g.method}`,
        g.currency,
        g.sentCount,
        g.sentAmount,
        decimalAmount(g.sentAmount, g.currency),
        undefined,
        undefined,
        `settled ${g.settledCount} (${g.settledAmount}); failed ${g.failedCount} (${g.failedAmount}); ` +
          `difference ${g.differenceCount} (${g.differenceAmount})`,
      ],
    ),
    ...report.issues.map((i): Row => {
      const amount = i.sentAmount ?? i.settledAmount;
      return [
        d,
        'ISSUE',
        i.kind,
        i.currency,
        1,
        amount,
        amount === undefined ? undefined : decimalAmount(amount, i.currency),
        i.refundId,
        i.providerRef,
        [
          i.sentAmount !== undefined ? `sent ${i.sentAmount}` : undefined,
          i.settledAmount !== undefined ? `settled ${i.settledAmount}` : undefined,
        ]
          .filter(Boolean)
          .join('; '),
      ];
    }),
    ...(Object.keys(AGE_LABELS) as (keyof AgeCounts)[]).map(
      (k): Row => [d, 'ALERT_AGE', AGE_LABELS[k], undefined, report.alerts.byAge[k]],
    ),
    ...report.alerts.byKind.map(
      (k): Row => [d, 'ALERT_KIND', k.kind, undefined, k.total, undefined, undefined, undefined, undefined, ages(k)],
    ),
  ];
}
