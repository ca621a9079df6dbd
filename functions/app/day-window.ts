/**
 * The window of a finance query (ledger, reconciliation), shared by both. The ledger's business days are calendar
 * dates in China (Asia/Shanghai, UTC+8 all year, no daylight saving): providers settle per China day, and every
 * entry carries its China date (`day`). So a date given as `from`/`to` (YYYY-MM-DD) means that China day: `from`
 * starts at its 00:00, `to` ends at its 24:00, China time. An ISO time with an offset (`Z` or `+08:00`) means that
 * instant. `from` defaults to today (China time), `to` to the end of the day `from` falls in. Bounded in China days,
 * so a query stays cheap.
 */
import { ValidationFailed } from '../domain/errors.ts';
import { CST_OFFSET_MS, cstDate } from '../domain/payout/calendar.ts';

/** The time zone a finance date means (IANA name, as the API documents it). */
export const FINANCE_TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface FinanceWindow {
  /** The first and last China days the window touches (YYYY-MM-DD): what the ledger is read by. */
  fromDay: string;
  toDay: string;
  /** The instants the window covers, both included, ISO UTC. */
  from: string;
  to: string;
}

/** 00:00 China time of a China date, in epoch milliseconds; NaN unless a real date. */
function dayStart(day: string): number {
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day) return Number.NaN;
  return t - CST_OFFSET_MS;
}

function instant(value: string, name: 'from' | 'to'): number {
  const t = DATE.test(value) ? dayStart(value) + (name === 'to' ? DAY_MS - 1 : 0) : Date.parse(value);
  if (Number.isNaN(t)) {
    throw new ValidationFailed(`${name} must be a real date (YYYY-MM-DD, China time) or an ISO time with an offset`);
  }
  return t;
}

/**
 * Resolves `from`/`to` (each a China date or an ISO time, both optional) at `now`: in order, at most `maxDays`
 * China days. Throws ValidationFailed (400) otherwise.
 */
export function financeWindow(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
  maxDays: number,
): FinanceWindow {
  const from = instant(query.from ?? cstDate(now.toISOString()), 'from');
  const to =
    query.to === undefined ? dayStart(cstDate(new Date(from).toISOString())) + DAY_MS - 1 : instant(query.to, 'to');
  if (to < from) throw new ValidationFailed('to must not be before from');
  const fromDay = cstDate(new Date(from).toISOString());
  const toDay = cstDate(new Date(to).toISOString());
  if ((dayStart(toDay) - dayStart(fromDay)) / DAY_MS + 1 > maxDays) {
    throw new ValidationFailed(`at most ${maxDays} days (China time) per request`);
  }
  return { fromDay, toDay, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
