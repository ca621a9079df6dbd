/**
 * The documented analytics queries (analytics/queries/*.sql) on DuckDB over a generated export of 2,000 refunds, each
 * answer checked against the same figure computed here from the generated refunds and orders.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAnalytics, openExport } from '../../../analytics/duckdb.ts';
import { writeDataSet } from '../../../analytics/export-files.ts';
import { type DataSet, generateDataSet } from '../../../analytics/generate.ts';
import { QUERIES, querySql, VIEWS, viewSql } from '../../../analytics/schema.ts';
import { orderKey, REFUND_PARTITION_PREFIX, refundKey } from '../../../functions/adapters/dynamodb/keys.ts';
import type { Refund } from '../../../functions/domain/refund.ts';

const REFUNDS = 2000;
let dir: string;
let data: DataSet;
let analytics: LocalAnalytics;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'analytics-'));
  data = generateDataSet({ refunds: REFUNDS, seed: 7 });
  writeDataSet(dir, data);
  analytics = await openExport(dir);
});
afterAll(() => {
  analytics?.close();
  rmSync(dir, { recursive: true, force: true });
});

const round2 = (x: number) => Math.round(x * 100) / 100;
const countBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};
const PAID_STATUSES = new Set(['APPROVED', 'PAYOUT_PENDING', 'REFUNDED', 'PAYOUT_FAILED']);

describe('the views over the export', () => {
  it('hold one row per refund in its latest state, though the full export saw some of them earlier', async () => {
    expect(data.earlier.size).toBeGreaterThan(0);
    const rows = await analytics.sql('SELECT refund_id, status, updated_at FROM refunds ORDER BY refund_id');
    expect(rows).toEqual(
      [...data.refunds]
        .sort((a, b) => a.refundId.localeCompare(b.refundId))
        .map((r) => ({ refund_id: r.refundId, status: r.status, updated_at: r.updatedAt })),
    );
  });

  it('leave out what the changes deleted and what is not a refund or an order', async () => {
    const [items] = await analytics.sql('SELECT count(*) AS n FROM store_items');
    const messages = Math.ceil(REFUNDS / 10);
    expect(items?.n).toBe(data.orders.length + data.refunds.length + messages);
    const [lines] = await analytics.sql('SELECT sum(quantity) AS units FROM order_lines');
    expect(lines?.units).toBe(data.orders.flatMap((o) => o.items).reduce((sum, i) => sum + i.quantity, 0));
  });

  it('have the columns the stack declares for Athena, in order', async () => {
    for (const view of VIEWS) {
      const described = await analytics.sql(`DESCRIBE ${view.name}`);
      expect(
        described.map((c) => c.column_name),
        view.name,
      ).toEqual(view.columns.map(([name]) => name));
      const scalar = view.columns.filter(([, type]) => type === 'varchar' || type === 'bigint');
      for (const [name, type] of scalar) {
        expect(described.find((c) => c.column_name === name)?.column_type, `${view.name}.${name}`).toBe(
          type.toUpperCase(),
        );
      }
    }
  });

  it('select refunds and orders by the keys the store writes', () => {
    expect(viewSql('refunds')).toContain(`pk LIKE '${REFUND_PARTITION_PREFIX}%' AND sk = '${refundKey('x').sk}'`);
    expect(viewSql('order_lines')).toContain(`pk LIKE 'ORDER#%' AND sk = '${orderKey('x').sk}'`);
    expect(orderKey('x').pk).toBe('ORDER#x');
  });
});

describe('the documented queries', () => {
  it('reason mix by category: refunds per reason and their share of the category', async () => {
    const rows = await analytics.query('reason_mix_by_category');
    const counts = countBy(data.refunds, (r) => `${r.category}/${r.reason}`);
    const perCategory = countBy(data.refunds, (r) => r.category);
    expect(rows).toHaveLength(counts.size);
    for (const row of rows) {
      const expected = counts.get(`${row.category}/${row.reason}`) ?? 0;
      expect(row.refunds, `${row.category}/${row.reason}`).toBe(expected);
      expect(row.share_pct).toBe(round2((100 * expected) / (perCategory.get(String(row.category)) ?? 1)));
    }
  });

  it('return rate per sku: units refunded over units sold, highest first', async () => {
    const sold = new Map<string, number>();
    for (const line of data.orders.flatMap((o) => o.items))
      sold.set(line.sku, (sold.get(line.sku) ?? 0) + line.quantity);
    const refunded = new Map<string, number>();
    for (const refund of data.refunds.filter((r) => r.status !== 'CANCELLED' && r.status !== 'REJECTED')) {
      for (const line of refund.items ?? []) refunded.set(line.sku, (refunded.get(line.sku) ?? 0) + line.quantity);
    }
    const expected = [...sold]
      .filter(([, units]) => units >= 20)
      .map(([sku, units]) => ({
        sku,
        units_sold: units,
        units_refunded: refunded.get(sku) ?? 0,
        return_rate_pct: round2((100 * (refunded.get(sku) ?? 0)) / units),
      }))
      .sort((a, b) => b.return_rate_pct - a.return_rate_pct || a.sku.localeCompare(b.sku))
      .slice(0, 50);
    expect(await analytics.query('return_rate_by_sku')).toEqual(expected);
  });

  it('merchants by dispute-loss rate: disputes the platform decided for the buyer', async () => {
    const byMerchant = new Map<string, Refund[]>();
    for (const r of data.refunds) byMerchant.set(r.merchantId, [...(byMerchant.get(r.merchantId) ?? []), r]);
    const expected = [...byMerchant]
      .map(([merchantId, refunds]) => {
        const disputed = refunds.filter((r) => r.dispute);
        const lost = disputed.filter((r) => PAID_STATUSES.has(r.status)).length;
        return {
          merchant_id: merchantId,
          refunds: refunds.length,
          disputes: disputed.length,
          disputes_lost: lost,
          dispute_loss_pct: round2((100 * lost) / disputed.length),
        };
      })
      .filter((m) => m.disputes >= 5)
      .sort(
        (a, b) =>
          b.dispute_loss_pct - a.dispute_loss_pct ||
          b.disputes - a.disputes ||
          a.merchant_id.localeCompare(b.merchant_id),
      )
      .slice(0, 20);
    expect(expected.length).toBeGreaterThan(3);
    expect(await analytics.query('merchants_by_dispute_loss')).toEqual(expected);
  });

  it('time to money by payment method: hours from application to settlement', async () => {
    const hours = new Map<string, number[]>();
    for (const r of data.refunds.filter((r) => r.status === 'REFUNDED' && r.payout?.settledAt)) {
      const seconds = Math.floor((Date.parse(r.payout?.settledAt ?? '') - Date.parse(r.createdAt)) / 1000);
      const method = r.payout?.method ?? '';
      hours.set(method, [...(hours.get(method) ?? []), seconds]);
    }
    const rows = await analytics.query('time_to_money_by_payment_method');
    expect(rows.map((r) => r.payout_method)).toEqual([...hours.keys()].sort());
    for (const row of rows) {
      const seconds = hours.get(String(row.payout_method)) ?? [];
      expect(row.refunds_paid).toBe(seconds.length);
      expect(row.avg_hours).toBe(round2(seconds.reduce((a, b) => a + b, 0) / seconds.length / 3600));
      // Athena's approx_percentile is approximate (rank error about 1%): the reported hours must sit at about the
      // asked rank of the paid refunds' waits.
      // The reported hours (rounded to 0.01) must be a wait whose rank among the paid refunds is the one asked.
      const ranks = (reported: unknown) => {
        const hours = Number(reported);
        const below = seconds.filter((s) => s / 3600 < hours - 0.005).length / seconds.length;
        const upTo = seconds.filter((s) => s / 3600 <= hours + 0.005).length / seconds.length;
        return { below, upTo };
      };
      for (const [column, p] of [
        ['p50_hours', 0.5],
        ['p90_hours', 0.9],
      ] as const) {
        const { below, upTo } = ranks(row[column]);
        expect(below, column).toBeLessThanOrEqual(p + 0.02);
        expect(upTo, column).toBeGreaterThanOrEqual(p - 0.02);
      }
    }
    expect(rows.find((r) => r.payout_method === 'BANK_CARD')?.p50_hours).toBeGreaterThan(
      Number(rows.find((r) => r.payout_method === 'ALIPAY')?.p50_hours),
    );
  });
});

describe('docs/analytics.md', () => {
  it('shows each query exactly as the tests run it', () => {
    const doc = readFileSync(new URL('../../../docs/analytics.md', import.meta.url), 'utf8');
    for (const name of QUERIES) expect(doc, name).toContain(`\`\`\`sql\n${querySql(name)}\n\`\`\``);
  });
});
