/**
 * Money and time as people read them, for finance e-mails and buyer messages. Money stays integer minor units until
 * the very last step (DESIGN 4): the decimal point is placed by string work, never by dividing a float.
 */
import type { IsoTime } from '../vocabulary.ts';

/**
 * `code`: "CNY 1,299.00", unambiguous and ASCII (safe for SNS e-mail subjects). `symbol`: "¥1,299.00", for buyers:
 * the bare ¥ is the yuan's alone; other currencies carry their own mark as China writes them ("JP¥4,500",
 * "US$5.00"), so a yen amount never reads as yuan.
 */
export type MoneyStyle = 'code' | 'symbol';

/**
 * Formats minor units with the currency's own number of decimals (CNY 2, JPY 0, ...): 1999 CNY → "CNY 19.99".
 * Throws on a non-integer amount, because that is a bug upstream (money is never a float) and must not be hidden.
 */
export function formatMoney(amount: number, currency: string, style: MoneyStyle = 'code'): string {
  if (!Number.isSafeInteger(amount)) throw new NotMinorUnits(amount);
  const digits = minorDigits(currency);
  const unit = 10 ** digits;
  const abs = Math.abs(amount);
  const major = Math.floor(abs / unit)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const minor = digits > 0 ? `.${(abs % unit).toString().padStart(digits, '0')}` : '';
  const sign = amount < 0 ? '-' : '';
  return style === 'code'
    ? `${currency} ${sign}${major}${minor}`
    : `${sign}${currencySymbol(currency)}${major}${minor}`;
}

/** Decimals of a currency's minor unit, from the runtime's ISO-4217 data (Intl is pure: no I/O). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * The mark as zh-CN writes it: "¥" for CNY, "JP¥" for JPY, "US$" for USD, "HK$" for HKD. Not the narrow symbol,
 * which is "¥" for the yen too and "$" for every dollar.
 */
function currencySymbol(currency: string): string {
  const parts = new Intl.NumberFormat('zh-CN', { style: 'currency', currency, currencyDisplay: 'symbol' });
  const symbol = parts.formatToParts(0).find((p) => p.type === 'currency')?.value;
  return symbol && symbol !== currency ? symbol : `${currency} `;
}

/** "2026-11-26 11:14 UTC": the time as finance systems and logs record it. */
export function formatUtc(at: IsoTime): string {
  return `${minutes(at, 0)} UTC`;
}

/**
 * "2026-11-26 19:14": the time in China (UTC+8 all year, no daylight saving), which buyers and the operations team
 * live by. The caller adds the label ("China time" / "北京时间").
 */
export function formatChinaTime(at: IsoTime): string {
  return minutes(at, 8);
}

function minutes(at: IsoTime, offsetHours: number): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time: ${JSON.stringify(at)}`);
  return new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** An amount that is not an integer number of minor units reached a formatter. */
export class NotMinorUnits extends Error {
  override readonly name = 'NotMinorUnits';
  constructor(readonly amount: number) {
    super(`money must be an integer number of minor units, got ${amount}`);
  }
}
