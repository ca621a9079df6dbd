/**
 * CSV answers of the finance routes (`Accept: text/csv`): RFC 4180 rows with a header, UTF-8, as a download.
 * Cells are guarded against formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is prefixed with `'`, so a spreadsheet shows it as text instead of running it (OWASP "CSV injection").
 * Numbers, and text that is exactly a decimal number such as "-0.05", are left as they are.
 */
import { stringify } from 'csv-stringify/sync';
import type { Row } from '../../domain/ledger/csv-rows.ts';
import type { HttpEvent, Reply } from '../../http/handler.ts';

export const CSV_TYPE = 'text/csv; charset=utf-8';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** One cell as written: the guard applied to text, empty for an absent value. */
export function csvCell(value: string | number | undefined): string | number {
  if (value === undefined) return '';
  if (typeof value === 'number') return value;
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Every record has as many fields as the header (RFC 4180): shorter rows end in empty cells. */
export function toCsv(rows: readonly Row[]): string {
  const width = Math.max(0, ...rows.map((row) => row.length));
  return stringify(
    rows.map((row) => Array.from({ length: width }, (_, i) => csvCell(row[i]))),
    { record_delimiter: 'windows' },
  );
}

/** The q-value of `type` in an Accept header (0 when absent). */
function quality(accept: string, type: string): { q: number; at: number } {
  const parts = accept.split(',').map((p) => p.trim().toLowerCase());
  const at = parts.findIndex((p) => p.split(';')[0]?.trim() === type);
  if (at < 0) return { q: 0, at };
  const q = /;\s*q=([0-9.]+)/.exec(parts[at] ?? '')?.[1];
  return { q: q === undefined ? 1 : Number(q), at };
}

/**
 * True when the caller asks for CSV: `text/csv` in Accept, not outranked by `application/json` (a tie goes to the
 * one listed first). JSON stays the default.
 */
export function wantsCsv(event: Pick<HttpEvent, 'headers'>): boolean {
  const accept = event.headers?.accept;
  if (!accept) return false;
  const csv = quality(accept, 'text/csv');
  if (csv.q <= 0) return false;
  const json = quality(accept, 'application/json');
  return csv.q > json.q || (csv.q === json.q && (json.at < 0 || csv.at < json.at));
}

/** A 200 CSV download named `filename` (ASCII letters, digits, dots and dashes only). */
export function csvReply(rows: readonly Row[], filename: string, headers: Record<string, string> = {}): Reply {
  return {
    statusCode: 200,
    raw: toCsv(rows),
    headers: {
      'content-type': CSV_TYPE,
      'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      ...headers,
    },
  };
}
