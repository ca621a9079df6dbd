import { describe, expect, it } from 'vitest';
import { parseAmounts } from '../../../functions/domain/evidence/amounts.ts';
import { parseDate } from '../../../functions/domain/evidence/dates.ts';
import { parseReceiptLines } from '../../../functions/domain/evidence/receipt.ts';

const lines = (...texts: string[]) => texts.map((text) => ({ text, confidence: 0.9 }));

describe('amounts on receipts', () => {
  it.each([
    ['合计 ¥129.00', 12900, 'CNY'],
    ['实付款：129.00元', 12900, 'CNY'],
    ['TOTAL $12.90', 1290, undefined],
    ['Total: 1,234.50', 123450, undefined],
    ['Amount Paid USD 5.30', 530, 'USD'],
    ['合计 Y1.299.00', 129900, undefined],
    ['总计 ￥8.5', 850, 'CNY'],
    ['TOTAL 12.9O', 1290, undefined],
    ['TOTAL 40', 4000, undefined],
  ])('reads %s as %i minor units', (text, amount, currency) => {
    const parsed = parseAmounts(text).at(-1);
    expect(parsed?.amount).toBe(amount);
    expect(parsed?.currency).toBe(currency);
  });
});

describe('dates on receipts', () => {
  it.each([
    ['日期：2026年11月26日', '2026-11-26'],
    ['2026 年 11 月 2 日', '2026-11-02'],
    ['2026-11-26 10:32', '2026-11-26'],
    ['2026/11/24 08:15', '2026-11-24'],
    ['26/11/2026', '2026-11-26'],
    ['11/26/2026', '2026-11-26'],
    ['Date: Nov 26, 2026', '2026-11-26'],
    ['November 3, 2026', '2026-11-03'],
    ['26 Nov 2026', '2026-11-26'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseDate(text)?.iso).toBe(iso);
  });

  it('marks a date whose day and month could be swapped', () => {
    expect(parseDate('03/04/2026')).toEqual({ iso: '2026-04-03', ambiguous: true });
    expect(parseDate('03/04/2026', false)).toEqual({ iso: '2026-03-04', ambiguous: true });
  });

  it('rejects impossible dates', () => {
    expect(parseDate('2026-02-30')).toBeUndefined();
  });
});

describe('a receipt', () => {
  it('takes what was paid over the pre-discount total', () => {
    const summary = parseReceiptLines(lines('某某旗舰店', '合计 ¥139.00', '优惠 -10.00', '实 付 款 : 129.00 元'));
    expect(summary.total?.value).toEqual({ amount: 12900, currency: 'CNY' });
  });

  it('skips the subtotal and tax lines', () => {
    const summary = parseReceiptLines(lines('Corner Coffee', 'Subtotal 9.00', 'Tax 0.90', 'TOTAL $9.90'));
    expect(summary.total?.value.amount).toBe(990);
  });

  it('finds a total printed in the next cell of a table', () => {
    const summary = parseReceiptLines(lines('ACME', 'TOTAL', '$19.99'));
    expect(summary.total?.value.amount).toBe(1999);
  });

  it('takes the currency from elsewhere on the receipt when the total line has none', () => {
    expect(parseReceiptLines(lines('人民币 RMB', '合计 129.00')).total?.value.currency).toBe('CNY');
  });

  it('reads vendor, date and receipt number with their confidence', () => {
    const summary = parseReceiptLines([
      { text: 'Corner Coffee Co.', confidence: 0.97 },
      { text: 'Receipt No 004512', confidence: 0.9 },
      { text: 'Date: Nov 26, 2026', confidence: 0.85 },
      {
        text: 'TOTAL $12.90',
        confidence: 0.5,
        words: [
          { text: 'TOTAL', confidence: 0.4 },
          { text: '$12.90', confidence: 0.96 },
        ],
      },
    ]);
    expect(summary).toEqual({
      vendor: { value: 'Corner Coffee Co.', confidence: 0.97 },
      receiptId: { value: '004512', confidence: 0.9 },
      date: { value: '2026-11-26', confidence: 0.85 },
      total: { value: { amount: 1290 }, confidence: 0.96 },
    });
  });

  it('halves the confidence of an ambiguous date', () => {
    expect(parseReceiptLines(lines('03/04/2026')).date?.confidence).toBeCloseTo(0.45);
  });

  it('has no total when none is printed', () => {
    expect(parseReceiptLines(lines('Corner Coffee', 'Latte 4.50')).total).toBeUndefined();
  });
});
