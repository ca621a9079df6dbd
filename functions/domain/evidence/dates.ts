/**
 * Dates as printed on Chinese and English receipts, to ISO dates (YYYY-MM-DD). Pure.
 */

/** A date found in text; `ambiguous` when day and month could be swapped (e.g. 03/04/2026). */
export interface ParsedDate {
  iso: string;
  ambiguous: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.toISOString().slice(0, 10);
}

/**
 * The first date in a line. Layouts: 2026年11月26日, 2026-11-26, 2026/11/26, 2026.11.26, 26/11/2026 and 11/26/2026
 * (whichever number is above 12 is the day; when both could be, `dayFirst` decides and the date is `ambiguous`),
 * Nov 26, 2026, 26 Nov 2026, November 26 2026. Two-digit years are not accepted: too easily confused with amounts.
 * @param dayFirst how to read an ambiguous n/n/yyyy; receipts in this market print day first (or year first).
 */
export function parseDate(line: string, dayFirst = true): ParsedDate | undefined {
  const text = line.replace(/\s+/g, ' ');
  let m = /(20\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})/.exec(text);
  if (m) {
    const value = iso(Number(m[1]), Number(m[2]), Number(m[3]));
    if (value) return { iso: value, ambiguous: false };
  }
  m = /(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](20\d{2})(?!\d)/.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const year = Number(m[3]);
    const ambiguous = a <= 12 && b <= 12 && a !== b;
    const [day, month] = a > 12 || (dayFirst && b <= 12) ? [a, b] : [b, a];
    const value = iso(year, month, day);
    if (value) return { iso: value, ambiguous };
  }
  m = /\b([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?,? (20\d{2})\b/.exec(text);
  if (m) {
    const month = MONTHS.indexOf((m[1] ?? '').toLowerCase()) + 1;
    const value = month > 0 ? iso(Number(m[3]), month, Number(m[2])) : undefined;
    if (value) return { iso: value, ambiguous: false };
  }
  m = /\b(\d{1,2}) ([A-Za-z]{3})[a-z]*\.?,? (20\d{2})\b/.exec(text);
  if (m) {
    const month = MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1;
    const value = month > 0 ? iso(Number(m[3]), month, Number(m[1])) : undefined;
    if (value) return { iso: value, ambiguous: false };
  }
  return undefined;
}
