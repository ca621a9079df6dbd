/** A from/to window of CST days, bounded so a finance query stays cheap; shared by the ledger and reconciliation. */
import { ValidationFailed } from '../domain/errors.ts';

const DAY_MS = 86_400_000;

/** Validates a from/to window of real dates, in order, at most `max` days; `to` defaults to `from`. */
export function dayWindow(from: string, to: string | undefined, max: number): { from: string; to: string } {
  const end = to ?? from;
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${end}T00:00:00Z`);
  const real = (t: number, d: string) => !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  if (!real(a, from) || !real(b, end)) throw new ValidationFailed('from/to must be real dates (YYYY-MM-DD)');
  if (b < a) throw new ValidationFailed('to must not be before from');
  if ((b - a) / DAY_MS + 1 > max) throw new ValidationFailed(`at most ${max} days per request`);
  return { from, to: end };
}
