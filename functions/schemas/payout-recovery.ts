/** Contracts of the payout recovery routes: finance's retry and the buyer's switch to the platform balance. */
import * as z from 'zod/mini';
import { STATUSES } from '../domain/vocabulary.ts';
import { id } from './common.ts';

/** `POST /v1/refunds/{refundId}/payout-destination`: only the platform balance can be chosen after a failure. */
export const payoutDestinationSchema = z.strictObject({ destination: z.enum(['BALANCE']) });
export type PayoutDestinationBody = z.infer<typeof payoutDestinationSchema>;

/** What a recovery did (functions/app/payout-recovery.ts `RecoveryResult`). */
export const payoutRecoverySchema = z.object({
  refundId: id(),
  status: z.enum(STATUSES),
  /**
   * SETTLED: the provider had paid the original attempt, the refund is settled and nothing was sent.
   * AWAITING_PROVIDER: the provider still holds the original attempt; the refund waits for its webhook, nothing sent.
   * RESENT: no attempt could pay any more; a new one was sent under the same idempotency key (the refund id).
   * SEND_FAILED: the new attempt was not accepted; the refund is PAYOUT_FAILED again and can be recovered again.
   */
  outcome: z.enum(['SETTLED', 'AWAITING_PROVIDER', 'RESENT', 'SEND_FAILED']),
  /** The attempt the refund now follows, when known. */
  providerRef: z.optional(z.string()),
  /** Attempts started at the provider for this refund. */
  attempts: z.int(),
});
