/**
 * Which adapter serves each port. Each handler asks only for the ports it uses, so a bundle carries only those
 * SDK clients. The defaults are the AWS adapters; the local runtime and tests install others with `useAdapters`.
 */
import { requireEnv } from '../config.ts';
import { loadPolicy } from '../domain/policy/load.ts';
import type { Policy } from '../domain/policy/schema.ts';
import type { AlertStore } from '../ports/alert-store.ts';
import type { Clock } from '../ports/clock.ts';
import { systemClock } from '../ports/clock.ts';
import type { EvidenceRecords, EvidenceStore } from '../ports/evidence-store.ts';
import type { LedgerStore } from '../ports/ledger.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { Ocr } from '../ports/ocr.ts';
import type { PaymentProvider } from '../ports/payment-provider.ts';
import type { PayoutStore } from '../ports/payout-store.ts';
import type { RefundStore } from '../ports/refund-store.ts';
import type { MerchantStatsStore, ReviewStore } from '../ports/review-store.ts';
import type { Workflow } from '../ports/workflow.ts';

export interface Adapters {
  store: RefundStore;
  workflow: Workflow;
  notifier: Notifier;
  clock: Clock;
  reviews: ReviewStore;
  merchantStats: MerchantStatsStore;
  /** The refund policy of this stage (env STAGE), loaded once per process. */
  policy: Policy;
  /** Pays refunds out: the sandbox locally and (as a stand-in, PAYMENT_PROVIDER=sandbox) in AWS. */
  payments: PaymentProvider;
  ledger: LedgerStore;
  payouts: PayoutStore;
  evidence: EvidenceStore;
  evidenceRecords: EvidenceRecords;
  alerts: AlertStore;
  /** Reads waybills and receipts: Textract in AWS, tesseract.js locally. */
  ocr: Ocr;
}

type Factories = { [K in keyof Adapters]?: () => Adapters[K] };

/** One policy per deployment: the stage the stack gives every function (env STAGE); no handler has its own. */
const factories: Factories = { policy: () => loadPolicy(requireEnv('STAGE')) };
const instances: Partial<Adapters> = { clock: systemClock };

/** Registers the factory used when a port is first asked for (handlers register the AWS defaults). */
export function defaultAdapter<K extends keyof Adapters>(port: K, factory: () => Adapters[K]): void {
  if (!factories[port]) Object.assign(factories, { [port]: factory });
}

/** Replaces adapters (local runtime, tests). */
export function useAdapters(overrides: Partial<Adapters>): void {
  Object.assign(instances, overrides);
}

export function adapter<K extends keyof Adapters>(port: K): Adapters[K] {
  const existing = instances[port];
  if (existing) return existing;
  const factory = factories[port];
  if (!factory) throw new Error(`no adapter registered for port ${port}`);
  const created = factory();
  instances[port] = created;
  return created;
}
