/**
 * The merchant looks at how often and how fast they answer refund requests (the basis for rewards and penalties):
 * the counts, and the mean response time, approval rate and timeout rate derived from them (null before the first
 * answer or request). A request is a refund to decide or a returned parcel to confirm; the timeout rate is the
 * share of requests left to run out, so it stays within [0, 1].
 */
import type { Actor } from '../domain/actor.ts';
import type { Ports } from '../ports/index.ts';
import type { MerchantStats } from '../ports/review-store.ts';
import { merchantIdOf } from './access.ts';

export interface MerchantStatsView extends MerchantStats {
  meanResponseSeconds: number | null;
  approvalRate: number | null;
  timeoutRate: number | null;
}

export async function merchantStats(
  deps: Pick<Ports, 'merchantStats' | 'clock'>,
  actor: Actor,
): Promise<MerchantStatsView> {
  const stats = await deps.merchantStats.get(merchantIdOf(actor), deps.clock.now());
  const answered = stats.approved + stats.rejected;
  return {
    ...stats,
    meanResponseSeconds: answered ? Math.round(stats.responseSecondsTotal / answered) : null,
    approvalRate: answered ? stats.approved / answered : null,
    timeoutRate: stats.asked ? stats.timedOut / stats.asked : null,
  };
}
