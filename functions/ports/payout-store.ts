/**
 * The payout's writes on a refund. Each one is conditional on the state it expects, so a retried step or a
 * duplicate webhook finds its condition false and changes nothing; the caller then re-reads and decides again.
 */
import type { Payout, Refund, TimelineEvent } from '../domain/refund.ts';

export interface PayoutStore {
  /**
   * APPROVED → PAYOUT_PENDING with the payout (method, amount, promisedBy), a timeline event and the
   * outstanding-payout index keys. False when the refund is no longer APPROVED or already has a payout.
   */
  recordPayout(refund: Refund, payout: Payout, event: TimelineEvent): Promise<boolean>;
  /** Records the provider's acceptance (sentAt, providerRef) once. True when this call recorded it. */
  markSent(refund: Refund, sent: { sentAt: string; providerRef: string }): Promise<boolean>;
  /**
   * PAYOUT_PENDING/PAYOUT_FAILED → REFUNDED with the settlement, unless already settled; removes the
   * outstanding-payout keys and, in the same transaction, counts the refund's lines as refunded on the order (their
   * units and amounts stay held: they are paid).
   */
  settle(
    refund: Refund,
    patch: { settledAt: string; settledAmount: number; providerRef: string; flags: string[] },
    event: TimelineEvent,
  ): Promise<boolean>;
  /** PAYOUT_PENDING → PAYOUT_FAILED for the current attempt, unless settled or failed already. */
  fail(
    refund: Refund,
    patch: { failedAt: string; failureReason: string; providerRef: string },
    event: TimelineEvent,
  ): Promise<boolean>;
  /** Adds a flag (e.g. SETTLED_TWICE) to the payout once. */
  flag(refundId: string, flag: string, at: string): Promise<void>;
}
