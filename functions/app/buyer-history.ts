/**
 * The buyer's refund history (and how many orders it is out of) the risk score reads, gathered one way for the refund options, the application's
 * admission and the assessment, so the three see the same buyer. A refund being assessed is left out of its own
 * history (`exclude`); an application that was refused was never written, so it counts nowhere.
 */
import { type BuyerHistory, buyerHistoryOf, historySince } from '../domain/offer.ts';
import type { IsoTime } from '../domain/vocabulary.ts';
import type { Ports } from '../ports/index.ts';

export async function buyerHistory(
  deps: Pick<Ports, 'store'>,
  userId: string,
  now: IsoTime,
  exclude?: string,
): Promise<BuyerHistory> {
  const since = historySince(now);
  // Read side by side: the application waits for both, not one after the other.
  const [refunds, orders] = await Promise.all([
    deps.store.recentRefunds(userId, since),
    deps.store.recentOrderCount(userId, since),
  ]);
  return buyerHistoryOf(
    refunds.filter((r) => r.refundId !== exclude),
    now,
    orders,
  );
}
