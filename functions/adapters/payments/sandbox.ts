/**
 * Sandbox payment provider: behaves like a real one (idempotent on refundId, accepts now and settles later by a signed
 * webhook) and misbehaves on purpose, at configurable rates: transient send errors, failed payouts, settled amounts
 * that differ, duplicate and late webhooks, an old attempt's FAILED arriving after the new attempt's SETTLED.
 * Deterministic for a seed. State is in memory and inspectable (`attempts`, `stats`, `deliveries`).
 */
import { signWebhook } from '../../domain/payout/signature.ts';
import {
  type PaymentProvider,
  type PayoutQuery,
  type ProviderPayoutStatus,
  ProviderRejected,
  ProviderTimeout,
  ProviderUnavailable,
  type SendPayoutRequest,
  type SendPayoutResult,
} from '../../ports/payment-provider.ts';
import { mulberry32, type Prng } from './prng.ts';
import {
  planAttempt,
  resolveBehaviour,
  type SandboxAttempt,
  type SandboxBehaviour,
  type SandboxOptions,
  type SandboxStats,
  webhookBody,
} from './sandbox-config.ts';
import { type DeliveryRecord, type WebhookDelivery, WebhookQueue } from './webhook-queue.ts';

export type { MsRange, SandboxAttempt, SandboxJournal, SandboxOptions, SandboxStats } from './sandbox-config.ts';
export type { DeliveryRecord, WebhookDelivery } from './webhook-queue.ts';

