import { describe, expect, it } from 'vitest';
import { checkEvidenceFile, sniffContentType } from '../../../functions/domain/evidence/limits.ts';
import { verifyReceipt, verifyWaybill } from '../../../functions/domain/evidence/verify.ts';

const label = (number: string, confidence = 0.95) => [
  { text: '顺丰速运 SF Express', confidence },
  { text: `运单号 ${number}`, confidence },
];

describe('a return waybill photo', () => {
  const typed = { source: 'RETURN_SHIPMENT' as const, carrier: '顺丰', trackingNumber: 'sf 1234567890123' };

  it('matches the number and carrier the buyer typed', () => {
    const v = verifyWaybill(label('SF1234567890123'), [typed]);
    expect(v.result).toBe('MATCH');
    expect(v.reasons.map((r) => r.code)).toEqual(['TRACKING_NUMBER_MATCHES', 'CARRIER_MATCHES']);
    expect(v.fields.trackingNumber).toEqual({ value: 'SF1234567890123', confidence: 0.95 });
  });

  it('is a mismatch when a confident read shows another number', () => {
    const v = verifyWaybill(label('SF9999999999999'), [typed]);
    expect(v.result).toBe('MISMATCH');
    expect(v.reasons[0]?.code).toBe('TRACKING_NUMBER_DIFFERS');
  });

  it('goes to a person when the number differs by one character', () => {
    expect(verifyWaybill(label('SF1234567890128'), [typed]).result).toBe('UNREADABLE');
  });

  it('is a mismatch when the label is another carrier', () => {
    const v = verifyWaybill(label('SF1234567890123'), [{ ...typed, carrier: 'YTO' }]);
    expect(v.result).toBe('MISMATCH');
    expect(v.reasons.map((r) => r.code)).toContain('CARRIER_DIFFERS');
  });

  it('is unreadable below the confidence threshold, never a mismatch', () => {
    const v = verifyWaybill(label('SF9999999999999', 0.6), [typed]);
    expect(v.result).toBe('UNREADABLE');
    expect(v.reasons[0]?.code).toBe('LOW_CONFIDENCE');
    expect(verifyWaybill(label('SF9999999999999', 0.6), [typed], { threshold: 0.5 }).result).toBe('MISMATCH');
  });

  it('is unreadable when no tracking number is found', () => {
    const v = verifyWaybill([{ text: '一张模糊的照片', confidence: 0.9 }], [typed]);
    expect(v).toMatchObject({ result: 'UNREADABLE', reasons: [{ code: 'NO_TRACKING_NUMBER' }] });
  });

  it('is unreadable when there is nothing to compare with', () => {
    expect(verifyWaybill(label('SF1234567890123'), []).reasons.at(-1)?.code).toBe('NOTHING_TO_COMPARE');
  });

  it('picks the expected number among several on the label', () => {
    const lines = [{ text: 'JDVA00000000001 / SF1234567890123', confidence: 0.95 }];
    expect(verifyWaybill(lines, [typed]).read?.trackingNumber).toBe('SF1234567890123');
  });
});

describe('a delivery waybill checked against the order logistics', () => {
  const order = { source: 'ORDER_LOGISTICS' as const, carrier: 'STO', trackingNumber: '773123456789' };

  it('matches an ambiguous digit-only number when its format allows the carrier', () => {
    const v = verifyWaybill([{ text: '运单号 773123456789', confidence: 0.9 }], [order]);
    expect(v.result).toBe('MATCH');
    expect(v.read?.carrier).toBe('STO');
  });

  it('is a mismatch when the label names a different carrier', () => {
    const lines = [
      { text: '中通快递', confidence: 0.9 },
      { text: '运单号 773123456789', confidence: 0.9 },
    ];
    expect(verifyWaybill(lines, [order]).result).toBe('MISMATCH');
  });

  it('does not check an unknown carrier name', () => {
    const v = verifyWaybill([{ text: '773123456789', confidence: 0.9 }], [{ ...order, carrier: '百世快递' }]);
    expect(v.result).toBe('MATCH');
    expect(v.reasons.map((r) => r.code)).toContain('CARRIER_NOT_CHECKED');
  });
});

describe('a receipt checked against the paid amount', () => {
  const paid = { amount: 12900, currency: 'CNY' };
  const summary = (amount: number, confidence = 0.9, currency?: string) => ({
    total: { value: currency ? { amount, currency } : { amount }, confidence },
  });

  it('matches an equal total', () => expect(verifyReceipt(summary(12900, 0.9, 'CNY'), paid).result).toBe('MATCH'));
  it('matches a total with no stated currency by amount', () =>
    expect(verifyReceipt(summary(12900), paid).result).toBe('MATCH'));
  it('is a mismatch for another amount', () => {
    expect(verifyReceipt(summary(13900), paid).reasons[0]?.code).toBe('AMOUNT_DIFFERS');
  });
  it('is a mismatch for another currency', () => {
    expect(verifyReceipt(summary(12900, 0.9, 'USD'), paid).reasons[0]?.code).toBe('CURRENCY_DIFFERS');
  });
  it('is unreadable with no total', () => expect(verifyReceipt({}, paid).reasons[0]?.code).toBe('NO_TOTAL'));
  it('is unreadable with a doubtful total', () =>
    expect(verifyReceipt(summary(13900, 0.5), paid).result).toBe('UNREADABLE'));
  it('reports the fields to store on the evidence', () => {
    expect(verifyReceipt(summary(12900, 0.9, 'CNY'), paid).fields).toEqual({
      total: { value: '12900', confidence: 0.9 },
      currency: { value: 'CNY', confidence: 0.9 },
    });
  });
});

describe('evidence file limits', () => {
  it.each([
    [{ contentType: 'image/jpeg', size: 1000 }, true],
    [{ contentType: 'IMAGE/JPG; foo=bar', size: 1000 }, true],
    [{ contentType: 'application/pdf', size: 1000, pages: 2 }, true],
  ])('accepts %j', (file, ok) => expect(checkEvidenceFile(file).ok).toBe(ok));

  it.each([
    [{ contentType: 'image/gif', size: 1000 }, 'UNSUPPORTED_CONTENT_TYPE'],
    [{ contentType: 'image/heic', size: 1000 }, 'UNSUPPORTED_CONTENT_TYPE'],
    [{ contentType: 'image/png', size: 10 * 1024 * 1024 + 1 }, 'FILE_TOO_LARGE'],
    [{ contentType: 'image/png', size: 0 }, 'EMPTY_FILE'],
    [{ contentType: 'application/pdf', size: 1000, pages: 12 }, 'TOO_MANY_PAGES'],
  ])('refuses %j with %s', (file, code) => expect(checkEvidenceFile(file)).toMatchObject({ ok: false, code }));

  it('recognises files by their first bytes', () => {
    expect(sniffContentType(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe('image/png');
    expect(sniffContentType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffContentType(new Uint8Array([0x25, 0x50, 0x44, 0x46]))).toBe('application/pdf');
    expect(sniffContentType(new Uint8Array([0x47, 0x49, 0x46]))).toBeUndefined();
  });
});
