/**
 * Finance's exports and the daily report over HTTP on the local runtime: real refunds are paid out (the real state
 * machine, the sandbox provider and its signed webhooks), then the day's ledger downloaded as CSV reads back as the
 * JSON rows, and a report run puts the right figures in the outbox e-mail, once.
 */
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../functions/domain/ledger/entry.ts';
import { csvObjects } from '../../support/csv.ts';
import { applyFor, givenARuntimeWithActors, statusOf } from '../../support/steps.ts';

const { client, who } = givenARuntimeWithActors({ monitorEverySeconds: 0, dailyReport: false });

/** Today in China: the payouts below happen on it. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const AMOUNTS = [12900, 5000, 2350];

async function download(path: string, token: string, accept = 'text/csv') {
  const response = await fetch(`${client.runtime.url}${path}`, {
    headers: { authorization: `Bearer ${token}`, accept },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const reportMessages = () =>
  client.runtime.outbox.entries.filter((m) => m.channel === 'finance' && m.attributes?.kind === 'DAILY_REPORT');

let refundIds: string[] = [];

describe('a day with three refunds paid out', () => {
  it('pays them out (the sandbox settles each by webhook)', async () => {
    refundIds = await Promise.all(
      AMOUNTS.map(async (amount, i) => {
        const { refundId } = await applyFor(
          client,
          who,
          {
            paidAmount: amount,
            items: [{ sku: `sku-${i}`, name: 'Tea', category: 'GENERAL', unitPrice: amount, quantity: 1 }],
          },
          { reason: 'NO_LONGER_NEEDED' },
        );
        await statusOf(client, who, refundId, 'REFUNDED', 60_000);
        return refundId;
      }),
    );
    expect(refundIds).toHaveLength(3);
  });

  it('downloads the day’s ledger as CSV that reads back as the JSON rows', async () => {
    const json = await client.call('GET', `/v1/finance/ledger?from=${today()}&limit=500`, { token: who.finance });
    expect(json.status).toBe(200);
    const items = json.body.items as LedgerEntry[];
    expect(
      items
        .filter((e) => e.kind === 'SETTLED')
        .map((e) => e.refundId)
        .sort(),
    ).toEqual([...refundIds].sort());

    const csv = await download(`/v1/finance/ledger?from=${today()}&limit=500`, who.finance);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="ledger-${today()}.csv"`);
    expect(csv.headers.get('x-next-cursor')).toBeNull();
    const rows = csvObjects(csv.text);
    const readBack = rows.map(({ amountDecimal: _decimal, amount, ...rest }) => ({
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== '')),
      amount: Number(amount),
    }));
    expect(readBack).toEqual(items);
    const settled = rows.find((r) => r.kind === 'SETTLED' && r.amount === '2350');
    expect(settled?.amountDecimal).toBe('23.50');
  });

  it('pages the CSV like the JSON, the next cursor in a header', async () => {
    const csv = await download(`/v1/finance/ledger?from=${today()}&limit=2`, who.finance);
    expect(csvObjects(csv.text)).toHaveLength(2);
    const cursor = csv.headers.get('x-next-cursor');
    expect(cursor).toBeTruthy();
    const next = await download(
      `/v1/finance/ledger?from=${today()}&limit=2&cursor=${encodeURIComponent(cursor ?? '')}`,
      who.finance,
    );
    expect(next.status).toBe(200);
    expect(csvObjects(next.text)[0]?.entryId).not.toBe(csvObjects(csv.text)[0]?.entryId);
  });

  it('downloads the reconciliation as CSV, and JSON stays the default', async () => {
    const json = await download('/v1/finance/reconciliation', who.finance, 'application/json');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const report = JSON.parse(json.text);
    const csv = await download('/v1/finance/reconciliation', who.finance);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="reconciliation-${today()}.csv"`);
    const rows = csvObjects(csv.text);
    const groups = rows.filter((r) => r.record === 'GROUP');
    expect(groups.map((g) => Number(g.settledAmount))).toEqual(
      report.groups.map((g: { settledAmount: number }) => g.settledAmount),
    );
    expect(rows.find((r) => r.record === 'TOTAL')).toMatchObject({ currency: 'CNY', differenceAmount: '0' });
  });

  it('e-mails finance the day’s report with the right figures', async () => {
    const run = await client.call('POST', `/local/report/run?date=${today()}`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ date: today(), sent: true, balanced: true });

    const [message, ...more] = reportMessages();
    expect(more).toEqual([]);
    expect(message?.subject).toBe(`[Refund daily report] ${today()}: balanced, 0 unresolved alerts`);
    const text = message?.text ?? '';
    expect(text).toMatch(/Paid out \(sent to providers\)\s+3\s+CNY 202\.50/);
    expect(text).toMatch(/Settled \(confirmed arrived\)\s+3\s+CNY 202\.50/);
    expect(text).toMatch(/Failed\s+0\s+CNY 0\.00/);
    expect(text).toMatch(/Outstanding \(sent, not settled\)\s+0\s+CNY 0\.00/);
    expect(text).toContain('Reconciliation: balanced.');
    expect(text).toContain('Unresolved alerts: 0');
    expect(text).toContain(`GET /v1/finance/reports/daily?date=${today()} with the header "Accept: text/csv"`);
  });

  it('sends nothing when the report runs again for the same day', async () => {
    const again = await client.call('POST', `/local/report/run?date=${today()}`);
    expect(again.body).toEqual({ date: today(), sent: false });
    expect(reportMessages()).toHaveLength(1);
  });

  it('serves the same report to finance as JSON and as CSV', async () => {
    const json = await client.call('GET', `/v1/finance/reports/daily?date=${today()}`, { token: who.finance });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ date: today(), timeZone: 'Asia/Shanghai', balanced: true, issues: [] });
    expect(json.body.currencies).toEqual([
      {
        currency: 'CNY',
        paid: { count: 3, amount: 20250 },
        settled: { count: 3, amount: 20250 },
        failed: { count: 0, amount: 0 },
        reversed: { count: 0, amount: 0 },
        outstanding: { count: 0, amount: 0 },
        difference: { count: 0, amount: 0 },
      },
    ]);
    const csv = await download(`/v1/finance/reports/daily?date=${today()}`, who.finance);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="refund-report-${today()}.csv"`);
    const paid = csvObjects(csv.text).find((r) => r.section === 'MONEY' && r.item === 'PAID');
    expect(paid).toMatchObject({ currency: 'CNY', count: '3', amount: '20250', amountDecimal: '202.50' });
  });

  it('refuses other roles and bad dates, writing nothing', async () => {
    expect((await client.call('GET', '/v1/finance/reports/daily', { token: who.buyer })).status).toBe(403);
    for (const date of ['2026-02-30', 'tomorrow', '2999-01-01']) {
      const bad = await client.call('GET', `/v1/finance/reports/daily?date=${date}`, { token: who.finance });
      expect(bad.status, date).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await client.call('POST', '/local/report/run?date=someday')).status).toBe(400);
    expect(reportMessages()).toHaveLength(1);
  });
});
