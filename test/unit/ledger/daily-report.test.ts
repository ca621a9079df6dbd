/**
 * The daily report's pure core: the day's figures from the ledger, the reconciliation differences, unresolved alerts
 * by age and kind, and what finance reads (the e-mail) and downloads (the CSV rows).
 */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../functions/api/finance/csv.ts';
import {
  ageBucket,
  type DailyReport,
  dailyReport,
  dailyReportCsvRows,
  dailyReportEmail,
  MAX_ISSUES_LISTED,
  REPORT_CSV_COLUMNS,
  summarizeAlerts,
  type UnresolvedAlert,
} from '../../../functions/domain/ledger/daily-report.ts';
import { aLedgerMove } from '../../support/builders.ts';
import { csvObjects } from '../../support/csv.ts';

const DAY = '2026-12-01';
const NOW = '2026-12-02T01:00:00.000Z'; // 09:00 China time the next morning

const move = aLedgerMove;

/** rf_a settled as sent; rf_b still in flight; rf_c failed; rf_d sent the day before, settled on the day. */
const entries = [
  move('rf_a', 'RESERVED', 12900, '2026-12-01T01:00:00Z', { providerRef: undefined }),
  move('rf_a', 'SENT', 12900, '2026-12-01T01:00:01Z'),
  move('rf_a', 'SETTLED', 12900, '2026-12-01T01:05:00Z'),
  move('rf_b', 'SENT', 5000, '2026-12-01T15:00:00Z'),
  move('rf_c', 'SENT', 700, '2026-11-30T17:00:00Z'), // 01:00 China time on the 1st
  move('rf_c', 'FAILED', 700, '2026-11-30T17:10:00Z'),
  move('rf_d', 'SENT', 2000, '2026-11-30T15:00:00Z'), // 23:00 China time on the 30th
  move('rf_d', 'SETTLED', 2000, '2026-11-30T16:30:00Z'), // 00:30 China time on the 1st
  move('rf_e', 'SENT', 300, '2026-12-01T16:30:00Z'), // the 2nd in China: not this day
];

const alert = (alertId: string, kind: string, detectedAt: string, status = 'OPEN'): UnresolvedAlert => ({
  alertId,
  kind,
  status,
  since: '2026-11-01T00:00:00Z',
  firstDetectedAt: detectedAt,
});

const build = (over: Partial<Parameters<typeof dailyReport>[0]> = {}): DailyReport =>
  dailyReport({
    date: DAY,
    timeZone: 'Asia/Shanghai',
    from: '2026-11-30T16:00:00.000Z',
    to: '2026-12-01T15:59:59.999Z',
    generatedAt: NOW,
    entries,
    alerts: [],
    ...over,
  });

describe('the day’s figures', () => {
  it('count and sum what was paid, settled, failed and is still outstanding on the China day only', () => {
    const report = build();
    expect(report.currencies).toEqual([
      {
        currency: 'CNY',
        paid: { count: 3, amount: 12900 + 5000 + 700 },
        settled: { count: 2, amount: 12900 + 2000 },
        failed: { count: 1, amount: 700 },
        reversed: { count: 0, amount: 0 },
        outstanding: { count: 1, amount: 5000 },
        difference: { count: 1, amount: 5000 },
      },
    ]);
    expect(report.groups.map((g) => g.day)).toEqual([DAY]);
    expect(report.issues).toEqual([
      { kind: 'SENT_NOT_SETTLED', refundId: 'rf_b', providerRef: 'sbx_rf_b', currency: 'CNY', sentAmount: 5000 },
    ]);
    expect(report.balanced).toBe(false);
  });

  it('is balanced when everything sent settled as sent or failed, and counts a duplicate entry once', () => {
    const settledDay = entries.filter((e) => e.refundId !== 'rf_b' && e.refundId !== 'rf_e');
    const report = build({ entries: [...settledDay, ...settledDay] });
    expect(report.balanced).toBe(true);
    expect(report.currencies[0]?.paid).toEqual({ count: 2, amount: 13600 });
    expect(report.currencies[0]?.outstanding).toEqual({ count: 0, amount: 0 });
  });

  it('shows a settlement that differs from the send as a difference to chase', () => {
    const report = build({
      entries: [
        move('rf_x', 'SENT', 1000, '2026-12-01T02:00:00Z'),
        move('rf_x', 'SETTLED', 900, '2026-12-01T03:00:00Z'),
      ],
    });
    expect(report.currencies[0]?.difference).toEqual({ count: 0, amount: 100 });
    expect(report.issues.map((i) => i.kind)).toEqual(['AMOUNT_MISMATCH']);
    expect(report.balanced).toBe(false);
  });

  it('keeps currencies apart', () => {
    const report = build({
      entries: [
        move('rf_1', 'SENT', 100, '2026-12-01T02:00:00Z'),
        move('rf_2', 'SENT', 4500, '2026-12-01T02:00:00Z', { currency: 'JPY' }),
      ],
    });
    expect(report.currencies.map((c) => [c.currency, c.paid.amount])).toEqual([
      ['CNY', 100],
      ['JPY', 4500],
    ]);
  });
});

