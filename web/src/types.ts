/** The API shapes the console reads (docs/api.md); fields other helpers are still adding are optional. */

/** A label in one language or both. */
export type Label = string | { 'zh-CN': string; en: string };

export interface TimelineEvent {
  at: string;
  status: string;
  label: string;
  actor: string;
  detail?: string;
}

/** OCR or evidence record as a later API may present it; rendered field by field. */
export interface EvidenceView {
  evidenceId?: string;
  /** Set once the file arrived: only then can it be seen. */
  uploadedAt?: string;
  kind?: string;
  status?: string;
  ocr?: Record<string, unknown>;
  fields?: Record<string, unknown>;
}

export interface Refund {
  refundId: string;
  orderId: string;
  userId: string;
  merchantId: string;
  amount: number;
  currency: string;
  reason: string;
  note?: string;
  scenario: string;
  destination: string;
  status: string;
  statusLabel: string;
  timeline: TimelineEvent[];
  decision?: { outcome: string; by: string; rules: string[]; riskScore?: number };
  payout?: { method: string; destination?: string; promisedBy: string; sentAt?: string; settledAt?: string };
  nextStep?: { who: string; action: string; dueBy?: string };
  evidence?: EvidenceView[];
  /** The merchant's latest partial offer (status AWAITING_BUYER until answered). */
  offer?: {
    amount: number;
    note?: string;
    dueBy: string;
    requested: number;
    answer?: { outcome: string; by: string; at: string };
  };
  createdAt: string;
  updatedAt: string;
}

export interface RefundOptions {
  scenario: string;
  currency?: string;
  reasons: { code: string; label: Label; instant?: boolean; evidenceRequired?: string[] }[];
  maxAmount?: number;
  instantEligible?: boolean;
  destinations?: { type: string; bonusAmount?: number; promisedWithin?: unknown; promisedBy?: string }[];
  evidenceRequired?: unknown;
  /** Set by the console when the route is missing and a static list stands in. */
  fallback?: boolean;
}

/** One decision in a refund's history (GET /v1/review/tasks `decisions`). */
export interface DecisionView {
  kind?: string;
  outcome: string;
  by: string;
  actorId?: string;
  rules: string[];
  riskScore?: number;
  riskFactors?: { factor: string; value: unknown; points: number }[];
  inputs?: Record<string, unknown>;
  at: string;
}

export interface ReviewTask {
  taskId: string;
  refundId: string;
  kind: string;
  dueBy?: string;
  refund: Refund | null;
  order?: { orderId: string; paidAmount: number; currency: string; items: { name: string; category: string }[] };
  buyerHistory?: { days: number; refunds: number; amount: number; orders?: number };
  evidence?: EvidenceView[];
  dispute?: { note: string } | null;
  rules?: string[];
  riskScore?: number | null;
  /** Every decision so far, oldest first: assessments, the merchant's, earlier reviews, timeouts. */
  decisions?: DecisionView[];
  guidance?: { checks: Label[] };
}

export interface List<T> {
  items: T[];
  cursor?: string;
}

/** One entry of an alert's history (alert workflow), oldest first. */
export interface AlertHistoryEntry {
  at: string;
  by: string;
  action: string;
  note?: string;
  to?: string;
}

/** A finance alert (GET /v1/finance/alerts); workflow fields are optional until every build has them. */
export interface FinanceAlert {
  alertId: string;
  kind: string;
  status: string;
  refundId?: string;
  orderId?: string;
  amount?: number;
  currency?: string;
  since?: string;
  detectedAt: string;
  detail: string;
  assignee?: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  history?: AlertHistoryEntry[];
}

/** One ledger movement (GET /v1/finance/ledger). */
export interface LedgerRow {
  entryId: string;
  refundId: string;
  kind: string;
  amount: number;
  currency: string;
  provider: string;
  method: string;
  at: string;
  day: string;
  orderId?: string;
}

/** A ledger page: the window it covered, in UTC instants. */
export interface LedgerPage extends List<LedgerRow> {
  from: string;
  to: string;
}

/** Totals of one reconciliation group or currency. */
export interface ReconTotals {
  sentCount: number;
  sentAmount: number;
  failedCount: number;
  failedAmount: number;
  settledCount: number;
  settledAmount: number;
  differenceCount: number;
  differenceAmount: number;
}

/** GET /v1/finance/reconciliation. */
export interface Reconciliation {
  from: string;
  to: string;
  groups: (ReconTotals & { provider: string; method: string; day: string; currency: string })[];
  totals: Record<string, ReconTotals>;
  issues: { kind: string; refundId: string; currency: string; sentAmount?: number; settledAmount?: number }[];
  balanced: boolean;
}

/** A number of movements and their sum in minor units. */
export interface Tally {
  count: number;
  amount: number;
}

/** GET /v1/finance/reports/daily?date= (the parts the console shows). */
export interface DailyReport {
  date: string;
  currencies: {
    currency: string;
    paid: Tally;
    settled: Tally;
    failed: Tally;
    reversed: Tally;
    outstanding: Tally;
    difference: Tally;
  }[];
}
