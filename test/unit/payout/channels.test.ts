/** Which channel pays which method (domain/payout/channels.ts): the maps per stage and the overrides' checks. */
import { describe, expect, it } from 'vitest';
import {
  ChannelMapError,
  canPay,
  channelMap,
  channelsIn,
  LOCAL_CHANNELS,
  REAL_CHANNELS,
  SANDBOX_CHANNELS,
} from '../../../functions/domain/payout/channels.ts';

describe('the channel map', () => {
  it('pays every method through its own channel when real, the wallet for balance and coupon locally', () => {
    expect(REAL_CHANNELS).toEqual({
      ALIPAY: 'alipay',
      WECHAT_PAY: 'wechat',
      BANK_CARD: 'sandbox',
      BALANCE: 'wallet',
      COUPON: 'wallet',
    });
    expect(LOCAL_CHANNELS).toMatchObject({ ALIPAY: 'sandbox', BALANCE: 'wallet', COUPON: 'wallet' });
    expect(channelsIn(SANDBOX_CHANNELS)).toEqual(['sandbox']);
    expect(channelsIn(REAL_CHANNELS)).toEqual(['sandbox', 'alipay', 'wechat', 'wallet']);
  });

  it('takes overrides as the context writes them or as the JSON the functions get', () => {
    expect(channelMap(SANDBOX_CHANNELS, 'ALIPAY:alipay, BALANCE:wallet')).toEqual({
      ...SANDBOX_CHANNELS,
      ALIPAY: 'alipay',
      BALANCE: 'wallet',
    });
    expect(channelMap(SANDBOX_CHANNELS, JSON.parse(JSON.stringify(REAL_CHANNELS)))).toEqual(REAL_CHANNELS);
    expect(channelMap(REAL_CHANNELS, '')).toEqual(REAL_CHANNELS);
    expect(channelMap(REAL_CHANNELS, 'ALIPAY:sandbox').ALIPAY).toBe('sandbox');
  });

  it.each([
    ['WECHAT_PAY:alipay', 'alipay cannot pay WECHAT_PAY refunds'],
    ['BANK_CARD:wallet', 'wallet cannot pay BANK_CARD refunds'],
    ['PAYPAL:sandbox', 'unknown payout method "PAYPAL"'],
    ['ALIPAY:stripe', 'unknown channel "stripe"'],
    ['ALIPAY', '"ALIPAY" is not METHOD:channel'],
    ['ALIPAY:alipay:x', 'is not METHOD:channel'],
  ])('refuses %s, saying why', (overrides, message) => {
    expect(() => channelMap(SANDBOX_CHANNELS, overrides)).toThrow(ChannelMapError);
    expect(() => channelMap(SANDBOX_CHANNELS, overrides)).toThrow(message);
  });

  it('lets the sandbox stand in for any method and each real channel pay only its own', () => {
    expect(canPay('sandbox', 'COUPON')).toBe(true);
    expect(canPay('alipay', 'ALIPAY')).toBe(true);
    expect(canPay('alipay', 'BALANCE')).toBe(false);
    expect(canPay('wallet', 'COUPON')).toBe(true);
  });
});
