/**
 * The payout promise as a buyer reads it, one sentence in zh-CN or en, shared by the console's progress view and
 * the buyer's push text so both always say the same: where the money goes (支付宝 / 微信支付 / 银行卡 / 平台余额 /
 * 优惠券, names from the label catalogue), the window in business days ("1–3 个工作日"), the deadline as date and time
 * in China time with the label ("预计 12月7日 23:59（北京时间）前到账"), "立即到账" for balance and coupon, and once the
 * provider confirmed the money, when it actually arrived ("已于 12月5日 10:12（北京时间）到账") instead of a promise.
 *
 * China time is UTC+8 all year (no daylight saving), so the conversion is arithmetic, whatever the zone of the
 * machine or browser that renders it. Pure: no clock, no I/O.
 */
import { label } from '../labels.ts';
import type { Locale } from '../status-labels.ts';
import type { Destination, IsoTime } from '../vocabulary.ts';
import { DEFAULT_ARRIVAL_WINDOWS, type PayoutMethod, type PromisedWithin } from './promise.ts';

/** What the sentence is made of: the refund's destination and, when known, its payout. */
export interface PayoutPromiseFacts {
  /** The destination the buyer chose. */
  destination: Destination;
  /**
   * How the money goes: `payout.method`, or the order's payment method for ORIGINAL before a payout exists. Without
   * it an ORIGINAL refund reads as "原路退回" and its window stays unsaid.
   */
  method?: PayoutMethod;
  /** The window; by default the method's standard window (promise.ts DEFAULT_ARRIVAL_WINDOWS). */
  promisedWithin?: PromisedWithin;
  /** `payout.promisedBy`: the end of the window. */
  promisedBy?: IsoTime;
  /** `payout.settledAt`: the provider confirmed the money arrived; the sentence then says when. */
  settledAt?: IsoTime;
  /** A reference instant: a date in another year than this one is written with its year. */
  now?: IsoTime;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The parts of an instant in China time. */
function chinaParts(at: IsoTime) {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 time: ${JSON.stringify(at)}`);
  const d = new Date(ms + CHINA_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    time: `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`,
  };
}

/**
 * An instant as date and time in China time, without the label: "12月7日 23:59" / "23:59 on 7 Dec"; with the year
 * ("2027年1月4日 09:00" / "09:00 on 4 Jan 2027") when it is not in the year of `now` (or when no `now` is given and
 * `withYear` is set). The console and the messages add "（北京时间）" / "(China time)".
 */
export function chinaDateTime(at: IsoTime, locale: Locale, now?: IsoTime, withYear = false): string {
  const p = chinaParts(at);
  const year = withYear || (now !== undefined && chinaParts(now).year !== p.year);
  return locale === 'en'
    ? `${p.time} on ${p.day} ${EN_MONTHS[p.month - 1]}${year ? ` ${p.year}` : ''}`
    : `${year ? `${p.year}年` : ''}${p.month}月${p.day}日 ${p.time}`;
}

/** The China-time label in each language, written after a time. */
export const CHINA_TIME: Readonly<Record<Locale, string>> = { 'zh-CN': '（北京时间）', en: ' (China time)' };

/** The place the money goes as a sentence names it: "支付宝" / "your Alipay account". */
export function payoutPlace(facts: Pick<PayoutPromiseFacts, 'destination' | 'method'>, locale: Locale): string {
  const place: PayoutMethod | 'ORIGINAL' =
    facts.destination === 'ORIGINAL' ? (facts.method ?? 'ORIGINAL') : facts.destination;
  if (locale === 'zh-CN') return place === 'ORIGINAL' ? '原支付账户' : label('destination', place, 'zh-CN');
  switch (place) {
    case 'ORIGINAL':
      return 'the account you paid with';
    case 'BANK_CARD':
      return 'your bank card';
    case 'BALANCE':
      return 'your platform balance';
    case 'COUPON':
      return 'a platform coupon';
    default:
      return `your ${label('destination', place, 'en')} account`;
  }
}

/** The window the facts promise, if known. */
function windowOf(facts: PayoutPromiseFacts): PromisedWithin | undefined {
  if (facts.promisedWithin) return facts.promisedWithin;
  if (facts.destination !== 'ORIGINAL') return DEFAULT_ARRIVAL_WINDOWS[facts.destination];
  return facts.method ? DEFAULT_ARRIVAL_WINDOWS[facts.method] : undefined;
}

/** "1–3 个工作日" / "1–3 business days" (one number when the range is one day). */
export function businessDays(within: Exclude<PromisedWithin, 'IMMEDIATE'>, locale: Locale): string {
  const { minBusinessDays: min, maxBusinessDays: max } = within;
  const span = min === max ? `${max}` : `${min}–${max}`;
  if (locale === 'zh-CN') return `${span} 个工作日`;
  return `${span} business day${span === '1' ? '' : 's'}`;
}

/**
 * The sentence, without a final full stop (callers put it in a line or a longer sentence):
 * - settled: "退回支付宝，已于 12月5日 10:12（北京时间）到账" / "Arrived in your Alipay account at 10:12 on 5 Dec (China time)";
 * - immediate: "退回平台余额，立即到账" / "Back to your platform balance at once";
 * - a window: "退回支付宝，1–3 个工作日，预计 12月7日 23:59（北京时间）前到账" / "Back to your Alipay account within 1–3
 *   business days, by 23:59 on 7 Dec (China time)".
 */
export function payoutPromiseText(facts: PayoutPromiseFacts, locale: Locale): string {
  const place = payoutPlace(facts, locale);
  const zh = locale === 'zh-CN';
  // A coupon is issued, not paid back into something.
  const back = zh && facts.destination === 'COUPON' ? '以优惠券退还' : `退回${place}`;
  if (facts.settledAt) {
    const at = `${chinaDateTime(facts.settledAt, locale, facts.now)}${CHINA_TIME[locale]}`;
    return zh ? `${back}，已于 ${at}到账` : `Arrived in ${place} at ${at}`;
  }
  const within = windowOf(facts);
  if (within === 'IMMEDIATE') return zh ? `${back}，立即到账` : `Back to ${place} at once`;
  const days = within && businessDays(within, locale);
  const by = facts.promisedBy && `${chinaDateTime(facts.promisedBy, locale, facts.now)}${CHINA_TIME[locale]}`;
  if (zh) {
    if (days && by) return `${back}，${days}，预计 ${by}前到账`;
    if (days) return `${back}，${days}内到账`;
    return by ? `${back}，预计 ${by}前到账` : `${back}，请留意到账`;
  }
  const when = [days && `within ${days}`, by && `by ${by}`].filter(Boolean).join(', ');
  return `Back to ${place}${when ? ` ${when}` : ', arriving soon'}`;
}
