import { describe, expect, it } from 'vitest';
import { carrierFromName, carriersNamedIn } from '../../../functions/domain/evidence/carriers.ts';
import { findTrackingNumbers, normalizeTrackingNumber } from '../../../functions/domain/evidence/tracking.ts';

const line = (text: string, confidence = 0.95) => ({ text, confidence });
const first = (text: string, hint?: Parameters<typeof findTrackingNumbers>[1]) =>
  findTrackingNumbers([line(text)], hint)[0];

describe('a waybill line with a carrier-prefixed number', () => {
  it.each([
    ['SF Express 运单号 SF1234567890123', 'SF1234567890123', 'SF'],
    ['运单号：SF123456789012', 'SF123456789012', 'SF'],
    ['JDVA12345678901', 'JDVA12345678901', 'JD'],
    ['YTO YT1234567890123', 'YT1234567890123', 'YTO'],
    ['运单号 JT1234567890123', 'JT1234567890123', 'JT'],
    ['德邦 DPK123456789012', 'DPK123456789012', 'DEPPON'],
    ['EMS EA123456789CN', 'EA123456789CN', 'EMS'],
    ['TRACKING #: 1Z999AA10123456784', '1Z999AA10123456784', 'UPS'],
    ['Label: EA123456789US', 'EA123456789US', 'USPS'],
  ])('reads %s', (text, trackingNumber, carrier) => {
    expect(first(text)).toMatchObject({ trackingNumber, carrier, ambiguous: false, repairs: 0 });
  });

  it('joins numbers printed in groups with spaces or hyphens', () => {
    expect(first('TRACKING #: 1Z 999 AA1 0123 4567 84')?.trackingNumber).toBe('1Z999AA10123456784');
    expect(first('运单号 SF 1234-5678-9012-3')?.trackingNumber).toBe('SF1234567890123');
  });

  it('repairs look-alike characters and lowers the confidence for each', () => {
    const c = first('运单号 SF12345O789O123');
    expect(c).toMatchObject({ trackingNumber: 'SF1234507890123', repairs: 2 });
    expect(c?.confidence).toBeLessThan(0.95 * 0.9);
    expect(first('5F1234567890123')).toMatchObject({ trackingNumber: 'SF1234567890123', carrier: 'SF', repairs: 1 });
    expect(first('IT1234567890123')).toMatchObject({ trackingNumber: 'JT1234567890123', carrier: 'JT' });
    expect(first('j|DVA12345678901')).toMatchObject({ trackingNumber: 'JDVA12345678901', carrier: 'JD' });
  });

  it('sheds noise glued to a prefixed number', () => {
    expect(first('UEA123456789CN')).toMatchObject({ trackingNumber: 'EA123456789CN', carrier: 'EMS' });
  });

  it('scores a number by its own words, not by a noisy line', () => {
    const [c] = findTrackingNumbers([
      {
        text: '运单号 SF1234567890123 鬱',
        confidence: 0.3,
        words: [
          { text: '运单号', confidence: 0.5 },
          { text: 'SF1234567890123', confidence: 0.93 },
        ],
      },
    ]);
    expect(c?.confidence).toBeCloseTo(0.93);
  });
});

describe('a digit-only number', () => {
  it('lists every carrier whose format fits, marked ambiguous', () => {
    const carriers = findTrackingNumbers([line('运单号 773123456789')]).map((c) => c.carrier);
    expect(carriers).toEqual(expect.arrayContaining(['ZTO', 'STO', 'FEDEX']));
    expect(findTrackingNumbers([line('773123456789')]).every((c) => c.ambiguous)).toBe(true);
  });

  it('puts the hinted carrier first', () => {
    expect(first('773123456789', { carrierHint: 'FEDEX' })?.carrier).toBe('FEDEX');
    expect(first('773123456789', { carrierHint: 'STO' })?.carrier).toBe('STO');
  });

  it('puts a carrier named on the label first', () => {
    const [c] = findTrackingNumbers([line('中通快递 ZTO Express'), line('运单号 773123456789')]);
    expect(c).toMatchObject({ carrier: 'ZTO', namedOnLabel: true });
  });

  it('reads 13-digit EMS and Yunda numbers, 10-digit DHL and 22-digit USPS', () => {
    expect(findTrackingNumbers([line('1123456789012')]).map((c) => c.carrier)).toEqual(
      expect.arrayContaining(['EMS', 'YUNDA']),
    );
    expect(first('WAYBILL 1234567890')?.carrier).toBe('DHL');
    expect(first('USPS TRACKING # 9400 1000 0000 0000 0000 00')).toMatchObject({
      trackingNumber: '9400100000000000000000',
      carrier: 'USPS',
    });
  });

  it('does not take a letter at either end of a digit run as a digit', () => {
    expect(findTrackingNumbers([line('S 1154719225144')]).map((c) => c.trackingNumber)).not.toContain('51154719225144');
  });

  it('ignores phone numbers, dates and short order numbers', () => {
    expect(
      findTrackingNumbers([line('收件人 张三 13812345678'), line('寄件日期 2026-11-26'), line('订单号 20261126001')]),
    ).toEqual([]);
  });
});

describe('a grouped number', () => {
  it('is not also reported as the groups inside it', () => {
    const numbers = findTrackingNumbers([line('1Z 999 AA1 0123 4567 84')]).map((c) => c.trackingNumber);
    expect(numbers).toEqual(['1Z999AA10123456784']);
  });
});

describe('carrier names', () => {
  it.each([
    ['SF Express', 'SF'],
    ['顺丰', 'SF'],
    ['j&t', 'JT'],
    ['中通快递', 'ZTO'],
    ['China Post', 'EMS'],
    ['FedEx', 'FEDEX'],
    ['Best Express', undefined],
  ])('%s is %s', (name, carrier) => {
    expect(carrierFromName(name)).toBe(carrier);
  });

  it('are found on labels as whole words only', () => {
    expect(carriersNamedIn('顺丰速运 SF Express')).toEqual(['SF']);
    expect(carriersNamedIn('bank transfer')).toEqual([]);
  });

  it('normalises typed numbers', () => {
    expect(normalizeTrackingNumber(' sf 1234-5678 ')).toBe('SF12345678');
  });
});
