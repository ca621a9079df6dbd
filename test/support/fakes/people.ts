/**
 * Small in-memory ports: the notifier's sent messages, merchant response counters, merchants' return addresses and a
 * clock tests move.
 */
import type { MerchantReturnAddress, ReturnAddress } from '../../../functions/domain/return-address.ts';
import {
  type CountName,
  emptyCounts,
  type Month,
  responseBucket,
  type ScorecardCounts,
} from '../../../functions/domain/scorecard/index.ts';
import type { Clock } from '../../../functions/ports/clock.ts';
import type { Channel, Message, Notifier } from '../../../functions/ports/notifier.ts';
import type { ReturnAddressStore } from '../../../functions/ports/return-address-store.ts';
import type { MerchantStatOutcome, MerchantStats, MerchantStatsStore } from '../../../functions/ports/review-store.ts';
import type { ScorecardStore } from '../../../functions/ports/scorecard-store.ts';

export class SentMessages implements Notifier {
  readonly sent: { channel: Channel; message: Message }[] = [];
  async publish(channel: Channel, message: Message) {
    this.sent.push({ channel, message: structuredClone(message) });
  }
}

const noStats = (merchantId: string): MerchantStats => ({
  merchantId,
  asked: 0,
  approved: 0,
  rejected: 0,
  timedOut: 0,
  responseSecondsTotal: 0,
});

/** The merchants' statistics, counted by the scorecards' writes (as the DynamoDB adapters count them). */
export class InMemoryMerchantStats implements MerchantStatsStore {
  constructor(private readonly scorecards: InMemoryScorecards) {}
  async get(merchantId: string): Promise<MerchantStats> {
    return { ...(this.scorecards.stats.get(merchantId) ?? noStats(merchantId)) };
  }
}

/** Merchants' return addresses in a map (the DynamoDB adapter keeps one item per merchant). */
export class InMemoryReturnAddresses implements ReturnAddressStore {
  private readonly addresses = new Map<string, MerchantReturnAddress>();
  async get(merchantId: string) {
    const stored = this.addresses.get(merchantId);
    return stored ? { ...stored } : undefined;
  }
  async put(merchantId: string, address: ReturnAddress, at: string) {
    const stored: MerchantReturnAddress = { ...address, merchantId, updatedAt: at };
    this.addresses.set(merchantId, stored);
    return { ...stored };
  }
}

/** A clock that stands still until a test moves it. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The scorecard counters in a map, by month and merchant (the DynamoDB adapter keeps one item per pair). */
export class InMemoryScorecards implements ScorecardStore {
  readonly months = new Map<string, Map<string, ScorecardCounts>>();
  /** The merchants' statistics, counted with `stat` (InMemoryMerchantStats reads them). */
  readonly stats = new Map<string, MerchantStats>();
  async add(merchantId: string, month: Month, count: CountName, responseSeconds?: number, stat?: MerchantStatOutcome) {
    if (stat !== undefined) {
      const s = this.stats.get(merchantId) ?? noStats(merchantId);
      const field = { ASKED: 'asked', APPROVED: 'approved', REJECTED: 'rejected', TIMED_OUT: 'timedOut' } as const;
      s[field[stat]] += 1;
      if (responseSeconds !== undefined) s.responseSecondsTotal += Math.round(responseSeconds);
      this.stats.set(merchantId, s);
    }
    const merchants = this.months.get(month) ?? new Map<string, ScorecardCounts>();
    const counts = merchants.get(merchantId) ?? emptyCounts();
    counts[count] += 1;
    if (responseSeconds !== undefined) {
      const i = responseBucket(responseSeconds);
      counts.responseHistogram[i] = (counts.responseHistogram[i] ?? 0) + 1;
    }
    merchants.set(merchantId, counts);
    this.months.set(month, merchants);
  }
  async get(merchantId: string, months: readonly Month[]) {
    return months.map((m) => structuredClone(this.months.get(m)?.get(merchantId) ?? emptyCounts()));
  }
  async list(month: Month, page: { limit: number; cursor?: string }) {
    const all = [...(this.months.get(month) ?? new Map<string, ScorecardCounts>()).entries()].sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    const start = page.cursor ? all.findIndex(([id]) => id > (page.cursor ?? '')) : 0;
    const slice = start === -1 ? [] : all.slice(start, start + page.limit);
    const items = slice.map(([merchantId, counts]) => ({ merchantId, month, counts: structuredClone(counts) }));
    const more = start !== -1 && start + page.limit < all.length;
    return { items, ...(more && items.length ? { cursor: items.at(-1)?.merchantId } : {}) };
  }
}
