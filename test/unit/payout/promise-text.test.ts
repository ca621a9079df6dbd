/**
 * The payout promise sentence (functions/domain/payout/promise-text.ts) in both languages, for each channel and
 * state: a window with its deadline in China time, immediate for balance and coupon, and the arrival once settled.
 */
import { describe, expect, it } from 'vitest';
import { chinaDateTime, payoutPromiseText } from '../../../functions/domain/payout/promise-text.ts';

/** 2026-12-07 23:59 in Beijing: the end of a 3-business-day window. */
const BY = '2026-12-07T15:59:59.999Z';
/** 2026-12-05 10:12 in Beijing. */
const SETTLED = '2026-12-05T02:12:00.000Z';
const NOW = '2026-12-02T08:00:00.000Z';

describe('a refund going back the way it was paid', () => {
  it.each([
    [
      'ALIPAY',
      '退回支付宝，1–3 个工作日，预计 12月7日 23:59（北京时间）前到账',
      'Back to your Alipay account within 1–3 business days, by 23:59 on 7 Dec (China time)',
    ],
    [
      'WECHAT_PAY',
      '退回微信支付，1–3 个工作日，预计 12月7日 23:59（北京时间）前到账',
      'Back to your WeChat Pay account within 1–3 business days, by 23:59 on 7 Dec (China time)',
    ],
    [
      'BANK_CARD',
      '退回银行卡，3–7 个工作日，预计 12月7日 23:59（北京时间）前到账',
      'Back to your bank card within 3–7 business days, by 23:59 on 7 Dec (China time)',
    ],
  ] as const)('names %s, the window in business days and the deadline in China time', (method, zh, en) => {
    const facts = { destination: 'ORIGINAL', method, promisedBy: BY, now: NOW } as const;
    expect(payoutPromiseText(facts, 'zh-CN')).toBe(zh);
    expect(payoutPromiseText(facts, 'en')).toBe(en);
  });

  it('says when the money arrived once the provider confirmed it, not the promise', () => {
    const facts = { destination: 'ORIGINAL', method: 'ALIPAY', promisedBy: BY, settledAt: SETTLED, now: NOW } as const;
    expect(payoutPromiseText(facts, 'zh-CN')).toBe('退回支付宝，已于 12月5日 10:12（北京时间）到账');
    expect(payoutPromiseText(facts, 'en')).toBe('Arrived in your Alipay account at 10:12 on 5 Dec (China time)');
  });

  it('without the payment method yet, says the original account and the deadline only', () => {
    const facts = { destination: 'ORIGINAL', promisedBy: BY, now: NOW } as const;
    expect(payoutPromiseText(facts, 'zh-CN')).toBe('退回原支付账户，预计 12月7日 23:59（北京时间）前到账');
    expect(payoutPromiseText(facts, 'en')).toBe('Back to the account you paid with by 23:59 on 7 Dec (China time)');
  });

  it('without a deadline yet, says the window alone', () => {
    const facts = { destination: 'ORIGINAL', method: 'WECHAT_PAY' } as const;
    expect(payoutPromiseText(facts, 'zh-CN')).toBe('退回微信支付，1–3 个工作日内到账');
    expect(payoutPromiseText(facts, 'en')).toBe('Back to your WeChat Pay account within 1–3 business days');
  });
});

describe('a refund to the platform balance or as a coupon', () => {
  it.each([
    ['BALANCE', '退回平台余额，立即到账', 'Back to your platform balance at once'],
    ['COUPON', '以优惠券退还，立即到账', 'Back to a platform coupon at once'],
  ] as const)('%s arrives at once: no minute of the approval is shown as a deadline', (destination, zh, en) => {
    // The stored promise is five minutes after approval; the buyer reads "at once", not that minute.
    const facts = { destination, method: destination, promisedBy: '2026-12-02T08:05:00.000Z', now: NOW } as const;
    expect(payoutPromiseText(facts, 'zh-CN')).toBe(zh);
    expect(payoutPromiseText(facts, 'en')).toBe(en);
  });

  it.each([
    [
      'BALANCE',
      '退回平台余额，已于 12月5日 10:12（北京时间）到账',
      'Arrived in your platform balance at 10:12 on 5 Dec (China time)',
    ],
    [
      'COUPON',
      '以优惠券退还，已于 12月5日 10:12（北京时间）到账',
      'Arrived in a platform coupon at 10:12 on 5 Dec (China time)',
    ],
  ] as const)('%s, once credited, says when', (destination, zh, en) => {
    const facts = { destination, settledAt: SETTLED, now: NOW } as const;
    expect(payoutPromiseText(facts, 'zh-CN')).toBe(zh);
    expect(payoutPromiseText(facts, 'en')).toBe(en);
  });

  it('an order paid from the balance, refunded the original way, is immediate too', () => {
    const facts = { destination: 'ORIGINAL', method: 'BALANCE' } as const;
    expect(payoutPromiseText(facts, 'zh-CN')).toBe('退回平台余额，立即到账');
  });
});

describe('China time', () => {
  it('is UTC+8 whatever the machine zone, across midnight and the year end', () => {
    expect(chinaDateTime('2026-12-31T16:30:00.000Z', 'zh-CN', NOW)).toBe('2027年1月1日 00:30');
    expect(chinaDateTime('2026-12-31T16:30:00.000Z', 'en', NOW)).toBe('00:30 on 1 Jan 2027');
    expect(chinaDateTime('2026-12-31T15:59:00.000Z', 'zh-CN', NOW)).toBe('12月31日 23:59');
    expect(chinaDateTime('2026-12-31T15:59:00.000Z', 'en', undefined, true)).toBe('23:59 on 31 Dec 2026');
  });
});
