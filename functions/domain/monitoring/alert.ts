/**
 * Finance alerts: the kinds of money problem the monitor looks for, the candidate a detector returns and the record
 * the alert store keeps. Plain data only, so the detectors, the lifecycle and the e-mail text stay pure.
 */
import type { IsoTime } from '../vocabulary.ts';

export const ALERT_KINDS = [
  'LATE_PAYOUT',
  'AMOUNT_MISMATCH',
  'DUPLICATE_PAYOUT',
  'PAYOUT_FAILED',
  'OVER_REFUND',
  'STUCK_REFUND',
  'RATE_SPIKE',
] as const;
/** One kind per problem finance must act on (DESIGN 3.3 "Monitoring"). */
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Kinds about something that happened and stays in the record (a payout settled for another amount, money sent
 * twice): the monitor finds them again on every run that reads the refund, though nothing new happened. A resolved
 * one is reopened only when its facts change (another movement, another amount). The other kinds are states that
 * can end (late, failed, stuck, over-refunded, a spike), and a resolved one reopens while the state is still there.
 */
export const RECORDED_FACT_KINDS: ReadonlySet<AlertKind> = new Set(['AMOUNT_MISMATCH', 'DUPLICATE_PAYOUT']);

/**
 * What a detector found on this run. `alertId` is deterministic per problem (`<KIND>#<subject>`), so the next run
 * finds the same id and the lifecycle can alert once per problem instead of once per run.
 */
export interface AlertCandidate {
  alertId: string;
  kind: AlertKind;
  refundId?: string;
  orderId?: string;
  merchantId?: string;
  userId?: string;
  /** Minor units: the money at stake (for mismatches, the approved amount; see `detail` for the other side). */
  amount?: number;
  currency?: string;
  /** When the problem began (promise missed, status entered, payout failed...), not when it was detected. */
  since: IsoTime;
  /** One English sentence for people: what exactly is wrong, with the numbers. */
  detail: string;
}

/** OPEN (nobody owns it yet) -> ACKNOWLEDGED (someone owns it) -> RESOLVED (by a person or by the monitor). */
export const ALERT_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** The statuses of an alert nobody has closed yet (what `AlertStore.listOpen` returns). */
export const UNRESOLVED_STATUSES: readonly AlertStatus[] = ['OPEN', 'ACKNOWLEDGED'];

export const ALERT_ACTIONS = [
  'OPENED',
  'ACKNOWLEDGED',
  'ASSIGNED',
  'RESOLVED',
  'AUTO_RESOLVED',
  'REOPENED',
  'RENOTIFIED',
  'ESCALATED',
  'UPDATED',
] as const;
/** What happened to an alert, as its history records it. */
export type AlertHistoryAction = (typeof ALERT_ACTIONS)[number];

/** Who acted for entries written by the monitor run itself. */
export const MONITOR_ACTOR = 'monitor';

/** One line of an alert's history (oldest first). */
export interface AlertHistoryEntry {
  at: IsoTime;
  /** A finance user's sub, or "monitor". */
  by: string;
  action: AlertHistoryAction;
  /** A person's note, or the new detail of an UPDATED entry. */
  note?: string;
  /** ASSIGNED: to whom. */
  to?: string;
}

/** The stored alert: the last candidate seen, who owns it, its history and the notification bookkeeping. */
export interface AlertRecord extends AlertCandidate {
  status: AlertStatus;
  /** When this episode of the problem was first detected (reset when a resolved alert reopens). */
  firstDetectedAt: IsoTime;
  /** Last time finance (or operations) was told. Kept across resolve/reopen so a flapping problem cannot spam. */
  lastNotifiedAt: IsoTime;
  /** How many finance notifications were sent for this alert id, over all episodes. */
  notifyCount: number;
  /** The finance user who owns it. */
  assignee?: string;
  acknowledgedAt?: IsoTime;
  resolvedAt?: IsoTime;
  /** When this episode was escalated to operations (once per episode). */
  escalatedAt?: IsoTime;
  history: AlertHistoryEntry[];
  /**
   * Optimistic-concurrency version: every stored write increments it and is conditional on the version read (0: not
   * yet versioned, e.g. written before alerts had owners). Never shown to API clients.
   */
  version: number;
}

/**
 * A ledger movement as the monitor needs it. Deliberately minimal and structural so the ledger module's own entry
 * type can be passed as is; only `SENT` and `SETTLED` movements count as money leaving.
 */
export interface LedgerMovement {
  refundId: string;
  /** e.g. RESERVED, SENT, SETTLED, FAILED, RELEASED; only the kinds in PAYOUT_MOVEMENT_KINDS are looked at. */
  kind: string;
  /** Minor units. */
  amount: number;
  providerRef?: string;
  currency?: string;
  orderId?: string;
  at?: IsoTime;
}

/** Ledger kinds that mean money was paid out (sent to or confirmed by the provider). */
export const PAYOUT_MOVEMENT_KINDS: ReadonlySet<string> = new Set(['SENT', 'SETTLED']);

/** Builds the deterministic id of one problem: `KIND#part#part`. The one place the id layout is defined. */
export function alertIdFor(kind: AlertKind, ...subject: string[]): string {
  return [kind, ...subject].join('#');
}
