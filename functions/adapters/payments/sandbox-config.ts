/**
 * The sandbox provider's configuration, attempt model and the pure pieces of its behaviour (planning an attempt's
 * outcome from the seeded PRNG, the webhook body), kept apart from the stateful provider class.
 */
import type { PayoutMethod } from '../../domain/payout/promise.ts';
import type { PayoutWebhook } from '../../domain/payout/webhook.ts';
import type { Destination, IsoTime } from '../../domain/vocabulary.ts';
import type { SendPayoutRequest } from '../../ports/payment-provider.ts';
import type { Prng } from './prng.ts';
import type { WebhookDelivery } from './webhook-queue.ts';

/** Inclusive range in milliseconds. */
export interface MsRange {
  min: number;
  max: number;
}

/**
 * Where a sandbox keeps the attempts it accepted, as a provider keeps its records: a sandbox started again on the
 * same journal (a restarted `npm start` on its data folder) still dedupes a refund it paid before, instead of paying
 * it again. Appended to before `send` answers.
 */
export interface SandboxJournal {
  /** Every attempt accepted before, oldest first. */
  load(): SandboxAttempt[];
  append(attempt: SandboxAttempt): void;
}

export interface SandboxOptions {
  /** HMAC secret shared with the webhook handler. */
  secret: string;
  /** @default none: attempts are remembered by this instance only */
  journal?: SandboxJournal;
  /** Where webhooks go; can also be wired later with `setDelivery`. */
  deliver?: WebhookDelivery;
  /** @default 1 */
  seed?: number;
  /** 'manual': virtual clock stepped by `advance`/`drain` (tests). 'timers': real setTimeout (local mode). @default 'timers' */
  mode?: 'manual' | 'timers';
  /** Manual mode's virtual start time. @default '2026-01-05T02:00:00.000Z' */
  startAt?: IsoTime;
  /** Timers mode clock. @default Date.now */
  clock?: () => number;
  /** Accept → settlement webhook. @default { min: 200, max: 2000 } */
  latencyMs?: MsRange;
  /** Probability an accepted payout settles FAILED. @default 0 */
  failureRate?: number;
  /** Probability the settled amount differs from the sent amount. @default 0 */
  amountMismatchRate?: number;
  /** Probability a webhook is delivered a second time. @default 0 */
  duplicateRate?: number;
  /** Extra delay of a duplicate after the original. @default { min: 0, max: 5000 } */
  duplicateDelayMs?: MsRange;
  /** Probability that, when a re-sent attempt settles, the previous attempt's FAILED is replayed after it. @default 0 */
  staleReplayRate?: number;
  /** Probability a `send` throws ProviderTimeout or ProviderUnavailable (half each). @default 0 */
  transientErrorRate?: number;
  /** Share of timeouts where the payout was in fact accepted (the answer was lost). @default 0.5 */
  ambiguousTimeoutShare?: number;
  /** Deliveries of one webhook copy before giving up when `deliver` throws. @default 8 */
  maxDeliveryAttempts?: number;
  /** First redelivery delay, doubling. @default 1000 */
  redeliveryBackoffMs?: number;
  /** Ledger provider name. @default 'sandbox' */
  name?: string;
}

/** One attempt as the sandbox sees it; `outcome` is decided at acceptance and visible from `settleAtMs` on. */
export interface SandboxAttempt {
  refundId: string;
  providerRef: string;
  attempt: number;
  amount: number;
  currency: string;
  method: PayoutMethod;
  destination: Destination;
  acceptedAt: IsoTime;
  settleAtMs: number;
  outcome: 'SETTLED' | 'FAILED';
  /** What the provider moves if SETTLED. */
  settledAmount: number;
}

export interface SandboxStats {
  sends: number;
  accepted: number;
  duplicates: number;
  timeouts: number;
  unavailable: number;
  /** Timeouts thrown after the payout was accepted. */
  ambiguousTimeouts: number;
}

/** The options that shape behaviour, with defaults filled in. */
export type SandboxBehaviour = Required<
  Omit<SandboxOptions, 'deliver' | 'startAt' | 'clock' | 'secret' | 'seed' | 'name' | 'journal'>
>;

function rate(name: string, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`sandbox ${name} must be within [0, 1]: ${p}`);
  return p;
}

/** Fills defaults and checks rates, so a typo in local config fails at start, not in the middle of a demo. */
export function resolveBehaviour(options: SandboxOptions): SandboxBehaviour {
  return {
    mode: options.mode ?? 'timers',
    latencyMs: options.latencyMs ?? { min: 200, max: 2000 },
    failureRate: rate('failureRate', options.failureRate ?? 0),
    amountMismatchRate: rate('amountMismatchRate', options.amountMismatchRate ?? 0),
    duplicateRate: rate('duplicateRate', options.duplicateRate ?? 0),
    duplicateDelayMs: options.duplicateDelayMs ?? { min: 0, max: 5000 },
    staleReplayRate: rate('staleReplayRate', options.staleReplayRate ?? 0),
    transientErrorRate: rate('transientErrorRate', options.transientErrorRate ?? 0),
    ambiguousTimeoutShare: rate('ambiguousTimeoutShare', options.ambiguousTimeoutShare ?? 0.5),
    maxDeliveryAttempts: options.maxDeliveryAttempts ?? 8,
    redeliveryBackoffMs: options.redeliveryBackoffMs ?? 1000,
  };
}

/** Decides a new attempt's providerRef, outcome, settled amount and settlement time from the PRNG. */
export function planAttempt(
  r: Prng,
  o: SandboxBehaviour,
  req: SendPayoutRequest,
  at: { attempt: number; seq: number; now: number },
): SandboxAttempt {
  const providerRef = `sbx_${String(at.seq).padStart(6, '0')}_${r.hex8()}`;
  const outcome = r.chance(o.failureRate) ? 'FAILED' : 'SETTLED';
  let settledAmount = req.amount;
  if (r.chance(o.amountMismatchRate)) {
    const delta = r.int(1, Math.max(1, Math.floor(req.amount / 100)));
    settledAmount = r.chance(0.5) || req.amount - delta < 0 ? req.amount + delta : req.amount - delta;
  }
  const settleAtMs = at.now + r.int(o.latencyMs.min, o.latencyMs.max);
  const { refundId, amount, currency, method, destination } = req;
  const acceptedAt = new Date(at.now).toISOString();
  return {
    ...{ refundId, providerRef, attempt: at.attempt, amount, currency, method, destination },
    ...{ acceptedAt, settleAtMs, outcome, settledAmount },
  };
}

/** The docs/api.md webhook body for an attempt's outcome, serialised once so every copy is byte-identical. */
export function webhookBody(a: SandboxAttempt): string {
  const event: PayoutWebhook = {
    providerRef: a.providerRef,
    refundId: a.refundId,
    status: a.outcome,
    amount: a.outcome === 'SETTLED' ? a.settledAmount : a.amount,
    at: new Date(a.settleAtMs).toISOString(),
    ...(a.outcome === 'FAILED' ? { reason: 'SANDBOX_FAILED' } : {}),
  };
  return JSON.stringify(event);
}
