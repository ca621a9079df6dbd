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

export const ALERT_STATUSES = ['OPEN', 'CLOSED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The stored alert: the last candidate seen plus the notification bookkeeping the lifecycle needs. */
export interface AlertRecord extends AlertCandidate {
  status: AlertStatus;
  /** When this episode of the problem was first detected (reset when a closed alert reopens). */
  firstDetectedAt: IsoTime;
  /** Last time finance was told. Kept across close/reopen so a flapping problem cannot spam. */
  lastNotifiedAt: IsoTime;
  /** How many notifications were sent for this alert id, over all episodes. */
  notifyCount: number;
  closedAt?: IsoTime;
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
