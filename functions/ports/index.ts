/**
 * Everything a use case (functions/app) may depend on, by name. A use case takes the part it needs as its first
 * parameter (`Pick<Ports, 'store' | 'clock'>`), so its dependencies are visible in its signature and a test can pass
 * in-memory fakes (test/support/fakes). Entry points build the AWS adapters (functions/adapters/index.ts `wire`).
 */
import type { Policy } from '../domain/policy/schema.ts';
import type { AlertStore } from './alert-store.ts';
import type { AnalyticsStore } from './analytics-store.ts';
import type { Clock } from './clock.ts';
import type { EvidenceRecords, EvidenceStore } from './evidence-store.ts';
import type { Inbox } from './inbox.ts';
import type { LedgerStore } from './ledger.ts';
import type { MonitoringSource } from './monitoring-source.ts';
import type { Notifier } from './notifier.ts';
import type { Ocr } from './ocr.ts';
import type { PaymentProvider } from './payment-provider.ts';
import type { PayoutStore } from './payout-store.ts';
import type { RefundStore } from './refund-store.ts';
import type { ReportLog } from './report-log.ts';
import type { ReturnAddressStore } from './return-address-store.ts';
import type { MerchantStatsStore, ReviewStore } from './review-store.ts';
import type { ScorecardStore } from './scorecard-store.ts';
import type { ThreadStore } from './thread-store.ts';
import type { Workflow } from './workflow.ts';

export interface Ports {
  store: RefundStore;
  /** Starts, resumes and stops a refund's lifecycle execution (Step Functions in AWS, the ASL runner locally). */
  workflow: Workflow;
  notifier: Notifier;
  clock: Clock;
  reviews: ReviewStore;
  /** Inspection tasks and the inspectors they are balanced across: the reviewers' store, for the inspector role. */
  inspections: ReviewStore;
  merchantStats: MerchantStatsStore;
  /** The refund policy of this deployment's stage (env STAGE), loaded once per container. */
  policy: Policy;
  /**
   * Pays refunds out through the channel of each payout's method (Alipay, WeChat Pay, the platform wallet, the
   * sandbox stand-in): a router over the channel functions in AWS, over the local adapters and fakes locally.
   */
  payments: PaymentProvider;
  ledger: LedgerStore;
  payouts: PayoutStore;
  evidence: EvidenceStore;
  evidenceRecords: EvidenceRecords;
  alerts: AlertStore;
  /** What a monitor run reads (sparse indexes in DynamoDB). */
  monitoring: MonitoringSource;
  /** Reads waybills and receipts: Textract in AWS, tesseract.js locally. */
  ocr: Ocr;
  /** Which daily report e-mails went out (one per China date). */
  reports: ReportLog;
  /** The refunds' negotiation threads (messages between buyer, merchant and the assigned reviewer). */
  thread: ThreadStore;
  /** Merchants' return addresses (one item per merchant in the main table). */
  returnAddresses: ReturnAddressStore;
  /** The buyers' and merchants' message centres: every notification sent to them, kept (main table). */
  inbox: Inbox;
  /** The merchant scorecard's counters, per merchant and China month (main table). */
  scorecards: ScorecardStore;
  /** Refund analytics' counters, per China date, dimension and group, platform-wide and per merchant (main table). */
  analytics: AnalyticsStore;
}
