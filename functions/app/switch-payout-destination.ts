/**
 * After PAYOUT_FAILED, the buyer moves the money to the platform balance
 * (`POST /v1/refunds/{refundId}/payout-destination` `{ "destination": "BALANCE" }`). Paid once, whatever else
 * happens: the switch is allowed only while the refund is PAYOUT_FAILED **and** the provider confirms that no attempt
 * can still pay (its latest attempt FAILED, or it never accepted one); it is the same conditional write as finance's
 * retry (exactly one of them wins); and the balance credit is sent under the same idempotency key. A late SETTLED of
 * the replaced attempt is still recorded, flagged SETTLED_TWICE if the balance was credited too (app/payout-recovery.ts).
 */
import type { Actor } from '../domain/actor.ts';
import { Conflict } from '../domain/errors.ts';
import { CN_MAINLAND_CALENDAR } from '../domain/payout/calendar.ts';
import { promisedArrival } from '../domain/payout/promise.ts';
import { refundFor } from './access.ts';
import {
  askProvider,
  type RecoverPayoutDeps,
  type RecoveryResult,
  requireFailed,
  resend,
  settleFromProvider,
} from './payout-recovery.ts';

export type PayoutDestinationChoice = 'BALANCE';

export async function switchPayoutDestination(
  deps: RecoverPayoutDeps,
  actor: Actor,
  refundId: string,
  destination: PayoutDestinationChoice,
): Promise<RecoveryResult> {
  const refund = requireFailed(await refundFor(deps, actor, refundId));
  if (refund.payout.method === destination) {
    throw new Conflict('ALREADY_BALANCE', 'this refund is already paid to the platform balance');
  }
  const { known, status } = await askProvider(deps, refund);
  // The money arrived the original way after all: settle it, switch nothing.
  if (status?.state === 'SETTLED') return settleFromProvider(deps, actor, refund, status);
  if (status?.state === 'PENDING') {
    throw new Conflict('PAYOUT_STILL_PENDING', 'the original payout may still arrive; try again later', {
      providerRef: status.providerRef,
    });
  }
  // Never accepted is only believable when we know of no accepted attempt either.
  const confirmed = status?.state === 'FAILED' || (known && !status && !refund.payout.providerRef);
  if (!confirmed) {
    throw new Conflict('PROVIDER_STATUS_UNKNOWN', 'the payment provider cannot confirm the original payout failed');
  }
  const now = deps.clock.now().toISOString();
  const { promisedBy } = promisedArrival(destination, now, CN_MAINLAND_CALENDAR);
  return resend(deps, actor, refund, status, {
    recovery: { mode: 'RESEND', to: { destination, method: destination, promisedBy } },
    outcome: 'SWITCH_TO_BALANCE',
    detailCode: 'PAYOUT_SWITCHED_TO_BALANCE',
  });
}
