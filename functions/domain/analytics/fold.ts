/**
 * Refund analytics, folding side: how counted events reach the counters (issue 18: the analytics were 40 of the instant
 * path's 79 write units, each event a transaction of its marker and nine counters at twice their size).
 *
 * Counting an event writes one small tally into a time slot. A scheduled fold adds the tallies of the slots that have
 * closed to the counters, each counter once per fold however many events touched it: at volume a counter's write is
 * shared by every event of the fold. The figures trail the events by at most a slot, the grace and the fold's
 * interval (a minute and a half deployed).
 *
 * Which slot, and how a redelivered event is counted once (`onTimeSlot`):
 * - An event counted within ON_TIME_MS of the end of the slot it occurred in (nearly all: the stream, the pipe and
 *   the bus take about a second) is filed under that slot, keyed by its id: the same event always has the same key,
 *   so one conditional put (absent only) counts it once however often it is delivered (1 write unit).
 * - An event counted later (a backlog, an outage, a replay from the archive) is filed under the slot it is counted
 *   in, which has not closed, with a marker keyed by its id, in one transaction that also checks its own slot's key
 *   is absent: it is counted once whether it was counted on time before or late before (6 write units: each of the
 *   three is billed twice in a transaction; rare).
 *
 * Exactly once, without a lock:
 * - A slot is folded only once it is closed: its end plus GRACE_MS is past, longer than the counting function may
 *   run (its Lambda timeout is 10 s), so no tally can still land in it.
 * - A fold takes a range of closed slots and records it (the progress item's `pending`) before it adds anything, so
 *   whoever folds next (a retry after a crash, a concurrent run) folds exactly that range, whose tallies are fixed.
 * - Each counter records the last range added to it (`folded`, the range's last slot): adding a range to a counter
 *   that already has it, or a later one, changes nothing. Ranges are taken in order, so a counter that has a later
 *   range already had this one.
 * Pure: the DynamoDB adapter stores and reads what this computes (adapters/dynamodb/analytics-store.ts).
 */
import { ANALYTICS_COUNTS, type EventTally } from './tally.ts';

/** A slot is this long: tallies are filed under the slot they were counted in. */
export const SLOT_MS = 10_000;
/**
 * A slot is folded only this long after it ends. Three times the counting function's Lambda timeout
 * (infra/constructs/refund-events.ts), so a tally written by an invocation that started in the slot has landed.
 */
export const GRACE_MS = 30_000;
/**
 * An event is filed under the slot it occurred in only if it is counted at most this long after that slot's end: its
 * tally then lands, within the counting function's 10 s timeout, still 10 s before the slot closes (GRACE_MS).
 */
export const ON_TIME_MS = 10_000;
/** At most this many slots (an hour) are folded together, so a fold catching up holds an hour's tallies at most. */
export const MAX_FOLD_SLOTS = 360;
/** The first fold ever looks back this far (a day) for tallies counted before it ran. */
export const FIRST_FOLD_LOOKBACK_SLOTS = 8_640;

/**
 * A tally is deleted by DynamoDB's TTL this long after it was counted: long after its fold (a minute and a half), long
 * enough for a fold stopped by an outage to catch up.
 */
export const TALLY_KEPT_DAYS = 30;

/** The slot a time falls in. */
export const slotOf = (ms: number): number => Math.floor(ms / SLOT_MS);

/** The slot an event that occurred at `occurredAt` is filed under when counted at `now`; undefined when it is late. */
export function onTimeSlot(occurredAt: Date, now: Date): number | undefined {
  const slot = slotOf(occurredAt.getTime());
  return now.getTime() <= (slot + 1) * SLOT_MS + ON_TIME_MS ? slot : undefined;
}

/** The last slot whose end plus the grace is past at `now`: every tally of it, and of those before, has landed. */
export const lastClosedSlot = (now: Date): number => Math.floor((now.getTime() - GRACE_MS) / SLOT_MS) - 1;

/** Where folding stands: the first slot not yet folded, and the range being folded, if one was taken. */
export interface FoldProgress {
  next: number;
  /** The last slot of the range [next, pending] a fold took and has not finished. */
  pending?: number | undefined;
}

/** The range the next fold adds: the one taken and unfinished, or the closed slots from `next` (at most an hour). */
export function foldRange(progress: FoldProgress, now: Date): { from: number; to: number } | undefined {
  if (progress.pending !== undefined) return { from: progress.next, to: progress.pending };
  const closed = lastClosedSlot(now);
  if (progress.next > closed) return undefined;
  return { from: progress.next, to: Math.min(closed, progress.next + MAX_FOLD_SLOTS - 1) };
}

/** One counter item: whose (platform-wide, or a merchant's own), which dimension, day and group. */
export interface CounterKey {
  merchantId?: string | undefined;
  dimension: EventTally['groups'][number]['dimension'];
  day: string;
  group: string;
}

/** What a fold adds to one counter: attribute name (a count, `d<i>` or `m<i>` for a histogram bucket) → amount. */
export interface CounterDelta extends CounterKey {
  add: Record<string, number>;
}

const keyOf = (k: CounterKey) => `${k.merchantId ?? ''}\u0000${k.dimension}\u0000${k.day}\u0000${k.group}`;

/**
 * The tallies summed per counter: each group platform-wide, and in the merchant's own scope except the merchant
 * dimension (a merchant's own item there is the platform's, read by its key). Counters nothing adds to are left out.
 */
export function counterDeltas(tallies: readonly EventTally[]): CounterDelta[] {
  const deltas = new Map<string, CounterDelta>();
  const addTo = (key: CounterKey, name: string, value: number) => {
    if (!value) return;
    const id = keyOf(key);
    const delta = deltas.get(id) ?? { ...key, add: {} };
    delta.add[name] = (delta.add[name] ?? 0) + value;
    deltas.set(id, delta);
  };
  for (const tally of tallies) {
    for (const group of tally.groups) {
      const scopes = group.dimension === 'merchant' ? [undefined] : [undefined, tally.merchantId];
      for (const merchantId of scopes) {
        const key = {
          ...(merchantId === undefined ? {} : { merchantId }),
          dimension: group.dimension,
          day: tally.day,
          group: group.key,
        };
        for (const name of ANALYTICS_COUNTS) addTo(key, name, group.add[name] ?? 0);
        if (group.decisionBucket !== undefined) addTo(key, `d${group.decisionBucket}`, 1);
        if (group.moneyBucket !== undefined) addTo(key, `m${group.moneyBucket}`, 1);
      }
    }
  }
  return [...deltas.values()].filter((d) => Object.keys(d.add).length > 0);
}
