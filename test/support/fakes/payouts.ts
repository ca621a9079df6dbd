/**
 * The payout ports in memory, for use-case tests of payouts and their recovery: the PayoutStore over an
 * InMemoryRefundStore's refunds (same conditions as the DynamoDB adapter), an append-only ledger, and a payment
 * provider whose record of each refund's latest attempt the test sets.
 */
import { type LedgerEntry, ledgerEntryId } from '../../../functions/domain/ledger/entry.ts';
import type { Decision, Payout, Refund, TimelineEvent } from '../../../functions/domain/refund.ts';
import type { LedgerStore } from '../../../functions/ports/ledger.ts';
import {
  type PaymentProvider,
  type PayoutQuery,
  type ProviderPayoutStatus,
  ProviderUnavailable,
  type SendPayoutRequest,
  type SendPayoutResult,
} from '../../../functions/ports/payment-provider.ts';
import type { PayoutRecovery, PayoutStore } from '../../../functions/ports/payout-store.ts';
import type { InMemoryRefundStore } from './refund-store.ts';

type Stored = Refund & { taskToken?: string };

export class InMemoryPayoutStore implements PayoutStore {
  constructor(private readonly store: InMemoryRefundStore) {}

  private get(refundId: string): Stored | undefined {
    return this.store.refunds.get(refundId);
  }

  private change(stored: Stored, event: TimelineEvent, payout: Payout, extra: Partial<Refund> = {}): void {
    this.store.refunds.set(stored.refundId, {
      ...stored,
      ...extra,
      status: event.status,
      updatedAt: event.at,
      timeline: [...stored.timeline, event],
      payout,
    });
  }

  async recordPayout(refund: Refund, payout: Payout, event: TimelineEvent): Promise<boolean> {
    const stored = this.get(refund.refundId);
    if (stored?.status !== 'APPROVED' || stored.payout) return false;
    this.change(stored, event, structuredClone(payout));
    return true;
  }

  async markSent(refund: Refund, sent: { sentAt: string; providerRef: string }): Promise<boolean> {
    const stored = this.get(refund.refundId);
    if (!stored?.payout || stored.payout.sentAt) return false;
    const payout = {
      ...stored.payout,
      sentAt: sent.sentAt,
      providerRef: stored.payout.providerRef ?? sent.providerRef,
    };
    this.store.refunds.set(stored.refundId, { ...stored, payout, updatedAt: sent.sentAt });
    return stored.status === 'PAYOUT_PENDING';
  }

  async settle(
    refund: Refund,
    patch: { settledAt: string; settledAmount: number; providerRef: string; flags: string[] },
    event: TimelineEvent,
    unchangedSince?: string,
  ): Promise<boolean> {
    const stored = this.get(refund.refundId);
    if (!stored?.payout || !['PAYOUT_PENDING', 'PAYOUT_FAILED'].includes(stored.status) || stored.payout.settledAt) {
      return false;
    }
    if (unchangedSince !== undefined && stored.updatedAt !== unchangedSince) return false;
    const { flags, ...rest } = patch;
    this.change(stored, event, { ...stored.payout, ...rest, ...(flags.length ? { flags } : {}) });
    return true;
  }

  async fail(
    refund: Refund,
    patch: { failedAt: string; failureReason: string; providerRef: string },
    event: TimelineEvent,
  ): Promise<boolean> {
    const stored = this.get(refund.refundId);
    const payout = stored?.payout;
    if (!stored || !payout || stored.status !== 'PAYOUT_PENDING' || payout.settledAt || payout.failedAt) return false;
    if (payout.providerRef && payout.providerRef !== patch.providerRef) return false;
    this.change(stored, event, { ...payout, ...patch });
    return true;
  }

  async flag(refundId: string, flag: string, at: string): Promise<void> {
    const stored = this.get(refundId);
    if (!stored?.payout || stored.payout.flags?.includes(flag)) return;
    const payout = { ...stored.payout, flags: [...(stored.payout.flags ?? []), flag] };
    this.store.refunds.set(refundId, { ...stored, payout, updatedAt: at });
  }

