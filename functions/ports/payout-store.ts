/**
 * The payout's writes on a refund. Each one is conditional on the state it expects, so a retried step or a
 * duplicate webhook finds its condition false and changes nothing; the caller then re-reads and decides again.
 */
import type { PayoutMethod } from '../domain/payout/promise.ts';
import type { Decision, Payout, Refund, TimelineEvent } from '../domain/refund.ts';
import type { Destination, IsoTime } from '../domain/vocabulary.ts';

/** How a recovery takes a failed payout back (functions/app/payout-recovery.ts). */
export type PayoutRecovery =
  /** The provider still holds an accepted attempt (PENDING): keep it, record its providerRef, wait for its webhook. */
  | { mode: 'AWAIT'; providerRef: string; sentAt: IsoTime }
  /**
   * A new attempt will be sent: `sentAt`/`providerRef` cleared, the old providerRef moved to `supersededRefs`,
   * `attempts` + 1; `to` moves the payout to another destination (the buyer's switch to the platform balance).
   */
  | { mode: 'RESEND'; to?: { destination: Destination; method: PayoutMethod; promisedBy: IsoTime } };

export interface PayoutStore {
  /**
   * APPROVED → PAYOUT_PENDING with the payout (method, amount, promisedBy), a timeline event and the
   * outstanding-payout index keys. False when the refund is no longer APPROVED or already has a payout.
   */
  recordPayout(refund: Refund, payout: Payout, event: TimelineEvent): Promise<boolean>;
  /**
   * Records the provider's acceptance (sentAt, providerRef) once. True when this call recorded it and the payout is
   * still pending: the send is news for the buyer. False when it was recorded before, or when the provider's webhook
   * settled or failed the payout first (the send is still recorded; the buyer was told what came of it).
   */
  markSent(refund: Refund, sent: { sentAt: string; providerRef: string }): Promise<boolean>;
  /**
   * PAYOUT_PENDING/PAYOUT_FAILED → REFUNDED with the settlement, unless already settled; removes the
   * outstanding-payout keys, and counts the refund's lines as refunded on the order, once per refund (their units
   * and amounts stay held: they are paid). The order is counted first: if the refund's write then fails or never
   * happens, the refund is still outstanding and whoever settles it next finds the order counted. With
   * `unchangedSince`, only while the refund's `updatedAt` is still that (a payout recovery settling from what it
   * read: of concurrent recoveries, one acts), and the order only with it.
   */
  settle(
    refund: Refund,
    patch: { settledAt: string; settledAmount: number; providerRef: string; flags: string[] },
    event: TimelineEvent,
    unchangedSince?: string,
  ): Promise<boolean>;
  /** PAYOUT_PENDING → PAYOUT_FAILED for the current attempt, unless settled or failed already. */
  fail(
    refund: Refund,
    patch: { failedAt: string; failureReason: string; providerRef: string },
    event: TimelineEvent,
  ): Promise<boolean>;
  /** Adds a flag (e.g. SETTLED_TWICE) to the payout once. */
  flag(refundId: string, flag: string, at: string): Promise<void>;
  /**
   * PAYOUT_FAILED → PAYOUT_PENDING for a recovery, with the timeline event and `decision` appended to the refund's
   * decisions (its current `decision` stays the approval). Conditional on the refund being exactly as `refund` was
   * read (status PAYOUT_FAILED, same `updatedAt`, not settled): of concurrent recoveries (finance retries, the
   * buyer's switch) exactly one gets true; the others, and a refund that moved on meanwhile, get false.
   */
  reopen(refund: Refund, recovery: PayoutRecovery, event: TimelineEvent, decision: Decision): Promise<boolean>;
  /** Appends `decision` to the refund's decisions (history), leaving its current `decision` alone. */
  recordDecision(refundId: string, decision: Decision): Promise<void>;
  /**
   * Outstanding payouts still PAYOUT_PENDING (the sparse outstanding-payout index) promised before `now`, earliest
   * promise first, at most `limit`; `more` counts late ones left for a later run (at least that many: the read is
   * bounded).
   */
  latePayouts(now: IsoTime, limit: number): Promise<{ refunds: Refund[]; more: number }>;
}
