/**
 * Sizes for the reliability suite. `RELIABILITY_SCALE` (default 0.2, `npm run test:reliability` sets 1) shrinks the
 * heavy parts so that `npm test` stays quick; each test prints the figure it reached.
 */

/** The scale factor in (0, 1]; 0.2 unless `RELIABILITY_SCALE` says otherwise. */
export const SCALE = Math.min(1, Math.max(0.001, Number(process.env.RELIABILITY_SCALE ?? 0.2) || 0.2));

/** `full` at scale 1, otherwise `full × scale` but never below `floor`. */
export function sized(full: number, floor: number): number {
  return Math.max(floor, Math.round(full * SCALE));
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the order of results. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, i: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i] as T, i);
      }
    }),
  );
  return results;
}
