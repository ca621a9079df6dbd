/**
 * The console's amount inputs are typed in the currency's major unit: yuan with two decimals, yen with none. A
 * merchant offering "500" on a yen refund offers ¥500, not ¥50,000 (the console used to multiply by 100 always).
 */
import { describe, expect, it } from 'vitest';
import { fromMinor, minorStep, toMinor } from '../../web/src/amounts.ts';

describe('amounts typed in the console', () => {
  it('are yuan with fen for CNY', () => {
    expect(toMinor('80', 'CNY')).toBe(8000);
    expect(toMinor('0.01', 'CNY')).toBe(1);
    expect(fromMinor(12_900, 'CNY')).toBe('129.00');
    expect(minorStep('CNY')).toBe('0.01');
  });

  it('are whole yen for JPY', () => {
    expect(toMinor('500', 'JPY')).toBe(500);
    expect(fromMinor(100_000, 'JPY')).toBe('100000');
    expect(minorStep('JPY')).toBe('1');
  });

  it('are not a number when nothing sensible was typed', () => {
    expect(Number.isNaN(toMinor('abc', 'CNY'))).toBe(true);
  });
});
