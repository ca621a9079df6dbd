/**
 * The payment channels of a local run: the platform wallet's local stand-in (always: balance and coupon payouts are
 * credited at once), the sandbox for every other method, and, with `npm start -- --payments=alipay-fake,wechat-fake`,
 * the real Alipay and WeChat Pay adapters against local fakes of those channels' APIs (./alipay-fake.ts,
 * ./wechat-fake.ts), with key pairs made for this run. What the fakes and the stand-in are: README "Stand-ins".
 *
 * The payout functions get the router in process (the runtime installs it as their `payments` port), where AWS has
 * them invoke the channel functions; the channels' notification routes run as deployed, reading their credentials
 * through the local Secrets Manager endpoint (`secretFor`), so their grants are checked as in AWS.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { AlipayChannel } from '../../functions/adapters/payments/channels/alipay.ts';
import { WechatPayChannel } from '../../functions/adapters/payments/channels/wechat.ts';
import { PaymentRouter } from '../../functions/adapters/payments/router.ts';
import type { SandboxPaymentProvider } from '../../functions/adapters/payments/sandbox.ts';
import { WalletChannel } from '../../functions/adapters/payments/wallet-channel.ts';
import { HttpWallet } from '../../functions/adapters/wallet/http-wallet.ts';
import { type ChannelMap, type ChannelName, LOCAL_CHANNELS } from '../../functions/domain/payout/channels.ts';
import type { PaymentProvider } from '../../functions/ports/payment-provider.ts';
import { startAlipayFake } from './alipay-fake.ts';
import type { FakeChannel } from './controls.ts';
import { startWalletStandIn, type WalletStandIn } from './wallet-stand-in.ts';
import { startWechatFake } from './wechat-fake.ts';

/**
 * How long the adapters wait for the local fakes: they answer in milliseconds, and a fault that holds an answer should
 * cost a second per try, not the production timeouts (5 s Alipay, 10 s WeChat Pay) times the state machine's retries.
 */
const LOCAL_TIMEOUT_MS = 1000;

export const FAKE_CHANNELS = ['alipay', 'wechat'] as const;
export type FakeChannelName = (typeof FAKE_CHANNELS)[number];

/** `sandbox`, or a comma-separated list of `alipay-fake` / `wechat-fake`. */
export function parseFakeChannels(value: string): FakeChannelName[] {
  const names = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'sandbox') return [];
  return names.map((name) => {
    const channel = name.replace(/-fake$/, '');
    if (!name.endsWith('-fake') || !(FAKE_CHANNELS as readonly string[]).includes(channel)) {
      throw new RangeError(`"${name}" is not a payment channel to fake: use sandbox, alipay-fake or wechat-fake`);
    }
    return channel as FakeChannelName;
  });
}

export interface LocalChannels {
  /** Installed as every payout function's `payments` port. */
  router: PaymentProvider;
  map: ChannelMap;
  wallet: WalletStandIn;
  fakes: Partial<Record<FakeChannelName, FakeChannel>>;
  /** The value of a channel's Secrets Manager secret in this run (the stack's placeholder when it is not faked). */
  secretFor(channel: Exclude<ChannelName, 'sandbox'>): string;
  /** One line for the banner: which channel pays what. */
  describe(): string;
  close(): Promise<void>;
}

const pem = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

