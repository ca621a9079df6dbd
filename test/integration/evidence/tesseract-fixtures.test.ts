/**
 * The local OCR engine (tesseract.js workers, English and Chinese) reading every image in test/fixtures/ocr: how many
 * tracking numbers, totals and dates it gets right. Real OCR over every image starts workers and takes ten seconds or
 * more (its ceiling is two minutes), so it runs with the integration tests, not the unit tests; how the engine's
 * lines are parsed is unit-tested in test/unit/ocr, and its refusals in test/unit/ocr/tesseract-refusals.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTesseractOcr } from '../../../functions/adapters/ocr/tesseract.ts';
import { findTrackingNumbers } from '../../../functions/domain/evidence/tracking.ts';
import { verifyReceipt } from '../../../functions/domain/evidence/verify.ts';

interface Fixture {
  file: string;
  kind: 'WAYBILL' | 'RECEIPT';
  variant: string;
  carrier?: string;
  trackingNumber?: string;
  total?: number;
  currency?: string;
  date?: string;
}

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'ocr');
const fixtures: Fixture[] = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'));
const image = (f: Fixture) => ({
  bytes: new Uint8Array(readFileSync(join(DIR, f.file))),
  contentType: f.file.endsWith('.jpg') ? 'image/jpeg' : 'image/png',
});

describe('the local tesseract engine over the fixture images', { timeout: 120_000 }, () => {
  const ocr = createTesseractOcr();
  afterAll(() => ocr.close());

  it('reads at least 95% of waybill tracking numbers exactly', async () => {
    const waybills = fixtures.filter((f) => f.kind === 'WAYBILL');
    const misses: string[] = [];
    let carriers = 0;
    for (const f of waybills) {
      const { lines } = await ocr.readWaybill(image(f));
      const best = findTrackingNumbers(lines).find((c) => c.trackingNumber === f.trackingNumber);
      if (!best) misses.push(`${f.file}: ${lines.map((l) => l.text).join(' | ')}`);
      else if (findTrackingNumbers(lines)[0]?.carrier === f.carrier) carriers++;
    }
    const rate = (waybills.length - misses.length) / waybills.length;
    console.log(
      `tracking numbers read exactly: ${waybills.length - misses.length}/${waybills.length} (${(rate * 100).toFixed(1)}%),` +
        ` carrier ranked first: ${carriers}/${waybills.length}`,
    );
    if (misses.length > 0) console.log(`missed:\n${misses.join('\n')}`);
    expect(waybills.length).toBeGreaterThanOrEqual(30);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });

  it('reads receipt totals and dates in English and Chinese', async () => {
    const receipts = fixtures.filter((f) => f.kind === 'RECEIPT');
    let totals = 0;
    let dates = 0;
    for (const f of receipts) {
      const { summary } = await ocr.readReceipt(image(f));
      if (summary.total?.value.amount === f.total) totals++;
      else console.log(`${f.file}: total ${JSON.stringify(summary.total)} expected ${f.total}`);
      if (summary.date?.value === f.date) dates++;
      else console.log(`${f.file}: date ${JSON.stringify(summary.date)} expected ${f.date}`);
    }
    console.log(`receipt totals read: ${totals}/${receipts.length}, dates: ${dates}/${receipts.length}`);
    expect(totals / receipts.length).toBeGreaterThanOrEqual(0.75);
    expect(dates / receipts.length).toBeGreaterThanOrEqual(0.75);
  });

  it('verifies a clean Chinese receipt against the paid amount', async () => {
    const f = fixtures.find((x) => x.file.startsWith('receipt-06'));
    if (!f) throw new Error('fixture receipt-06 missing');
    const { summary } = await ocr.readReceipt(image(f));
    expect(verifyReceipt(summary, { amount: 12900, currency: 'CNY' }).result).toBe('MATCH');
    expect(verifyReceipt(summary, { amount: 13900, currency: 'CNY' }).result).toBe('MISMATCH');
  });
});
