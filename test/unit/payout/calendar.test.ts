import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  CN_MAINLAND_CALENDAR,
  cstDate,
  isBusinessDay,
  makeCalendar,
  WEEKENDS_ONLY_CALENDAR,
} from '../../../functions/domain/payout/calendar.ts';

const cn = CN_MAINLAND_CALENDAR;

describe('the mainland China calendar', () => {
  it.each([
    ['2026-01-01', false, 'New Year'],
    ['2026-01-04', true, 'Sunday made a working day after New Year'],
    ['2026-02-14', true, 'Saturday before Spring Festival'],
    ['2026-02-15', false, 'Spring Festival starts'],
    ['2026-02-23', false, 'Spring Festival ends (Monday)'],
    ['2026-02-24', true, 'first weekday after Spring Festival'],
    ['2026-02-28', true, 'Saturday after Spring Festival'],
    ['2026-04-06', false, 'Qingming Monday'],
    ['2026-05-05', false, 'Labour Day Tuesday'],
    ['2026-05-09', true, 'Saturday after Labour Day'],
    ['2026-06-19', false, 'Dragon Boat Friday'],
    ['2026-09-20', true, 'Sunday before National Day'],
    ['2026-09-25', false, 'Mid-Autumn Friday'],
    ['2026-10-07', false, 'National Day ends'],
    ['2026-10-10', true, 'Saturday after National Day'],
    ['2026-10-11', false, 'an ordinary Sunday'],
    ['2026-11-26', true, 'an ordinary Thursday'],
  ])('%s is a business day: %s (%s)', (date, expected) => {
    expect(isBusinessDay(date, cn)).toBe(expected);
  });

  it('marks 2027 as estimated until the notice is published', () => {
    expect(cn.estimatedYears.has(2027)).toBe(true);
    expect(cn.estimatedYears.has(2026)).toBe(false);
  });

  it('rejects data that lists a weekday as an adjusted working day', () => {
    expect(() =>
      makeCalendar([{ year: 2026, estimate: false, holidays: [], workingWeekendDays: ['2026-01-05'] }]),
    ).toThrow(RangeError);
  });
});

describe('cstDate', () => {
  it('is the date the buyer sees in UTC+8', () => {
    expect(cstDate('2026-01-31T15:59:59.999Z')).toBe('2026-01-31');
    expect(cstDate('2026-01-31T16:00:00.000Z')).toBe('2026-02-01');
  });
});

describe('addBusinessDays', () => {
  it.each([
    // from (UTC), n, expected end of day (UTC), why
    ['2026-11-26T02:00:00Z', 1, '2026-11-27T15:59:59.999Z', 'Thursday +1 is Friday'],
    ['2026-11-27T02:00:00Z', 1, '2026-11-30T15:59:59.999Z', 'Friday +1 skips the weekend'],
    ['2026-11-27T17:00:00Z', 1, '2026-11-30T15:59:59.999Z', 'Friday 17:00Z is Saturday in CST'],
    ['2026-11-27T15:00:00Z', 3, '2026-12-02T15:59:59.999Z', 'Friday 23:00 CST +3 is Wednesday'],
    ['2026-02-13T02:00:00Z', 1, '2026-02-14T15:59:59.999Z', 'Friday before Spring Festival +1 is the working Saturday'],
    ['2026-02-13T02:00:00Z', 3, '2026-02-25T15:59:59.999Z', 'Spring Festival week is skipped'],
    ['2026-02-13T02:00:00Z', 7, '2026-03-02T15:59:59.999Z', 'bank card: Feb 28 Saturday counts'],
    ['2026-09-30T02:00:00Z', 1, '2026-10-08T15:59:59.999Z', 'National Day week is skipped'],
    ['2026-09-30T02:00:00Z', 3, '2026-10-10T15:59:59.999Z', 'the working Saturday Oct 10 counts'],
    ['2026-09-18T02:00:00Z', 1, '2026-09-20T15:59:59.999Z', 'the working Sunday Sep 20 counts'],
    ['2026-12-31T02:00:00Z', 1, '2027-01-04T15:59:59.999Z', 'New Year 2027 (Fri) and the weekend are skipped'],
    ['2026-01-03T02:00:00Z', 0, '2026-01-04T15:59:59.999Z', 'n = 0 on a holiday is the next business day'],
    ['2026-11-26T02:00:00Z', 0, '2026-11-26T15:59:59.999Z', 'n = 0 on a business day is the same day'],
  ])('%s + %i business days → %s (%s)', (from, n, expected) => {
    expect(addBusinessDays(from, n, cn)).toBe(expected);
  });

  it('with weekends only, Friday + 1 is Monday', () => {
    expect(addBusinessDays('2026-10-02T02:00:00Z', 1, WEEKENDS_ONLY_CALENDAR)).toBe('2026-10-05T15:59:59.999Z');
  });

  it('refuses negative or fractional counts', () => {
    expect(() => addBusinessDays('2026-11-26T02:00:00Z', -1, cn)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-11-26T02:00:00Z', 1.5, cn)).toThrow(RangeError);
  });

  it('is monotonic in n and in the start time, and always lands at the end of a business day', () => {
    const start = Date.parse('2025-12-01T00:00:00Z');
    const span = Date.parse('2027-11-01T00:00:00Z') - start;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: 3 * 24 * 3600 * 1000 }),
        fc.integer({ min: 0, max: 15 }),
        (offset, later, n) => {
          const from = new Date(start + offset).toISOString();
          const end = addBusinessDays(from, n, cn);
          expect(isBusinessDay(cstDate(end), cn)).toBe(true);
          expect(end.endsWith('T15:59:59.999Z')).toBe(true);
          expect(Date.parse(end)).toBeGreaterThanOrEqual(Date.parse(from));
          const next = addBusinessDays(from, n + 1, cn);
          expect(n === 0 ? next >= end : next > end).toBe(true);
          expect(addBusinessDays(new Date(start + offset + later).toISOString(), n, cn) >= end).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
