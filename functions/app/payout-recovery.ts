/**
 * What finance's retry (app/retry-payout.ts) and the buyer's switch to the platform balance
 * (app/switch-payout-destination.ts) share: a refund in PAYOUT_FAILED is recovered at most once, and never paid twice.
 *
 * - **The provider first.** Before anything is written or sent, the provider is asked about the refund's latest
 *   attempt (`payments.status`, keyed by the refund id). SETTLED: the money arrived, so the refund is settled through
 *   the webhook's own settlement (app/settle-payout.ts), nothing is sent. PENDING: the attempt may still pay, so the
 *   refund waits for its webhook. FAILED (or never accepted): a new attempt may be sent.
 * - **One winner.** Leaving PAYOUT_FAILED is one conditional write on the refund exactly as it was read
 *   (`payouts.reopen`: status PAYOUT_FAILED and the same `updatedAt`), so of concurrent retries and switches exactly
 *   one acts; the others get 409 RECOVERY_CONFLICT and change nothing. Only the winner sends.
 * - **Same idempotency key.** The new attempt is sent by app/pay-out.ts under the refund id, as the first one was: a
 *   provider that still holds a pending or settled attempt answers with it (`duplicate`) and moves no money.
 * - **Late callbacks.** The replaced attempt's providerRef goes to `payout.supersededRefs`: its late FAILED changes
 *   nothing; a late SETTLED settles the refund if nothing else did, or is recorded as SETTLED_TWICE (ledger entry,
 *   flag, the monitor's DUPLICATE_PAYOUT alert) if money moved twice at the provider.
 */
import type { Actor } from '../domain/actor.ts';
import { Conflict } from '../domain/errors.ts';
import { ledgerEntry } from '../domain/ledger/entry.ts';
import type { PayoutMethod } from '../domain/payout/promise.ts';
import type { Decision, Refund } from '../domain/refund.ts';
import type { DetailCode, RefundStatus } from '../domain/vocabulary.ts';
import { logger } from '../observability/logger.ts';
import type { Ports } from '../ports/index.ts';
import { ProviderError, type ProviderPayoutStatus } from '../ports/payment-provider.ts';
import type { PayoutRecovery } from '../ports/payout-store.ts';
import { type PayOutDeps, payOut } from './pay-out.ts';
import { recordPayoutFailure } from './record-payout-failure.ts';
import { settlePayout } from './settle-payout.ts';

export type RecoverPayoutDeps = PayOutDeps;

/** What a recovery did: settled from the provider's record, waits for the original attempt, or sent a new one. */
export type RecoveryOutcome = 'SETTLED' | 'AWAITING_PROVIDER' | 'RESENT' | 'SEND_FAILED';

export interface RecoveryResult {
  refundId: string;
  status: RefundStatus;
  outcome: RecoveryOutcome;
  /** The attempt the refund now follows, when known. */
  providerRef?: string;
  /** Attempts started at the provider for this refund. */
  attempts: number;
}

/** 409 for a refund that is not (or no longer) in PAYOUT_FAILED. */
export function notFailed(refund: Refund): Conflict {
  return new Conflict('PAYOUT_NOT_FAILED', `only a refund in PAYOUT_FAILED can be recovered (it is ${refund.status})`, {
    status: refund.status,
  });
}

/** 409 for the losers of a recovery race. */
export function lostRace(refundId: string): Conflict {
  return new Conflict(
    'RECOVERY_CONFLICT',
    'another recovery or the payment provider changed this payout first; read the refund again',
    { refundId },
  );
}

/** The refund in PAYOUT_FAILED with a recorded payout, or 409. */
export function requireFailed(refund: Refund): Refund & { payout: NonNullable<Refund['payout']> } {
  if (refund.status !== 'PAYOUT_FAILED') throw notFailed(refund);
  const payout = refund.payout;
  if (!payout) throw new Conflict('NO_PAYOUT_RECORDED', 'the failed refund has no payout record to recover');
  return { ...refund, payout };
}

/** The provider's record of the refund's latest attempt; undefined when it never accepted one or cannot say. */
export async function askProvider(
  deps: Pick<Ports, 'payments'>,
  refund: Refund & { payout: { method: PayoutMethod } },
) {
  if (!deps.payments.status) return { known: false as const, status: undefined };
  const query = { refundId: refund.refundId, method: refund.payout.method, orderId: refund.orderId };
  return { known: true as const, status: await deps.payments.status(query) };
}

/** A decision record for the refund's history: who recovered the payout, how, and what the provider said. */
export function recoveryDecision(
  actor: Actor,
  outcome: string,
  at: string,
  provider: ProviderPayoutStatus | undefined,
): Decision {
  return {
    kind: 'PAYOUT_RECOVERY',
    outcome,
    by: actor.role === 'buyer' ? 'BUYER' : 'SYSTEM',
    actorId: actor.sub,
    rules: [],
    inputs: {
      role: actor.role,
      providerState: provider?.state ?? 'UNKNOWN',
      ...(provider ? { providerRef: provider.providerRef } : {}),
    },
    at,
  };
}

const result = (refund: Refund, outcome: RecoveryOutcome): RecoveryResult => ({
  refundId: refund.refundId,
  status: refund.status,
  outcome,
  ...(refund.payout?.providerRef ? { providerRef: refund.payout.providerRef } : {}),
  attempts: refund.payout?.attempts ?? 1,
});

async function reread(deps: Pick<Ports, 'store'>, refund: Refund): Promise<Refund> {
  return (await deps.store.getRefund(refund.refundId, { consistent: true })) ?? refund;
}

