/**
 * Fixed-bucket histograms of durations (seconds): counters that can be kept as atomic ADDs in a store and summed over
 * periods, from which a percentile is read back without any single duration ever being stored. Used by the merchant
 * scorecard (response times) and refund analytics (time to decision, time to money).
 *
 * `bounds` are the buckets' upper bounds, inclusive and ascending; one more, open bucket holds anything beyond the
 * last, so a histogram has `bounds.length + 1` counts.
 */

/** Upper bounds of a histogram's buckets (seconds, inclusive, ascending). */
export type Bounds = readonly number[];

/** A histogram with nothing counted. */
export const emptyHistogram = (bounds: Bounds): number[] => bounds.map(() => 0).concat(0);

/** The bucket a value falls in (the open bucket past the last bound). */
export function bucketOf(bounds: Bounds, value: number): number {
  const i = bounds.findIndex((upper) => value <= upper);
  return i === -1 ? bounds.length : i;
}

/** Two histograms of the same bounds as one. */
export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/**
 * The `q`-quantile (0 < q ≤ 1: 0.5 the median, 0.9 the 90th percentile), interpolated linearly within the bucket
 * that holds it (its lower bound for the open bucket, which has no upper one); null when nothing is counted.
 */
export function percentileOf(bounds: Bounds, histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = total * q;
  let below = 0;
  for (let i = 0; i < histogram.length; i++) {
    const n = histogram[i] ?? 0;
    if (n > 0 && below + n >= rank) {
      const lower = i === 0 ? 0 : (bounds[i - 1] ?? 0);
      const upper = bounds[i];
      if (upper === undefined) return lower;
      return Math.round(lower + ((upper - lower) * (rank - below)) / n);
    }
    below += n;
  }
  return null;
}
