/**
 * The scorecard's periods: calendar months in China time (Asia/Shanghai, UTC+8, no daylight saving), written
 * `YYYY-MM`. Every count is filed under the month it happened in, so a period is read by key, never by a scan.
 * `from`/`to` may be months or China dates (a date means its month); a request covers at most MAX_MONTHS.
 */
import { ValidationFailed } from '../errors.ts';
import { CST_OFFSET_MS } from '../payout/calendar.ts';

/** A calendar month in China time, `YYYY-MM`. */
export type Month = string;

/** The most months one request may cover. */
export const MAX_MONTHS = 12;

const MONTH = /^(\d{4})-(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The China month an instant falls in. */
export function monthOf(at: string | Date): Month {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(t + CST_OFFSET_MS).toISOString().slice(0, 7);
}

/** The month `n` months after `month` (before, for negative `n`). */
export function addMonths(month: Month, n: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** A month or a China date as the month it names; ValidationFailed (400) unless a real one. */
export function parseMonth(value: string, name: 'from' | 'to'): Month {
  const month = MONTH.exec(value);
  const date = DATE.exec(value);
  const [, y, m] = month ?? date ?? [];
  const valid =
    y !== undefined &&
    m !== undefined &&
    Number(m) >= 1 &&
    Number(m) <= 12 &&
    (!date || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value);
  if (!valid) throw new ValidationFailed(`${name} must be a month (YYYY-MM) or a date (YYYY-MM-DD), China time`);
  return `${y}-${m}`;
}

/**
 * The months `from`..`to` cover, oldest first. `from` defaults to the current month, `to` to `from`; in order, at
 * most MAX_MONTHS, and not after the current month. ValidationFailed (400) otherwise.
 */
export function monthsBetween(query: { from?: string | undefined; to?: string | undefined }, now: Date): Month[] {
  const current = monthOf(now);
  const from = query.from === undefined ? current : parseMonth(query.from, 'from');
  const to = query.to === undefined ? from : parseMonth(query.to, 'to');
  if (to < from) throw new ValidationFailed('to must not be before from');
  if (to > current) throw new ValidationFailed('to must not be after the current month');
  const months: Month[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) {
    months.push(m);
    if (months.length > MAX_MONTHS) throw new ValidationFailed(`at most ${MAX_MONTHS} months per request`);
  }
  return months;
}

/** The last `count` complete months before the one `now` falls in, oldest first: what a tier is judged on. */
export function completeMonthsBefore(now: Date, count: number): Month[] {
  const current = monthOf(now);
  return Array.from({ length: count }, (_, i) => addMonths(current, i - count));
}

/** When a month starts, as an ISO instant (00:00 China time on its first day). */
export function monthStart(month: Month): string {
  return new Date(Date.parse(`${month}-01T00:00:00Z`) - CST_OFFSET_MS).toISOString();
}