/** The sandbox provider; see the module comment. */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name: string;
  readonly stats: SandboxStats = {
    sends: 0,
    accepted: 0,
    duplicates: 0,
    timeouts: 0,
    unavailable: 0,
    ambiguousTimeouts: 0,
  };
  private readonly byRefund = new Map<string, SandboxAttempt[]>();
  private readonly rng: Prng;
  private readonly queue: WebhookQueue;
  private o: SandboxBehaviour;
  private readonly journal: SandboxOptions['journal'];

  constructor(options: SandboxOptions) {
    if (!options.secret) throw new RangeError('sandbox needs a webhook secret');
    this.name = options.name ?? 'sandbox';
    this.rng = mulberry32(options.seed ?? 1);
    this.o = resolveBehaviour(options);
    this.journal = options.journal;
    // What an earlier run accepted: its webhooks died with it (the monitor asks `status` about them), but a send
    // for the same refund is a duplicate, as it would be at a real provider.
    for (const attempt of this.journal?.load() ?? []) {
      this.byRefund.set(attempt.refundId, [...(this.byRefund.get(attempt.refundId) ?? []), attempt]);
      this.stats.accepted++;
    }
    const secret = options.secret;
    this.queue = new WebhookQueue({
      mode: this.o.mode,
      clock: options.clock ?? Date.now,
      startMs: Date.parse(options.startAt ?? '2026-01-05T02:00:00.000Z'),
      sign: (body, nowMs) => signWebhook(body, secret, Math.floor(nowMs / 1000)),
      ...(options.deliver ? { deliver: options.deliver } : {}),
      maxDeliveryAttempts: this.o.maxDeliveryAttempts,
      backoffMs: this.o.redeliveryBackoffMs,
    });
  }

  /** Idempotent on refundId; a new attempt only after the latest one has FAILED. See the port for the contract. */
  async send(req: SendPayoutRequest): Promise<SendPayoutResult> {
    this.stats.sends++;
    if (this.rng.chance(this.o.transientErrorRate)) {
      const timeout = this.rng.chance(0.5);
      if (!timeout) {
        this.stats.unavailable++;
        throw new ProviderUnavailable('sandbox: 503 Service Unavailable');
      }
      this.stats.timeouts++;
      if (this.rng.chance(this.o.ambiguousTimeoutShare)) {
        this.accept(req);
        this.stats.ambiguousTimeouts++;
      }
      throw new ProviderTimeout('sandbox: no answer within the timeout');
    }
    return this.accept(req);
  }

  /** The provider's view of the latest attempt at the current (virtual) time (tests may ask by refund id alone). */
  async status(query: PayoutQuery | string): Promise<ProviderPayoutStatus | undefined> {
    const refundId = typeof query === 'string' ? query : query.refundId;
    const latest = this.byRefund.get(refundId)?.at(-1);
    if (!latest) return undefined;
    const done = this.queue.now() >= latest.settleAtMs;
    const base = { refundId, providerRef: latest.providerRef, amount: latest.amount };
    if (!done) return { ...base, state: 'PENDING' };
    const at = new Date(latest.settleAtMs).toISOString();
    if (latest.outcome === 'FAILED') return { ...base, state: 'FAILED', at };
    return { ...base, state: 'SETTLED', settledAmount: latest.settledAmount, at };
  }

  /**
   * Changes the fault injection from now on (tests: fail the first payout, then let the recovery's attempt settle);
   * attempts already accepted keep the outcome decided when they were accepted.
   */
  setFaults(
    faults: Partial<
      Pick<
        SandboxOptions,
        'failureRate' | 'transientErrorRate' | 'ambiguousTimeoutShare' | 'latencyMs' | 'staleReplayRate'
      >
    >,
  ): void {
    this.o = resolveBehaviour({ ...this.o, ...faults, secret: 'unused' });
  }

  /** All attempts (of one refund, or of all), oldest first. */
  attempts(refundId?: string): readonly SandboxAttempt[] {
    if (refundId !== undefined) return this.byRefund.get(refundId) ?? [];
    return [...this.byRefund.values()].flat();
  }

  /** Every webhook delivery made so far, in order. */
  get deliveries(): readonly DeliveryRecord[] {
    return this.queue.log;
  }

  /** Wires where webhooks go (e.g. `httpWebhookDelivery(url)` once the local server listens). */
  setDelivery(deliver: WebhookDelivery): void {
    this.queue.setDelivery(deliver);
  }

  /** Manual mode: step the virtual clock, delivering what is due. */
  advance(ms: number): Promise<number> {
    return this.queue.advance(ms);
  }

  /** Manual mode: deliver everything still queued. */
  drain(): Promise<number> {
    return this.queue.drain();
  }

  /** Webhooks still queued. */
  pendingWebhooks(): number {
    return this.queue.pending();
  }

  /** The sandbox clock (virtual in manual mode), ms since epoch. */
  now(): number {
    return this.queue.now();
  }

  /** Stops timers and drops queued webhooks. */
  close(): void {
    this.queue.close();
  }

  private accept(req: SendPayoutRequest): SendPayoutResult {
    if (!Number.isSafeInteger(req.amount) || req.amount <= 0)
      throw new ProviderRejected(`sandbox: bad amount ${req.amount}`);
    if (!/^[A-Z]{3}$/.test(req.currency)) throw new ProviderRejected(`sandbox: bad currency ${req.currency}`);
    const history = this.byRefund.get(req.refundId) ?? [];
    const latest = history.at(-1);
    if (latest && (latest.amount !== req.amount || latest.currency !== req.currency)) {
      throw new ProviderRejected(`sandbox: refund ${req.refundId} was sent with another amount or currency`);
    }
    const now = this.queue.now();
    if (latest && !(latest.outcome === 'FAILED' && now >= latest.settleAtMs)) {
      this.stats.duplicates++;
      return { providerRef: latest.providerRef, acceptedAt: latest.acceptedAt, duplicate: true };
    }
    const attempt = planAttempt(this.rng, this.o, req, {
      attempt: history.length + 1,
      seq: this.stats.accepted + 1,
      now,
    });
    this.journal?.append(attempt);
    history.push(attempt);
    this.byRefund.set(req.refundId, history);
    this.stats.accepted++;
    this.schedule(attempt, latest);
    return { providerRef: attempt.providerRef, acceptedAt: attempt.acceptedAt, duplicate: false };
  }

  private schedule(a: SandboxAttempt, previous: SandboxAttempt | undefined): void {
    const r = this.rng;
    const body = webhookBody(a);
    this.queue.enqueue(body, a.settleAtMs, 'FIRST');
    if (r.chance(this.o.duplicateRate)) {
      this.queue.enqueue(
        body,
        a.settleAtMs + r.int(this.o.duplicateDelayMs.min, this.o.duplicateDelayMs.max),
        'DUPLICATE',
      );
    }
    if (previous && a.outcome === 'SETTLED' && r.chance(this.o.staleReplayRate)) {
      this.queue.enqueue(
        webhookBody(previous),
        a.settleAtMs + r.int(1, Math.max(1, this.o.duplicateDelayMs.max)),
        'STALE_REPLAY',
      );
    }
  }
}
