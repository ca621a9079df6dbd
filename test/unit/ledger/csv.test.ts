/**
 * The finance CSV exports: rows from the ledger and the reconciliation report (pure), the formula-injection guard,
 * the serialisation and the Accept negotiation of the API.
 */
import { describe, expect, it } from 'vitest';
import { csvCell, csvReply, toCsv, wantsCsv } from '../../../functions/api/finance/csv.ts';
import {
  decimalAmount,
  LEDGER_CSV_COLUMNS,
  ledgerCsvRows,
  RECONCILIATION_CSV_COLUMNS,
  reconciliationCsvRows,
} from '../../../functions/domain/ledger/csv-rows.ts';
import { ledgerEntry } from '../../../functions/domain/ledger/entry.ts';
import { reconcile } from '../../../functions/domain/ledger/reconcile.ts';
import { csvObjects, parseCsv } from '../../support/csv.ts';

const entry = (over: Partial<Parameters<typeof ledgerEntry>[0]> = {}) =>
  ledgerEntry({
    refundId: 'rf_1',
    kind: 'SENT',
    amount: 12900,
    currency: 'CNY',
    provider: 'sandbox',
    method: 'ALIPAY',
    providerRef: 'sbx_1',
    at: '2026-12-01T02:00:00.000Z',
    orderId: 'o-1',
    ...over,
  });

describe('decimalAmount', () => {
  it('places the decimal point of the currency by string work', () => {
    expect(decimalAmount(12900, 'CNY')).toBe('129.00');
    expect(decimalAmount(5, 'CNY')).toBe('0.05');
    expect(decimalAmount(-5, 'CNY')).toBe('-0.05');
    expect(decimalAmount(0, 'CNY')).toBe('0.00');
    expect(decimalAmount(4500, 'JPY')).toBe('4500');
    expect(decimalAmount(123456789012, 'USD')).toBe('1234567890.12');
  });

  it('refuses a float: money is integer minor units', () => {
    expect(() => decimalAmount(1.5, 'CNY')).toThrow(RangeError);
  });
});

describe('the formula-injection guard', () => {
  it('prefixes text starting with = + - @ tab or carriage return with a quote', () => {
    for (const bad of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvCell(bad)).toBe(`'${bad}`);
    }
  });

  it('leaves other text, numbers and plain decimal numbers alone, and writes absent values empty', () => {
    expect(csvCell('rf_1')).toBe('rf_1');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-500)).toBe(-500);
    expect(csvCell('-0.05')).toBe('-0.05');
    expect(csvCell('-1e3')).toBe("'-1e3");
    expect(csvCell(undefined)).toBe('');
  });

  it('survives serialisation: a hostile detail reads back as inert text', () => {
    const csv = toCsv([['detail'], ['=cmd|" /C calc"!A0'], ['a, "quoted"\nline']]);
    expect(parseCsv(csv)).toEqual([['detail'], [`'=cmd|" /C calc"!A0`], ['a, "quoted"\nline']]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('gives every record as many fields as the header', () => {
    expect(toCsv([['a', 'b', 'c'], ['x'], [1, undefined, 3]])).toBe('a,b,c\r\nx,,\r\n1,,3\r\n');
  });
});

describe('ledger rows', () => {
  it('have a header and one row per entry with every field, the amount also as a decimal', () => {
    const entries = [
      entry(),
      entry({ kind: 'SETTLED', at: '2026-12-01T03:00:00.000Z', detail: '+ settled early' }),
      entry({ kind: 'RESERVED', providerRef: undefined, amount: 1 }),
    ];
    const objects = csvObjects(toCsv(ledgerCsvRows(entries)));
    expect(Object.keys(objects[0] ?? {})).toEqual([...LEDGER_CSV_COLUMNS]);
    expect(objects).toHaveLength(3);
    expect(objects[0]).toMatchObject({
      entryId: 'rf_1#SENT#sbx_1',
      refundId: 'rf_1',
      orderId: 'o-1',
      kind: 'SENT',
      amount: '12900',
      amountDecimal: '129.00',
      currency: 'CNY',
      method: 'ALIPAY',
      at: '2026-12-01T02:00:00.000Z',
      day: '2026-12-01',
      detail: '',
    });
    expect(objects[1]?.detail).toBe("'+ settled early");
    expect(objects[2]).toMatchObject({ providerRef: '', amount: '1', amountDecimal: '0.01' });
  });
});

describe('reconciliation rows', () => {
  it('list groups, totals per currency and the issues in one table', () => {
    const report = reconcile([
      entry(),
      entry({ kind: 'SETTLED', amount: 12800 }),
      entry({ refundId: 'rf_2', providerRef: 'sbx_2' }),
    ]);
    const rows = csvObjects(toCsv(reconciliationCsvRows(report)));
    expect(Object.keys(rows[0] ?? {})).toEqual([...RECONCILIATION_CSV_COLUMNS]);
    expect(rows.map((r) => r.record)).toEqual(['GROUP', 'TOTAL', 'ISSUE', 'ISSUE']);
    expect(rows[0]).toMatchObject({
      day: '2026-12-01',
      provider: 'sandbox',
      method: 'ALIPAY',
      currency: 'CNY',
      sentCount: '2',
      sentAmount: '25800',
      settledAmount: '12800',
      differenceCount: '1',
      differenceAmount: '13000',
    });
    expect(rows[1]).toMatchObject({ record: 'TOTAL', currency: 'CNY', sentAmount: '25800', day: '' });
    const issues = Object.fromEntries(rows.filter((r) => r.record === 'ISSUE').map((r) => [r.issue, r]));
    expect(issues.AMOUNT_MISMATCH).toMatchObject({ refundId: 'rf_1', sentAmount: '12900', settledAmount: '12800' });
    expect(issues.SENT_NOT_SETTLED).toMatchObject({ refundId: 'rf_2', providerRef: 'sbx_2', sentAmount: '12900' });
  });
});

describe('content negotiation', () => {
  const ask = (accept?: string) => wantsCsv({ headers: accept === undefined ? {} : { accept } });

  it('answers CSV only when text/csv is asked for and JSON does not outrank it', () => {
    expect(ask()).toBe(false);
    expect(ask('*/*')).toBe(false);
    expect(ask('application/json')).toBe(false);
    expect(ask('text/csv')).toBe(true);
    expect(ask('text/csv; charset=utf-8')).toBe(true);
    expect(ask('text/csv, application/json')).toBe(true);
    expect(ask('application/json, text/csv')).toBe(false);
    expect(ask('application/json;q=0.5, text/csv')).toBe(true);
    expect(ask('text/csv;q=0')).toBe(false);
  });

  it('names the download and says it is UTF-8 CSV', () => {
    const reply = csvReply([['a'], [1]], 'ledger-2026-12-01.csv', { 'x-next-cursor': 'c1' });
    expect(reply.headers).toEqual({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="ledger-2026-12-01.csv"',
      'x-next-cursor': 'c1',
    });
    expect(reply.raw).toBe('a\r\n1\r\n');
    expect(csvReply([], 'a"b;.csv').headers?.['content-disposition']).toBe('attachment; filename="a_b_.csv"');
  });
});
