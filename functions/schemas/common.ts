/** Building blocks shared by the contract schemas. zod/mini keeps Lambda bundles small (docs/benchmarks.md measures it). */
import * as z from 'zod/mini';

/** Identifiers: printable, URL-safe, bounded. */
export const id = () => z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9._:-]+$/));
/** Money in integer minor units; positive and below 10^12 (10 billion in major units). */
export const minorUnits = () => z.int().check(z.minimum(0), z.maximum(1_000_000_000_000));
export const positiveMinorUnits = () => z.int().check(z.minimum(1), z.maximum(1_000_000_000_000));
export const currency = () => z.string().check(z.regex(/^[A-Z]{3}$/));
export const isoTime = () => z.iso.datetime();
/**
 * Whether `s` has a control character (C0, DEL or C1: U+0085 breaks lines, U+009B starts terminal escapes) other than
 * those `allowed`.
 */
export function hasControlCharacters(s: string, allowed = '\n'): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && !allowed.includes(s[i] ?? '')) return true;
  }
  return false;
}

/** Free text a person typed: no control characters except newline, bounded. */
export const text = (max: number) =>
  z.string().check(
    z.maxLength(max),
    z.refine((s) => !hasControlCharacters(s), 'must not contain control characters'),
    z.refine((s) => s.isWellFormed(), 'must be well-formed Unicode'),
  );

/** One line a person typed (a name, an address): no control characters at all, newline included, bounded. */
export const line = (max: number) =>
  z.string().check(
    z.maxLength(max),
    z.refine((s) => !hasControlCharacters(s, ''), 'must be one line without control characters'),
    z.refine((s) => s.isWellFormed(), 'must be well-formed Unicode'),
  );

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.optional(z.unknown()) }),
});

/**
 * A page size in a query string: a string of digits 1..max (query values are strings), documented in OpenAPI as
 * the integer it is.
 */
export const pageLimit = (max: 100 | 500) => {
  const schema = z.string().check(z.regex(max === 100 ? /^(?:[1-9]\d?|100)$/ : /^(?:[1-9]\d?|[1-4]\d\d|500)$/));
  DOCUMENTED_AS.set(schema, { type: 'integer', minimum: 1, maximum: max });
  return schema;
};

/** JSON Schema the OpenAPI document shows instead of a schema's own (see pageLimit). */
export const DOCUMENTED_AS = new WeakMap<object, Record<string, unknown>>();
