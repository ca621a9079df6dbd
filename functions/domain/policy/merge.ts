/**
 * Deep merge for policy overrides. Objects merge key by key; arrays of objects with an `id` (rules, tiers, bands)
 * merge by id, so an override can change one rule's `effect` or switch it off (`enabled: false`) without restating
 * the list (new ids are appended); any other array, and any scalar, is replaced. A rule's `when` merges too, so an
 * override can add a condition but not drop one: to loosen a rule, disable it and add a new one with its own id.
 */
import type { PolicyDocument } from './schema.ts';

/** A partial policy document, at any depth. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** What a stage (or a test) may override. */
export type PolicyOverride = DeepPartial<PolicyDocument>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.id === 'string' ? value.id : undefined;
}

function mergeArrays(base: readonly unknown[], over: readonly unknown[]): unknown[] {
  const keyed = base.every((x) => idOf(x) !== undefined) && over.every((x) => idOf(x) !== undefined);
  if (!keyed || base.length === 0) return [...over];
  const result = [...base];
  for (const item of over) {
    const at = result.findIndex((x) => idOf(x) === idOf(item));
    if (at === -1) result.push(item);
    else result[at] = deepMerge(result[at], item);
  }
  return result;
}

/** Merges `over` into `base` without mutating either; `undefined` in `over` leaves the base value. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (Array.isArray(base) && Array.isArray(over)) return mergeArrays(base, over);
  if (isRecord(base) && isRecord(over)) {
    const result: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) result[key] = deepMerge(base[key], value);
    return result;
  }
  return over;
}
