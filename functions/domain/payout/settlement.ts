/**
 * What a provider's settlement callback does to a refund's payout. Providers deliver callbacks at least once, in any
 * order, and a re-sent payout (after a FAILED) gets a new providerRef, so an old attempt's callbacks can arrive after
 * the current one. This function decides; the caller stores the patch with a condition on the state it read, appends
 * the ledger entry and raises alerts. Pure: no clock, no I/O.
 */
import type { Payout } from '../refund.ts';
import type { IsoTime } from '../vocabulary.ts';
import type { PayoutWebhook } from './webhook.ts';

/** The payout fields settlement reads: the shared Payout record or any subset of it that carries these. */
export type PayoutState = Pick<Payout, 'amount' | 'providerRef' | 'settledAt' | 'settledAmount' | 'failedAt'> &
  Pick<Partial<Payout>, 'supersededRefs'>;

/** Problems finance must hear about (once each). */
export type SettlementFlag = 'AMOUNT_MISMATCH' | 'SETTLED_TWICE';

/** Why an event changed nothing, or the unusual path by which it did; kept for the timeline and logs. */
export type SettlementNote =
  | 'DUPLICATE'
  | 'FAILED_AFTER_SETTLED'
  | 'STALE_ATTEMPT'
  | 'SETTLED_TWICE'
  | 'SETTLED_AFTER_FAILED'
  | 'SETTLED_BY_EARLIER_ATTEMPT'
  | 'BEFORE_SEND_RECORDED';

export type SettlementDecision =
  | {
      action: 'SETTLE';
      patch: { settledAt: IsoTime; settledAmount: number; providerRef: string };
      /** settledAmount − approved amount; non-zero means AMOUNT_MISMATCH. */
      difference: number;
      flags: SettlementFlag[];
      note?: SettlementNote;
    }
  | {
      action: 'FAIL';
      patch: { failedAt: IsoTime; failureReason: string; providerRef: string };
      flags: SettlementFlag[];
      note?: SettlementNote;
    }
  | { action: 'NONE'; note: SettlementNote; flags: SettlementFlag[] };

function settle(payout: PayoutState, event: PayoutWebhook, note?: SettlementNote): SettlementDecision {
  const difference = event.amount - payout.amount;
  return {
    action: 'SETTLE',
    patch: { settledAt: new Date(event.at).toISOString(), settledAmount: event.amount, providerRef: event.providerRef },
    difference,
    flags: difference === 0 ? [] : ['AMOUNT_MISMATCH'],
    ...(note ? { note } : {}),
  };
}

function fail(event: PayoutWebhook, note?: SettlementNote): SettlementDecision {
  return {
    action: 'FAIL',
    patch: {
      failedAt: new Date(event.at).toISOString(),
      failureReason: event.reason ?? 'PROVIDER_FAILED',
      providerRef: event.providerRef,
    },
    flags: [],
    ...(note ? { note } : {}),
  };
}

const none = (note: SettlementNote, flags: SettlementFlag[] = []): SettlementDecision => ({
  action: 'NONE',
  note,
  flags,
});

/**
 * Decides the effect of `event` on `payout` (the caller has matched event.refundId to the refund):
 * - the first SETTLED settles, with AMOUNT_MISMATCH when the provider moved a different amount;
 * - a repeat of the same callback changes nothing (DUPLICATE);
 * - FAILED after a settlement changes nothing (FAILED_AFTER_SETTLED): money has arrived, a stale failure cannot undo it;
 * - SETTLED for another attempt after a settlement changes nothing but is SETTLED_TWICE: money went out twice;
 * - FAILED for an attempt other than the current one changes nothing (STALE_ATTEMPT), also while a recovery's new
 *   attempt is not recorded yet (the old one is in `supersededRefs`);
 * - FAILED for the current attempt fails the payout; whether to re-send or alert is the caller's decision;
 * - SETTLED always wins over an unsettled state, even after a FAILED or for an earlier attempt, because money moved.
 */
export function decideSettlement(payout: PayoutState, event: PayoutWebhook): SettlementDecision {
  const current = payout.providerRef;
  const sameAttempt = current === event.providerRef;

  if (payout.settledAt !== undefined) {
    if (event.status === 'FAILED') return none(sameAttempt ? 'DUPLICATE' : 'FAILED_AFTER_SETTLED');
    if (sameAttempt) return none('DUPLICATE');
    return none('SETTLED_TWICE', ['SETTLED_TWICE']);
  }

  if (event.status === 'SETTLED') {
    if (current === undefined) return settle(payout, event, 'BEFORE_SEND_RECORDED');
    if (!sameAttempt) return settle(payout, event, 'SETTLED_BY_EARLIER_ATTEMPT');
    return settle(payout, event, payout.failedAt !== undefined ? 'SETTLED_AFTER_FAILED' : undefined);
  }

  // FAILED, nothing settled yet.
  if (!sameAttempt && payout.supersededRefs?.includes(event.providerRef)) return none('STALE_ATTEMPT');
  if (current === undefined) return fail(event, 'BEFORE_SEND_RECORDED');
  if (!sameAttempt) return none('STALE_ATTEMPT');
  if (payout.failedAt !== undefined) return none('DUPLICATE');
  return fail(event);
}

/** Applies a decision to a payout record, for in-memory stores and tests; the DynamoDB adapter writes the patch. */
export function applySettlement<P extends PayoutState>(payout: P, decision: SettlementDecision): P {
  if (decision.action === 'NONE') return payout;
  return { ...payout, ...decision.patch };
}
