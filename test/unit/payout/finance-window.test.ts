/** The finance window: China dates or ISO instants, today (China time) by default, bounded in China days. */
import { describe, expect, it } from 'vitest';
import { financeWindow } from '../../../functions/app/day-window.ts';

// 23:30 UTC on 26 November is already 27 November in China.
const NOW = new Date('2026-11-26T23:30:00.000Z');

describe('financeWindow', () => {
  it('defaults to today in China, whatever the UTC date, from its 00:00 to its 24:00 China time', () => {
    expect(financeWindow({}, NOW, 31)).toEqual({
      fromDay: '2026-11-27',
      toDay: '2026-11-27',
      from: '2026-11-26T16:00:00.000Z',
      to: '2026-11-27T15:59:59.999Z',
    });
  });

  it('reads a date as a China day, and `to` as the end of its day', () => {
    expect(financeWindow({ from: '2026-11-01', to: '2026-11-03' }, NOW, 31)).toEqual({
      fromDay: '2026-11-01',
      toDay: '2026-11-03',
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-03T15:59:59.999Z',
    });
  });

  it('reads an ISO time as that instant, in any offset; `to` defaults to the end of its China day', () => {
    expect(financeWindow({ from: '2026-11-26T09:30:00+08:00' }, NOW, 31)).toEqual({
      fromDay: '2026-11-26',
      toDay: '2026-11-26',
      from: '2026-11-26T01:30:00.000Z',
      to: '2026-11-26T15:59:59.999Z',
    });
    expect(financeWindow({ from: '2026-11-26T17:00:00Z', to: '2026-11-26T18:00:00Z' }, NOW, 1)).toMatchObject({
      fromDay: '2026-11-27',
      toDay: '2026-11-27',
    });
  });

  it.each([
    [{ from: '2026-02-30' }, 'real date'],
    [{ from: '2026-11-26T10:00:00Z', to: '2026-11-26T09:00:00Z' }, 'before'],
    [{ from: '2026-11-01', to: '2026-12-02' }, 'at most 31 days'],
    [{ to: '2026-11-20' }, 'before'],
  ])('refuses %o (%s)', (query, message) => {
    expect(() => financeWindow(query, NOW, 31)).toThrow(message);
  });

  it('counts the bound in China days', () => {
    expect(financeWindow({ from: '2026-11-01', to: '2026-12-01' }, NOW, 31).toDay).toBe('2026-12-01');
    expect(() => financeWindow({ from: '2026-11-20T15:00:00Z', to: '2026-11-21T17:00:00Z' }, NOW, 2)).toThrow(
      'at most 2 days',
    );
  });
});