/**
 * The attempt's SENT entry (a no-op when the payout step wrote it): an attempt accepted behind a lost answer
 * (ProviderTimeout) has none, and reconciliation pairs every SETTLED with its SENT.
 */
async function appendSent(deps: RecoverPayoutDeps, refund: Refund, provider: ProviderPayoutStatus, at: string) {
  await deps.ledger.append(
    ledgerEntry({
      refundId: refund.refundId,
      orderId: refund.orderId,
      kind: 'SENT',
      amount: provider.amount,
      currency: refund.currency,
      provider: provider.provider ?? deps.payments.name,
      method: refund.payout?.method ?? 'BALANCE',
      providerRef: provider.providerRef,
      at,
    }),
  );
}

/** The provider says the attempt settled: settle the refund as its webhook would, recording who asked. */
export async function settleFromProvider(
  deps: RecoverPayoutDeps,
  actor: Actor,
  refund: Refund,
  provider: ProviderPayoutStatus,
): Promise<RecoveryResult> {
  const now = deps.clock.now().toISOString();
  await appendSent(deps, refund, provider, refund.payout?.sentAt ?? provider.at ?? now);
  const settled = await settlePayout(
    deps,
    provider.provider ?? deps.payments.name,
    {
      providerRef: provider.providerRef,
      refundId: refund.refundId,
      status: 'SETTLED',
      amount: provider.settledAmount ?? provider.amount,
      at: provider.at ?? now,
    },
    // As read: of concurrent retries and switches only one acts (another may have just reopened it).
    { actorId: actor.sub, detailCode: 'PAYOUT_FOUND_SETTLED', facts: { by: actor.role }, asRead: refund.updatedAt },
  );
  if (settled.result !== 'APPLIED') throw lostRace(refund.refundId);
  await deps.payouts.recordDecision(refund.refundId, recoveryDecision(actor, 'SETTLED_AT_PROVIDER', now, provider));
  return result(await reread(deps, refund), 'SETTLED');
}

/** The provider still holds the attempt (PENDING): back to PAYOUT_PENDING to wait for its webhook; nothing sent. */
export async function awaitProvider(
  deps: RecoverPayoutDeps,
  actor: Actor,
  refund: Refund & { payout: NonNullable<Refund['payout']> },
  provider: ProviderPayoutStatus,
): Promise<RecoveryResult> {
  const now = deps.clock.now().toISOString();
  const sentAt = refund.payout.sentAt ?? now;
  await appendSent(deps, refund, provider, sentAt);
  const recovery: PayoutRecovery = { mode: 'AWAIT', providerRef: provider.providerRef, sentAt };
  const event = {
    at: now,
    status: 'PAYOUT_PENDING' as const,
    actor: 'SYSTEM' as const,
    actorId: actor.sub,
    detailCode: 'PAYOUT_STILL_PENDING' as const,
    facts: { by: actor.role, providerRef: provider.providerRef },
  };
  const won = await deps.payouts.reopen(
    refund,
    recovery,
    event,
    recoveryDecision(actor, 'AWAIT_PROVIDER', now, provider),
  );
  if (!won) throw lostRace(refund.refundId);
  return result(await reread(deps, refund), 'AWAITING_PROVIDER');
}

/**
 * No attempt can pay any more (FAILED, or never accepted): take the refund back to PAYOUT_PENDING (the one
 * conditional write), then send a new attempt under the same idempotency key through app/pay-out.ts. A send that
 * fails puts the refund back in PAYOUT_FAILED (SEND_FAILED), from where it can be recovered again.
 */
export async function resend(
  deps: RecoverPayoutDeps,
  actor: Actor,
  refund: Refund,
  provider: ProviderPayoutStatus | undefined,
  options: {
    recovery: PayoutRecovery & { mode: 'RESEND' };
    outcome: string;
    detailCode: DetailCode;
    facts?: Record<string, string>;
  },
): Promise<RecoveryResult> {
  const now = deps.clock.now().toISOString();
  const event = {
    at: now,
    status: 'PAYOUT_PENDING' as const,
    actor: actor.role === 'buyer' ? ('BUYER' as const) : ('SYSTEM' as const),
    actorId: actor.sub,
    detailCode: options.detailCode,
    ...(options.facts ? { facts: options.facts } : {}),
  };
  const decision = recoveryDecision(actor, options.outcome, now, provider);
  if (!(await deps.payouts.reopen(refund, options.recovery, event, decision))) throw lostRace(refund.refundId);
  try {
    await payOut(deps, refund.refundId);
  } catch (error) {
    // Back to PAYOUT_FAILED whatever broke, so the refund is never left pending with nothing sent; a later recovery
    // asks the provider first, so an attempt accepted despite the error is found, not sent again.
    const reason = error instanceof Error ? error.name : 'Error';
    logger.warn('payout recovery: the new attempt did not go through', { refundId: refund.refundId, reason });
    await recordPayoutFailure(deps, deps.payments, { refundId: refund.refundId, reason });
    if (!(error instanceof ProviderError)) throw error;
    return result(await reread(deps, refund), 'SEND_FAILED');
  }
  return result(await reread(deps, refund), 'RESENT');
}

/** 202 while the provider still has to settle (the refund is PAYOUT_PENDING), 200 when the outcome is final. */
export function recoveryStatusCode(recovery: RecoveryResult): 200 | 202 {
  return recovery.outcome === 'AWAITING_PROVIDER' || recovery.outcome === 'RESENT' ? 202 : 200;
}
