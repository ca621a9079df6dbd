/**
 * Promised arrival of refund money and the destinations a buyer can choose. The promise is shown to the buyer and
 * monitored (a payout past `promisedBy` raises a finance alert), so it is computed once, from the approval or send
 * time, with the business-day calendar. Money is integer minor units.
 */
import type { Destination, IsoTime, PaymentMethod } from '../vocabulary.ts';
import { addBusinessDays, type BusinessCalendar } from './calendar.ts';

/** How money reaches the buyer: one of the order's payment methods, or a platform coupon. */
export type PayoutMethod = PaymentMethod | 'COUPON';

/**
 * The window shown to the buyer: a business-day range, or immediate (platform balance, coupon): credited by the
 * platform itself, any day, within `IMMEDIATE_WITHIN_SECONDS`.
 */
export type PromisedWithin = { minBusinessDays: number; maxBusinessDays: number } | 'IMMEDIATE';

/**
 * What "immediate" promises: the platform credits a balance or coupon within seconds, but the credit still goes
 * through the provider and its confirmation (the sandbox takes up to 2 s, a real ledger under load longer). Five
 * minutes is what the buyer can rely on, and what the payout monitor holds the payout to: a promise equal to the
 * approval instant would make every such payout "late" a second after it was made.
 */
export const IMMEDIATE_WITHIN_SECONDS = 5 * 60;

/** Arrival windows per method; a parameter so policy can change them without code. */
export type ArrivalWindows = Readonly<Record<PayoutMethod, PromisedWithin>>;

/** Defaults from the product brief (the source document: 1–3 business days back the original way). */
export const DEFAULT_ARRIVAL_WINDOWS: ArrivalWindows = {
  ALIPAY: { minBusinessDays: 1, maxBusinessDays: 3 },
  WECHAT_PAY: { minBusinessDays: 1, maxBusinessDays: 3 },
  BANK_CARD: { minBusinessDays: 3, maxBusinessDays: 7 },
  BALANCE: 'IMMEDIATE',
  COUPON: 'IMMEDIATE',
};

/** A promise: the window and the instant it expires (the end of the window's last business day, CST). */
export interface ArrivalPromise {
  promisedWithin: PromisedWithin;
  /** ISO UTC. For IMMEDIATE, `IMMEDIATE_WITHIN_SECONDS` after the `from` instant. */
  promisedBy: IsoTime;
}

/**
 * The promise for a method, counted from `fromIsoUtc` (approval or send time). `promisedBy` is the max of the
 * window: monitoring alerts only when even the slowest promised arrival has passed.
 */
export function promisedArrival(
  method: PayoutMethod,
  fromIsoUtc: IsoTime,
  calendar: BusinessCalendar,
  windows: ArrivalWindows = DEFAULT_ARRIVAL_WINDOWS,
): ArrivalPromise {
  const within = windows[method];
  if (within === 'IMMEDIATE') {
    const by = Date.parse(fromIsoUtc) + IMMEDIATE_WITHIN_SECONDS * 1000;
    return { promisedWithin: within, promisedBy: new Date(by).toISOString() };
  }
  return { promisedWithin: within, promisedBy: addBusinessDays(fromIsoUtc, within.maxBusinessDays, calendar) };
}

/** Bonus for keeping the money on the platform: basis points of the amount, capped, both integers. */
export interface BonusRule {
  /** Basis points (1/10000) of the refund amount. 0 disables the bonus. */
  bps: number;
  /** Upper bound in minor units. */
  cap: number;
}

/** Bonus rules per non-original destination; a parameter so marketing can tune it per campaign. */
export interface BonusConfig {
  BALANCE: BonusRule;
  COUPON: BonusRule;
}

/** No bonus anywhere. */
export const NO_BONUS: BonusConfig = { BALANCE: { bps: 0, cap: 0 }, COUPON: { bps: 0, cap: 0 } };

function assertMinor(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer: ${v}`);
}

/**
 * floor(amount × bps / 10000), capped. Split as q×10000 + r so the product never leaves the safe-integer range,
 * whatever the amount.
 */
export function bonusFor(amount: number, rule: BonusRule): number {
  assertMinor('amount', amount);
  assertMinor('bps', rule.bps);
  assertMinor('cap', rule.cap);
  const q = Math.floor(amount / 10_000);
  const r = amount % 10_000;
  const raw = q * rule.bps + Math.floor((r * rule.bps) / 10_000);
  return Math.min(raw, rule.cap);
}

/** One destination the buyer can pick, as shown by the refund-options API. */
export interface DestinationOption {
  type: Destination;
  method: PayoutMethod;
  /** Minor units added by the platform on top of the refund; 0 for ORIGINAL. */
  bonusAmount: number;
  promisedWithin: PromisedWithin;
  promisedBy: IsoTime;
}

/**
 * The destinations for a refund of `amount` on an order paid with `paymentMethod`, ORIGINAL first (money goes back
 * the way it came unless the buyer chooses otherwise). When the order was paid from the platform balance, ORIGINAL
 * already is the balance, so no separate BALANCE option (and no bonus for moving balance to balance) is offered.
 */
export function destinationOptions(
  paymentMethod: PaymentMethod,
  amount: number,
  bonusConfig: BonusConfig,
  now: IsoTime,
  calendar: BusinessCalendar,
  windows: ArrivalWindows = DEFAULT_ARRIVAL_WINDOWS,
): DestinationOption[] {
  assertMinor('amount', amount);
  const option = (type: Destination, method: PayoutMethod, bonusAmount: number): DestinationOption => ({
    type,
    method,
    bonusAmount,
    ...promisedArrival(method, now, calendar, windows),
  });
  return destinationsFor(paymentMethod).map((type) =>
    type === 'ORIGINAL'
      ? option('ORIGINAL', paymentMethod, 0)
      : option(type, type, bonusFor(amount, bonusConfig[type])),
  );
}

/** The destinations offered for an order paid with `paymentMethod`, in the order shown (see destinationOptions). */
export function destinationsFor(paymentMethod: PaymentMethod): Destination[] {
  return paymentMethod === 'BALANCE' ? ['ORIGINAL', 'COUPON'] : ['ORIGINAL', 'BALANCE', 'COUPON'];
}

/** The payout method a chosen destination implies, so handlers never re-derive it. */
export function payoutMethodFor(destination: Destination, paymentMethod: PaymentMethod): PayoutMethod {
  if (destination === 'ORIGINAL') return paymentMethod;
  return destination;
}
