/**
 * Which payment channel pays a payout, by the payout's method (the order's payment method for ORIGINAL, or the
 * platform balance / coupon): a map chosen per deployment (env PAYMENT_CHANNELS, set by the stack from the stage and
 * `-c paymentChannels=`; docs/payouts.md) and per local run (`npm start -- --payments=alipay-fake`).
 *
 * - `alipay` pays ALIPAY refunds back through Alipay (functions/adapters/payments/channels/alipay.ts);
 * - `wechat` pays WECHAT_PAY refunds back through WeChat Pay API v3 (channels/wechat.ts);
 * - `wallet` credits BALANCE and COUPON payouts on the platform's own wallet service at once (ports/wallet.ts);
 * - `sandbox` is the stand-in for any method: it moves no money (adapters/payments/sandbox.ts).
 * The channel's name is also what the ledger writes as the entry's provider.
 */
import { PAYMENT_METHODS } from '../vocabulary.ts';
import type { PayoutMethod } from './promise.ts';

export const CHANNELS = ['sandbox', 'alipay', 'wechat', 'wallet'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const PAYOUT_METHODS: readonly PayoutMethod[] = [...PAYMENT_METHODS, 'COUPON'];

export type ChannelMap = Readonly<Record<PayoutMethod, ChannelName>>;

/** The methods each real channel can pay; the sandbox stands in for any. */
const SERVES: Readonly<Record<Exclude<ChannelName, 'sandbox'>, readonly PayoutMethod[]>> = {
  alipay: ['ALIPAY'],
  wechat: ['WECHAT_PAY'],
  wallet: ['BALANCE', 'COUPON'],
};

/** Everything through the sandbox: a deployment that has connected no channel yet (dev by default). */
export const SANDBOX_CHANNELS: ChannelMap = {
  ALIPAY: 'sandbox',
  WECHAT_PAY: 'sandbox',
  BANK_CARD: 'sandbox',
  BALANCE: 'sandbox',
  COUPON: 'sandbox',
};

/**
 * Every method through its real channel. No bank-card adapter exists: BANK_CARD stays on the sandbox stand-in, and
 * the stack warns about it when it deploys one (infra/constructs/payment-channels.ts).
 */
export const REAL_CHANNELS: ChannelMap = {
  ALIPAY: 'alipay',
  WECHAT_PAY: 'wechat',
  BANK_CARD: 'sandbox',
  BALANCE: 'wallet',
  COUPON: 'wallet',
};

/** Local mode: the platform wallet (its local stand-in) for balance and coupon, the sandbox for the rest. */
export const LOCAL_CHANNELS: ChannelMap = { ...SANDBOX_CHANNELS, BALANCE: 'wallet', COUPON: 'wallet' };

export class ChannelMapError extends Error {
  override name = 'ChannelMapError';
}

/** Whether `channel` can pay `method`. */
export function canPay(channel: ChannelName, method: PayoutMethod): boolean {
  return channel === 'sandbox' || SERVES[channel].includes(method);
}

/**
 * Applies overrides (`ALIPAY:alipay,BALANCE:wallet`, or the JSON object the functions are given) on a base map, and
 * checks every pairing. Throws {@link ChannelMapError} saying what is wrong.
 */
export function channelMap(base: ChannelMap, overrides: string | Partial<Record<string, string>> = {}): ChannelMap {
  const pairs: [string, string][] =
    typeof overrides === 'string'
      ? overrides
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
          .map((p) => {
            const [method = '', channel = '', ...rest] = p.split(':').map((s) => s.trim());
            if (rest.length || !method || !channel) throw new ChannelMapError(`"${p}" is not METHOD:channel`);
            return [method, channel];
          })
      : Object.entries(overrides).map(([m, c]) => [m, String(c)]);
  const map: Record<PayoutMethod, ChannelName> = { ...base };
  for (const [method, channel] of pairs) {
    if (!(PAYOUT_METHODS as readonly string[]).includes(method)) {
      throw new ChannelMapError(`unknown payout method "${method}": use ${PAYOUT_METHODS.join('|')}`);
    }
    if (!(CHANNELS as readonly string[]).includes(channel)) {
      throw new ChannelMapError(`unknown channel "${channel}": use ${CHANNELS.join('|')}`);
    }
    if (!canPay(channel as ChannelName, method as PayoutMethod)) {
      throw new ChannelMapError(`${channel} cannot pay ${method} refunds`);
    }
    map[method as PayoutMethod] = channel as ChannelName;
  }
  return map;
}

/** The channels a map uses, each once, in CHANNELS order. */
export function channelsIn(map: ChannelMap): ChannelName[] {
  const used = new Set(Object.values(map));
  return CHANNELS.filter((c) => used.has(c));
}
