/**
 * The merchant scorecard's counters (functions/domain/scorecard): one record per merchant and China month, each
 * change an atomic increment where the change happens, so reading a period is a few key reads and listing every
 * merchant of a month is one paginated query. Nothing is ever scanned or recomputed.
 */
import type { CountName, Month, ScorecardCounts } from '../domain/scorecard/index.ts';
import type { MerchantStatOutcome } from './review-store.ts';

export interface MerchantMonth {
  merchantId: string;
  month: Month;
  counts: ScorecardCounts;
}

export interface ScorecardStore {
  /**
   * Adds one to `count` in the merchant's month; an answer also files its response time in the histogram. With
   * `stat`, the same write counts it in the merchant's statistics (./review-store.ts MerchantStatsStore), the
   * response time included.
   */
  add(
    merchantId: string,
    month: Month,
    count: CountName,
    responseSeconds?: number,
    stat?: MerchantStatOutcome,
  ): Promise<void>;
  /** The merchant's counts for each of `months`, in order (zeros for a month with nothing counted). */
  get(merchantId: string, months: readonly Month[]): Promise<ScorecardCounts[]>;
  /** The merchants with anything counted in `month`, by merchant id, a page at a time. */
  list(month: Month, page: { limit: number; cursor?: string }): Promise<{ items: MerchantMonth[]; cursor?: string }>;
}