  async reopen(refund: Refund, recovery: PayoutRecovery, event: TimelineEvent, decision: Decision): Promise<boolean> {
    const stored = this.get(refund.refundId);
    const payout = stored?.payout;
    if (!stored || !payout || stored.status !== 'PAYOUT_FAILED' || stored.updatedAt !== refund.updatedAt) return false;
    if (payout.settledAt) return false;
    const { failedAt: _f, failureReason: _r, ...kept } = payout;
    let next: Payout;
    let extra: Partial<Refund> = {};
    if (recovery.mode === 'AWAIT') {
      next = { ...kept, providerRef: recovery.providerRef, sentAt: kept.sentAt ?? recovery.sentAt };
    } else {
      const { sentAt: _s, providerRef: old, ...rest } = kept;
      next = {
        ...rest,
        attempts: (payout.attempts ?? 1) + 1,
        ...(old || rest.supersededRefs
          ? { supersededRefs: [...(rest.supersededRefs ?? []), ...(old ? [old] : [])] }
          : {}),
      };
      if (recovery.to) {
        next = {
          ...next,
          destination: recovery.to.destination,
          method: recovery.to.method,
          promisedBy: recovery.to.promisedBy,
        };
        extra = {
          destination: recovery.to.destination,
          appliedDestination: stored.appliedDestination ?? stored.destination,
        };
      }
    }
    this.change(stored, event, next, {
      ...extra,
      decisions: [...(stored.decisions ?? []), decision],
      nextStep: { who: 'SYSTEM', action: 'AWAIT_SETTLEMENT', dueBy: next.promisedBy },
    });
    return true;
  }

  async recordDecision(refundId: string, decision: Decision): Promise<void> {
    const stored = this.get(refundId);
    if (stored) this.store.refunds.set(refundId, { ...stored, decisions: [...(stored.decisions ?? []), decision] });
  }

  async latePayouts(now: string, limit: number): Promise<{ refunds: Refund[]; more: number }> {
    const late = [...this.store.refunds.values()]
      .filter((r) => r.payout && !r.payout.settledAt && r.status === 'PAYOUT_PENDING')
      .filter((r) => (r.payout?.promisedBy ?? '') < now)
      .sort((a, b) => (a.payout?.promisedBy ?? '').localeCompare(b.payout?.promisedBy ?? ''));
    return { refunds: structuredClone(late.slice(0, limit)), more: Math.max(0, late.length - limit) };
  }
}

export class InMemoryLedger implements LedgerStore {
  readonly entries: LedgerEntry[] = [];
  async append(entry: LedgerEntry): Promise<boolean> {
    if (this.entries.some((e) => e.entryId === entry.entryId)) return false;
    this.entries.push(structuredClone(entry));
    return true;
  }
  async listByDays() {
    return { items: [...this.entries] };
  }
  async listByRefund(refundId: string): Promise<LedgerEntry[]> {
    return this.entries.filter((e) => e.refundId === refundId);
  }
  kinds(refundId: string): string[] {
    return this.entries.filter((e) => e.refundId === refundId).map((e) => e.kind);
  }
  has(refundId: string, kind: LedgerEntry['kind'], providerRef: string): boolean {
    return this.entries.some((e) => e.entryId === ledgerEntryId(refundId, kind, providerRef));
  }
}

/**
 * A provider whose latest attempt per refund the test sets (`latest`), idempotent on refundId like the port says:
 * `send` starts a new attempt only when there is none or the latest FAILED; otherwise it answers `duplicate`.
 */
export class ScriptedProvider implements PaymentProvider {
  readonly name = 'scripted';
  readonly latest = new Map<string, ProviderPayoutStatus>();
  readonly sends: SendPayoutRequest[] = [];
  /** Every send throws this while set. */
  failSends: Error | undefined;
  private seq = 0;

  constructor(private readonly withStatus = true) {
    if (!withStatus) this.status = undefined;
  }

  async send(request: SendPayoutRequest): Promise<SendPayoutResult> {
    this.sends.push(structuredClone(request));
    if (this.failSends) throw this.failSends;
    const latest = this.latest.get(request.refundId);
    if (latest && latest.state !== 'FAILED') {
      return { providerRef: latest.providerRef, acceptedAt: '2026-11-20T10:00:00.000Z', duplicate: true };
    }
    const providerRef = `scr-${++this.seq}`;
    this.latest.set(request.refundId, {
      refundId: request.refundId,
      providerRef,
      state: 'PENDING',
      amount: request.amount,
    });
    return { providerRef, acceptedAt: '2026-11-20T10:00:00.000Z', duplicate: false };
  }

  status?: (query: PayoutQuery) => Promise<ProviderPayoutStatus | undefined> = async ({ refundId }) =>
    this.withStatus ? structuredClone(this.latest.get(refundId)) : undefined;

  /** New attempts started (sends that were not duplicates). */
  attempts(refundId: string): number {
    return this.sends.filter((s) => s.refundId === refundId).length;
  }
}

export const unavailable = () => new ProviderUnavailable('scripted: 503');