export async function startLocalChannels(options: {
  sandbox: SandboxPaymentProvider;
  fakes: readonly FakeChannelName[];
  /** The API's base URL, once it listens. */
  apiUrl: () => string;
}): Promise<LocalChannels> {
  const secrets: Partial<Record<Exclude<ChannelName, 'sandbox'>, string>> = {};
  const walletKey = { keyId: 'local', secret: randomBytes(32).toString('hex') };
  const wallet = await startWalletStandIn(walletKey);
  secrets.wallet = JSON.stringify({ baseUrl: wallet.url, ...walletKey });
  const channels: Partial<Record<ChannelName, PaymentProvider>> = {
    sandbox: options.sandbox,
    wallet: new WalletChannel(new HttpWallet({ baseUrl: wallet.url, ...walletKey })),
  };
  let map: ChannelMap = LOCAL_CHANNELS;
  const fakes: Partial<Record<FakeChannelName, FakeChannel>> = {};
  if (options.fakes.includes('alipay')) {
    const app = pem();
    const alipay = pem();
    const credentials = { appId: '2021000000000001', privateKey: app.privateKey, alipayPublicKey: alipay.publicKey };
    const notifyUrl = () => `${options.apiUrl()}/v1/payments/alipay/notify`;
    const fake = await startAlipayFake({
      appId: credentials.appId,
      appPublicKey: app.publicKey,
      alipayPrivateKey: alipay.privateKey,
    });
    fakes.alipay = fake;
    channels.alipay = new LazyNotifyChannel('alipay', notifyUrl, (url) => {
      fake.setNotifyUrl(url);
      return new AlipayChannel({ credentials, gateway: fake.gateway, notifyUrl: url, timeoutMs: LOCAL_TIMEOUT_MS });
    });
    secrets.alipay = JSON.stringify(credentials);
    map = { ...map, ALIPAY: 'alipay' };
  }
  if (options.fakes.includes('wechat')) {
    const merchant = pem();
    const platform = pem();
    const apiV3Key = randomBytes(16).toString('hex');
    const credentials = {
      mchid: '1900000001',
      merchantSerialNo: randomBytes(20).toString('hex').toUpperCase(),
      privateKey: merchant.privateKey,
      apiV3Key,
      platformKeys: [{ id: 'PUB_KEY_ID_0119000000012026120100000000000001', pem: platform.publicKey }],
    };
    const notifyUrl = () => `${options.apiUrl()}/v1/payments/wechat/notify`;
    const fake = await startWechatFake({
      merchantPublicKey: merchant.publicKey,
      mchid: credentials.mchid,
      merchantSerialNo: credentials.merchantSerialNo,
      platformPrivateKey: platform.privateKey,
      platformKeyId: credentials.platformKeys[0]?.id ?? '',
      apiV3Key,
    });
    fakes.wechat = fake;
    channels.wechat = new LazyNotifyChannel('wechat', notifyUrl, (url) => {
      fake.setNotifyUrl(url);
      return new WechatPayChannel({ credentials, baseUrl: fake.baseUrl, notifyUrl: url, timeoutMs: LOCAL_TIMEOUT_MS });
    });
    secrets.wechat = JSON.stringify(credentials);
    map = { ...map, WECHAT_PAY: 'wechat' };
  }
  const router = new PaymentRouter(map, channels);
  return {
    router,
    map,
    wallet,
    fakes,
    // Not faked: what the stack's generated placeholder looks like, so the route fails as an unconfigured one would.
    secretFor: (channel) => secrets[channel] ?? 'placeholder-generated-by-the-stack',
    describe: () =>
      Object.entries(map)
        .map(
          ([method, channel]) =>
            `${method}→${channel === 'sandbox' ? 'sandbox' : `${channel}${channel === 'wallet' ? ' (stand-in)' : ' (fake)'}`}`,
        )
        .join(', '),
    async close() {
      await Promise.all([wallet.close(), ...Object.values(fakes).map((f) => f.close())]);
    },
  };
}

/** A channel built on first use, once the API listens and its notification URL is known. */
class LazyNotifyChannel implements PaymentProvider {
  private built: PaymentProvider | undefined;

  constructor(
    readonly name: string,
    private readonly notifyUrl: () => string,
    private readonly build: (notifyUrl: string) => PaymentProvider,
  ) {}

  private get channel(): PaymentProvider {
    this.built ??= this.build(this.notifyUrl());
    return this.built;
  }

  send(request: Parameters<PaymentProvider['send']>[0]) {
    return this.channel.send(request);
  }

  status(query: Parameters<NonNullable<PaymentProvider['status']>>[0]) {
    const channel = this.channel;
    return channel.status ? channel.status(query) : Promise.resolve(undefined);
  }
}
