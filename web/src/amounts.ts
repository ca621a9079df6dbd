/**
 * Amounts as people type them in the console: in the currency's major unit (yuan with fen, whole yen), sent to the
 * API in minor units. No DOM here: the unit tests import it (test/unit/web-money.test.ts). The decimal places are the
 * domain's (`minorDigits`, the same the buyer's messages and finance's CSV use).
 */
import { minorDigits } from '../../functions/domain/notifications/format.ts';

/** What a person typed in the major unit (yuan, yen), in minor units; NaN when it is not a number. */
export function toMinor(typed: string, currency = 'CNY'): number {
  return Math.round(Number(typed) * 10 ** minorDigits(currency));
}

/** Minor units as a person types them in the major unit, with the currency's decimal places ("129.00", "4500"). */
export function fromMinor(minor: number, currency = 'CNY'): string {
  const digits = minorDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** The `step` and `min` of an amount input in `currency`'s major unit: one minor unit. */
export function minorStep(currency = 'CNY'): string {
  const digits = minorDigits(currency);
  return digits ? (1 / 10 ** digits).toFixed(digits) : '1';
}
