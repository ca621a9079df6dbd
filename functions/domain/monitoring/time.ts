/**
 * The little time arithmetic the detectors need, on ISO-8601 UTC strings (DESIGN 4). Business days are not needed
 * here: promises are already resolved to an instant (`payout.promisedBy`) by whoever made them.
 */
import type { Refund } from '../refund.ts';
import type { IsoTime } from '../vocabulary.ts';

/** Milliseconds since the epoch; throws on a string that is not a time, because a silent NaN would hide alerts. */
export function toMillis(at: IsoTime): number {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new InvalidTime(at);
  return ms;
}

/** `at` moved by `seconds` (negative goes back), as an ISO UTC string. */
export function addSeconds(at: IsoTime, seconds: number): IsoTime {
  return new Date(toMillis(at) + seconds * 1000).toISOString();
}

/** Seconds from `from` to `to` (negative when `to` is earlier). */
export function secondsBetween(from: IsoTime, to: IsoTime): number {
  return (toMillis(to) - toMillis(from)) / 1000;
}

/** The UTC calendar day of `at` (YYYY-MM-DD), used to key alerts that belong to a day. */
export function utcDay(at: IsoTime): string {
  return new Date(toMillis(at)).toISOString().slice(0, 10);
}

/**
 * When the refund entered its current status: the last timeline event's time (the timeline is append-only), or
 * `updatedAt` for a record with an empty timeline.
 */
export function enteredStatusAt(refund: Refund): IsoTime {
  return refund.timeline.at(-1)?.at ?? refund.updatedAt;
}

/** A record carried a time that cannot be read; named so callers can tell bad data from a bug. */
export class InvalidTime extends Error {
  override readonly name = 'InvalidTime';
  constructor(readonly value: string) {
    super(`not an ISO-8601 time: ${JSON.stringify(value)}`);
  }
}