describe('unresolved alerts', () => {
  it('fall in age buckets by time since detection: under an hour, up to a day, a day or more', () => {
    expect(ageBucket('2026-12-02T00:00:00.001Z', NOW)).toBe('lessThan1h');
    expect(ageBucket('2026-12-02T00:00:00.000Z', NOW)).toBe('from1hTo24h');
    expect(ageBucket('2026-12-01T01:00:00.001Z', NOW)).toBe('from1hTo24h');
    expect(ageBucket('2026-12-01T01:00:00.000Z', NOW)).toBe('moreThan24h');
  });

  it('are counted by age, kind and status, with the oldest named', () => {
    const summary = summarizeAlerts(
      [
        alert('LATE_PAYOUT#rf_1', 'LATE_PAYOUT', '2026-12-02T00:30:00Z'),
        alert('LATE_PAYOUT#rf_2', 'LATE_PAYOUT', '2026-11-28T00:00:00Z', 'ACKNOWLEDGED'),
        alert('PAYOUT_FAILED#rf_3', 'PAYOUT_FAILED', '2026-12-01T12:00:00Z'),
        { ...alert('STUCK_REFUND#rf_4', 'STUCK_REFUND', '2026-12-01T12:00:00Z'), detectedAt: '2026-12-02T00:59:00Z' },
      ],
      NOW,
    );
    expect(summary.total).toBe(4);
    expect(summary.byAge).toEqual({ lessThan1h: 2, from1hTo24h: 1, moreThan24h: 1 });
    expect(summary.byStatus).toEqual({ OPEN: 3, ACKNOWLEDGED: 1 });
    expect(summary.byKind).toEqual([
      { kind: 'LATE_PAYOUT', total: 2, lessThan1h: 1, from1hTo24h: 0, moreThan24h: 1 },
      { kind: 'PAYOUT_FAILED', total: 1, lessThan1h: 0, from1hTo24h: 1, moreThan24h: 0 },
      { kind: 'STUCK_REFUND', total: 1, lessThan1h: 1, from1hTo24h: 0, moreThan24h: 0 },
    ]);
    expect(summary.oldest).toEqual({
      alertId: 'LATE_PAYOUT#rf_2',
      kind: 'LATE_PAYOUT',
      detectedAt: '2026-11-28T00:00:00Z',
    });
  });

  it('none: zero everywhere, no oldest', () => {
    expect(summarizeAlerts([], NOW)).toEqual({
      total: 0,
      byAge: { lessThan1h: 0, from1hTo24h: 0, moreThan24h: 0 },
      byStatus: {},
      byKind: [],
    });
  });
});

