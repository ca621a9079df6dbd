/**
 * Business-day calendar for payout promises. Business days are counted on the calendar date the buyer sees, in
 * China Standard Time (UTC+8, no daylight saving), so the arithmetic is plain UTC arithmetic shifted by 8 hours.
 * Pure: no clock, no I/O; the holiday list is data (./holidays-cn.ts) or supplied by the caller.
 */
import type { IsoTime } from '../vocabulary.ts';
import type { CstDate, HolidayYear } from './holiday-year.ts';
import { CN_MAINLAND_HOLIDAYS } from './holidays-cn.ts';

export type { CstDate, HolidayYear } from './holiday-year.ts';

/** CST is UTC+8 all year. */
export const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** What the arithmetic needs: holiday dates, adjusted working days and the years the data covers. */
export interface BusinessCalendar {
  readonly holidays: ReadonlySet<CstDate>;
  readonly workingWeekendDays: ReadonlySet<CstDate>;
  /** Years with holiday data; outside them only weekends are non-working (callers may warn). */
  readonly coveredYears: ReadonlySet<number>;
  /** Years whose data is an estimate. */
  readonly estimatedYears: ReadonlySet<number>;
}

function assertDate(d: string): void {
  if (!DATE_RE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
    throw new RangeError(`not a YYYY-MM-DD date: ${d}`);
}

/** Days from `from` to `to` inclusive, as CST dates. */
function expandRange(from: CstDate, to: CstDate): CstDate[] {
  assertDate(from);
  assertDate(to);
  const out: CstDate[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * Builds a calendar from holiday years (the published shape), so a deployment can add a year or use another
 * market's holidays without code changes. A date listed both as holiday and working day is an error in the data.
 */
export function makeCalendar(years: readonly HolidayYear[]): BusinessCalendar {
  const holidays = new Set<CstDate>();
  const working = new Set<CstDate>();
  for (const y of years) {
    for (const [from, to] of y.holidays) for (const d of expandRange(from, to)) holidays.add(d);
    for (const d of y.workingWeekendDays) {
      assertDate(d);
      if (!isWeekend(d)) throw new RangeError(`adjusted working day ${d} is not a weekend day`);
      working.add(d);
    }
  }
  for (const d of working) if (holidays.has(d)) throw new RangeError(`${d} is both a holiday and a working day`);
  return {
    holidays,
    workingWeekendDays: working,
    coveredYears: new Set(years.map((y) => y.year)),
    estimatedYears: new Set(years.filter((y) => y.estimate).map((y) => y.year)),
  };
}

/** The mainland China calendar shipped with the product (2026 official, 2027 estimated). */
export const CN_MAINLAND_CALENDAR: BusinessCalendar = makeCalendar(CN_MAINLAND_HOLIDAYS);

/** A calendar with weekends only, for tests and markets without holiday data. */
export const WEEKENDS_ONLY_CALENDAR: BusinessCalendar = makeCalendar([]);

/** The CST calendar date of a UTC instant: the date the buyer sees on their phone. */
export function cstDate(isoUtc: IsoTime): CstDate {
  const t = Date.parse(isoUtc);
  if (Number.isNaN(t)) throw new RangeError(`not an ISO time: ${isoUtc}`);
  return new Date(t + CST_OFFSET_MS).toISOString().slice(0, 10);
}

function isWeekend(d: CstDate): boolean {
  const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

/** Whether a CST date is a working day: an adjusted working day, or a weekday that is not a holiday. */
export function isBusinessDay(d: CstDate, calendar: BusinessCalendar): boolean {
  if (calendar.workingWeekendDays.has(d)) return true;
  return !isWeekend(d) && !calendar.holidays.has(d);
}

function nextDate(d: CstDate): CstDate {
  return new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** End of a CST business day (23:59:59.999 CST) as an ISO UTC instant, i.e. 15:59:59.999Z on the same date. */
export function endOfCstDay(d: CstDate): IsoTime {
  return new Date(Date.parse(`${d}T00:00:00Z`) - CST_OFFSET_MS + DAY_MS - 1).toISOString();
}

/**
 * The CST date of the nth business day after the CST date of `fromIsoUtc`.
 * n = 0 means the same day if it is a business day, else the next business day.
 */
export function nthBusinessDate(fromIsoUtc: IsoTime, n: number, calendar: BusinessCalendar): CstDate {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`business days must be a non-negative integer: ${n}`);
  let d = cstDate(fromIsoUtc);
  if (n === 0) {
    while (!isBusinessDay(d, calendar)) d = nextDate(d);
    return d;
  }
  for (let left = n; left > 0; ) {
    d = nextDate(d);
    if (isBusinessDay(d, calendar)) left--;
  }
  return d;
}

/**
 * Promise arithmetic: the end (23:59:59.999 CST, returned as ISO UTC) of the nth business day after the CST date of
 * `fromIsoUtc`. The start day itself never counts for n ≥ 1, whatever the time of day, so "1–3 business days" from
 * an approval on Friday evening means by the end of Monday..Wednesday. n = 0 is the end of the same business day (or
 * of the next business day when `from` falls on a weekend or holiday, where it equals n = 1). Non-decreasing in
 * n and in `fromIsoUtc`; strictly increasing in n for n ≥ 1.
 */
export function addBusinessDays(fromIsoUtc: IsoTime, n: number, calendar: BusinessCalendar): IsoTime {
  return endOfCstDay(nthBusinessDate(fromIsoUtc, n, calendar));
}
