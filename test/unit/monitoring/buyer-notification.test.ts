import { describe, expect, it } from 'vitest';
import { BUYER_EVENTS, buyerNotification, LOCALES } from '../../../functions/domain/notifications/buyer.ts';
import { aPayout, aRefund } from '../../support/builders.ts';

const approved = aRefund({
  status: 'APPROVED',
  decision: { outcome: 'APPROVE', by: 'SYSTEM', rules: [], at: '2026-11-26T11:00:00.000Z' },
});
const sent = aRefund({
  status: 'PAYOUT_PENDING',
  payout: aPayout({ promisedBy: '2026-11-28T10:00:00.000Z', amount: 1999 }),
});

describe('a buyer whose refund was approved', () => {
  it('is told in Chinese how much goes back where', () => {
    const n = buyerNotification('APPROVED', approved, 'zh-CN');
    expect(n.subject).toBe('退款申请已通过');
    expect(n.text).toBe('您的退款申请（订单 o-1）已通过，¥129.00 将退回原支付账户。');
    expect(n.attributes).toEqual({ channel: 'PUSH', locale: 'zh-CN', event: 'APPROVED' });
  });
});

describe('a buyer whose refund was sent to Alipay', () => {
  it('is told the window and the promised arrival in China time, as the console says it', () => {
    expect(buyerNotification('PAYOUT_SENT', sent, 'zh-CN').text).toBe(
      '退款 ¥19.99 已退回支付宝，1–3 个工作日，预计 11月28日 18:00（北京时间）前到账。',
    );
    expect(buyerNotification('PAYOUT_SENT', sent, 'en').text).toBe(
      'Your refund of ¥19.99 is on its way: back to your Alipay account within 1–3 business days, by 18:00 on 28 Nov (China time).',
    );
  });

  it('to the platform balance, is told it arrives at once, not a minute', () => {
    const balance = aRefund({
      status: 'PAYOUT_PENDING',
      payout: aPayout({ method: 'BALANCE', destination: 'BALANCE', promisedBy: '2026-11-28T10:05:00.000Z' }),
    });
    expect(buyerNotification('PAYOUT_SENT', balance, 'zh-CN').text).toBe('退款 ¥129.00 已退回平台余额，立即到账。');
  });
});

describe('a buyer refunded in another currency', () => {
  it('is told the amount in that currency, never as yuan', () => {
    const yen = aRefund({ status: 'APPROVED', amount: 4500, currency: 'JPY' });
    expect(buyerNotification('APPROVED', yen, 'zh-CN').text).toBe(
      '您的退款申请（订单 o-1）已通过，JP¥4,500 将退回原支付账户。',
    );
    const dollars = aRefund({ status: 'APPROVED', amount: 1999, currency: 'USD' });
    expect(buyerNotification('APPROVED', dollars, 'en').text).toContain('US$19.99');
  });
});

describe('a buyer whose money arrived', () => {
  it('is told by SMS the amount that actually arrived', () => {
    const refunded = aRefund({ status: 'REFUNDED', payout: aPayout({ settledAmount: 12900, method: 'WECHAT_PAY' }) });
    const n = buyerNotification('REFUNDED', refunded, 'en');
    expect(n.text).toBe('Your refund of ¥129.00 for order o-1 has arrived in your WeChat Pay account.');
    expect(n.attributes.channel).toBe('SMS');
  });

  it('is told when it arrived, in China time, once the provider confirmed it', () => {
    const refunded = aRefund({
      status: 'REFUNDED',
      payout: aPayout({ settledAmount: 12900, method: 'WECHAT_PAY', settledAt: '2026-12-05T02:12:00.000Z' }),
    });
    expect(buyerNotification('REFUNDED', refunded, 'zh-CN').text).toBe(
      '退款 ¥129.00（订单 o-1）退回微信支付，已于 12月5日 10:12（北京时间）到账，请查收。',
    );
    expect(buyerNotification('REFUNDED', refunded, 'en').text).toBe(
      'Your refund of ¥129.00 for order o-1: arrived in your WeChat Pay account at 10:12 on 5 Dec (China time).',
    );
  });
});

describe('a buyer rejected by the merchant', () => {
  it('is told they can ask the platform to step in; a platform rejection says no such thing', () => {
    const byMerchant = aRefund({
      status: 'REJECTED',
      decision: { outcome: 'REJECT', by: 'MERCHANT', rules: [], at: '2026-11-26T11:00:00.000Z' },
    });
    expect(buyerNotification('REJECTED', byMerchant, 'zh-CN').text).toContain('申请平台介入');
    const byReviewer = {
      ...byMerchant,
      decision: { outcome: 'REJECT', by: 'REVIEWER' as const, rules: [], at: '2026-11-26T11:00:00.000Z' },
    };
    expect(buyerNotification('REJECTED', byReviewer, 'en').text).not.toContain('step in');
  });
});

describe('a buyer whose payout failed', () => {
  it('is told by SMS that we are on it and what they can do', () => {
    const failed = aRefund({ status: 'PAYOUT_FAILED', payout: aPayout({ failedAt: '2026-11-26T11:00:00.000Z' }) });
    const n = buyerNotification('PAYOUT_FAILED', failed, 'zh-CN');
    expect(n.text).toContain('平台余额');
    expect(n.attributes).toEqual({ channel: 'SMS', locale: 'zh-CN', event: 'PAYOUT_FAILED' });
  });
});

describe('a buyer whose refund waits for the goods', () => {
  it('is told what to send back and by when, in China time', () => {
    const waiting = aRefund({
      status: 'AWAITING_RETURN',
      nextStep: { who: 'BUYER', action: 'SHIP_RETURN', dueBy: '2026-11-28T10:00:00.000Z' },
    });
    const n = buyerNotification('RETURN_REQUESTED', waiting, 'zh-CN');
    expect(n.text).toBe(
      '退款 ¥129.00（订单 o-1）需先寄回商品，请于 2026-11-28 18:00（北京时间）前寄出并填写退货单号。',
    );
    expect(buyerNotification('RETURN_REQUESTED', waiting, 'en').text).toContain('by 2026-11-28 18:00 (China time)');
  });

  it('is told by SMS when the refund closes because nothing came back in time', () => {
    const closed = aRefund({ status: 'CANCELLED' });
    const n = buyerNotification('CLOSED_NO_RETURN', closed, 'en');
    expect(n.text).toContain('not sent back in time');
    expect(n.attributes.channel).toBe('SMS');
    expect(buyerNotification('CLOSED_NO_EVIDENCE', closed, 'zh-CN').text).toContain('凭证未在期限内上传');
  });
});

describe('every event in every locale', () => {
  it('has a subject and a short text with the amount', () => {
    for (const locale of LOCALES) {
      for (const event of BUYER_EVENTS) {
        const n = buyerNotification(event, sent, locale);
        expect(n.subject.length).toBeGreaterThan(0);
        expect(n.text.length).toBeLessThanOrEqual(locale === 'zh-CN' ? 70 : 160);
        if (event !== 'REJECTED') expect(n.text).toContain('¥19.99');
      }
    }
  });
});