describe('the e-mail', () => {
  const report = build({ alerts: [alert('LATE_PAYOUT#rf_b', 'LATE_PAYOUT', '2026-12-01T20:00:00Z')] });
  const email = dailyReportEmail(report);

  it('has an ASCII subject under 100 characters that says the date and whether it balanced', () => {
    expect(email.subject).toBe('[Refund daily report] 2026-12-01: 1 outstanding, 1 unresolved alert');
    expect(email.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    const balanced = dailyReportEmail(build({ entries: [] }));
    expect(balanced.subject).toBe('[Refund daily report] 2026-12-01: balanced, 0 unresolved alerts');
  });

  it('gives finance the figures in money, the items to chase, the alerts by age and how to download the CSV', () => {
    const text = email.text;
    expect(text).toContain('Daily reconciliation report for 2026-12-01 (China time, Asia/Shanghai)');
    expect(text).toMatch(/Paid out \(sent to providers\)\s+3\s+CNY 186\.00/);
    expect(text).toMatch(/Settled \(confirmed arrived\)\s+2\s+CNY 149\.00/);
    expect(text).toMatch(/Failed\s+1\s+CNY 7\.00/);
    expect(text).toMatch(/Outstanding \(sent, not settled\)\s+1\s+CNY 50\.00/);
    expect(text).toContain('Reconciliation: NOT balanced, 1 item to chase.');
    expect(text).toContain(
      'SENT_NOT_SETTLED: refund rf_b (provider ref sbx_rf_b), sent, not settled yet; sent CNY 50.00',
    );
    expect(text).toContain('Unresolved alerts: 1');
    expect(text).toContain('By age since detection: <1 h: 0, 1-24 h: 1, >24 h: 0');
    expect(text).toMatch(/LATE_PAYOUT\s+1/);
    expect(text).toContain('GET /v1/finance/reports/daily?date=2026-12-01 with the header "Accept: text/csv"');
    expect(text).toContain('GET /v1/finance/ledger?from=2026-12-01');
  });

  it('says so when nothing moved, and lists at most 20 issues', () => {
    expect(dailyReportEmail(build({ entries: [] })).text).toContain('No payout moved on this day.');
    const many = Array.from({ length: MAX_ISSUES_LISTED + 5 }, (_, i) =>
      move(`rf_${i}`, 'SENT', 100, '2026-12-01T02:00:00Z'),
    );
    const text = dailyReportEmail(build({ entries: many })).text;
    expect(text.match(/SENT_NOT_SETTLED: refund/g)).toHaveLength(MAX_ISSUES_LISTED);
    expect(text).toContain('... and 5 more in the CSV.');
  });
});

describe('the CSV rows', () => {
  it('carry the status, the money per currency, groups, issues and alert counts', () => {
    const report = build({ alerts: [alert('LATE_PAYOUT#rf_b', 'LATE_PAYOUT', '2026-12-01T20:00:00Z')] });
    const rows = csvObjects(toCsv(dailyReportCsvRows(report)));
    expect(Object.keys(rows[0] ?? {})).toEqual([...REPORT_CSV_COLUMNS]);
    expect(rows.every((r) => r.date === DAY)).toBe(true);
    expect(rows[0]).toMatchObject({ section: 'STATUS', item: 'NOT_BALANCED' });
    const money = Object.fromEntries(rows.filter((r) => r.section === 'MONEY').map((r) => [r.item, r]));
    expect(money.PAID).toMatchObject({ currency: 'CNY', count: '3', amount: '18600', amountDecimal: '186.00' });
    expect(money.OUTSTANDING).toMatchObject({ count: '1', amount: '5000', amountDecimal: '50.00' });
    expect(Object.keys(money)).toEqual(['PAID', 'SETTLED', 'FAILED', 'REVERSED', 'OUTSTANDING', 'DIFFERENCE']);
    expect(rows.find((r) => r.section === 'GROUP')).toMatchObject({ item: 'sandbox/ALIPAY', count: '3' });
    expect(rows.find((r) => r.section === 'ISSUE')).toMatchObject({
      item: 'SENT_NOT_SETTLED',
      refundId: 'rf_b',
      providerRef: 'sbx_rf_b',
      amount: '5000',
    });
    expect(rows.filter((r) => r.section === 'ALERT_AGE').map((r) => [r.item, r.count])).toEqual([
      ['<1 h', '0'],
      ['1-24 h', '1'],
      ['>24 h', '0'],
    ]);
    expect(rows.find((r) => r.section === 'ALERT_KIND')).toMatchObject({ item: 'LATE_PAYOUT', count: '1' });
  });
});
