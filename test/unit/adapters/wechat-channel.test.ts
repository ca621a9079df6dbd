/**
 * The WeChat Pay refund adapter (functions/adapters/payments/channels/wechat.ts) against the local WeChat Pay fake
 * (local/channels/wechat-fake.ts) on 127.0.0.1, with the notification adapter behind a local notify_url: the port's
 * guarantees (idempotency on refundId, errors by name, asynchronous settlement) and the channel's own record of the
 * money it moved (`attempts()`), including under the fake's faults.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WechatPayChannel } from '../../../functions/adapters/payments/channels/wechat.ts';
import {
  loadPlatformKeys,
  parseWechatPayCredentials,
  type WechatPayCredentials,
} from '../../../functions/adapters/payments/channels/wechat-credentials.ts';
import { ConfigurationError } from '../../../functions/config.ts';
import type { SendPayoutRequest } from '../../../functions/ports/payment-provider.ts';
import type { FakeChannelFaults } from '../../../local/channels/controls.ts';
import { startWechatFake, type WechatFake } from '../../../local/channels/wechat-fake.ts';
import {
  API_V3_KEY,
  credentialsFor,
  MCHID,
  MERCHANT_SERIAL,
  PUB_KEY_ID,
  type Receiver,
  selfSignedCertificate,
  startReceiver,
  type TestKeys,
  testKeys,
} from './wechat-support.ts';

let keys: TestKeys;
let credentials: WechatPayCredentials;
const open: { close(): Promise<void> }[] = [];

beforeAll(() => {
  keys = testKeys();
  credentials = credentialsFor(keys);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

interface Setup {
  fake: WechatFake;
  channel: WechatPayChannel;
  receiver: Receiver;
  clock: { shiftMs: number };
}

/** A fake, a receiver as notify_url, and the adapter pointed at them. */
async function setup(
  options: {
    faults?: Partial<FakeChannelFaults>;
    seed?: number;
    timeoutMs?: number;
    channelCredentials?: WechatPayCredentials;
    platformKeyId?: string;
  } = {},
): Promise<Setup> {
  const clock = { shiftMs: 0 };
  const receiver = await startReceiver(credentials);
  open.push(receiver);
  const fake = await startWechatFake({
    merchantPublicKey: keys.merchant.publicPem,
    mchid: MCHID,
    merchantSerialNo: MERCHANT_SERIAL,
    platformPrivateKey: keys.platform.privatePem,
    platformKeyId: options.platformKeyId ?? PUB_KEY_ID,
    apiV3Key: API_V3_KEY,
    seed: options.seed ?? 7,
    faults: { latencyMs: { min: 30, max: 60 }, ...options.faults },
    now: () => Date.now() + clock.shiftMs,
  });
  open.push(fake);
  const channel = new WechatPayChannel({
    credentials: options.channelCredentials ?? credentials,
    baseUrl: fake.baseUrl,
    notifyUrl: receiver.url,
    timeoutMs: options.timeoutMs ?? 2_000,
  });
  return { fake, channel, receiver, clock };
}

function refund(refundId: string, amount: number, order: Partial<SendPayoutRequest['order']> = {}): SendPayoutRequest {
  return {
    refundId,
    amount,
    currency: 'CNY',
    method: 'WECHAT_PAY',
    destination: 'ORIGINAL',
    buyerId: 'buyer-1',
    order: { orderId: 'ORD-1', paidAmount: 10_000, paymentRef: '4200001234202601050000000001', ...order },
  };
}

const query = (refundId: string) => ({ refundId, method: 'WECHAT_PAY' as const, orderId: 'ORD-1' });

/** Sends until the fake's transient faults let one call through or `limit` calls failed; the errors seen. */
async function sendCollectingErrors(s: Setup, req: SendPayoutRequest, limit: number): Promise<Error[]> {
  const errors: Error[] = [];
  for (let i = 0; i < limit; i++) {
    try {
      await s.channel.send(req);
      return errors;
    } catch (error) {
      errors.push(error as Error);
    }
  }
  return errors;
}

describe('send', () => {
  it('accepts partial refunds of one order, each settling by an encrypted, signed notification', async () => {
    const s = await setup({ faults: { latencyMs: { min: 400, max: 500 } } });
    const a = await s.channel.send(refund('RF-partial-1', 3_000));
    const b = await s.channel.send(refund('RF-partial-2', 5_000));
    expect(a).toMatchObject({ duplicate: false });
    expect(a).not.toHaveProperty('settled');
    expect(b.providerRef).not.toBe(a.providerRef);
    expect(Date.parse(a.acceptedAt)).toBeGreaterThan(Date.now() - 10_000);
    expect(await s.channel.status(query('RF-partial-1'))).toMatchObject({ state: 'PENDING', amount: 3_000 });

    await s.fake.drain();
    expect(s.receiver.events.map((e) => [e.refundId, e.providerRef, e.status, e.amount]).sort()).toEqual(
      [
        ['RF-partial-1', a.providerRef, 'SETTLED', 3_000],
        ['RF-partial-2', b.providerRef, 'SETTLED', 5_000],
      ].sort(),
    );
    expect(s.fake.attempts().map((x) => [x.refundId, x.amount, x.outcome])).toEqual([
      ['RF-partial-1', 3_000, 'SETTLED'],
      ['RF-partial-2', 5_000, 'SETTLED'],
    ]);
    const settled = await s.channel.status(query('RF-partial-2'));
    expect(settled).toMatchObject({
      state: 'SETTLED',
      providerRef: b.providerRef,
      amount: 5_000,
      settledAmount: 5_000,
    });
    expect(settled?.at).toMatch(/Z$/);
    expect(s.fake.notifications.map((n) => [n.kind, n.status])).toEqual([
      ['FIRST', 204],
      ['FIRST', 204],
    ]);
  });

  it('uses out_trade_no when the order has no WeChat transaction id', async () => {
    const s = await setup();
    const { paymentRef: _none, ...order } = refund('x', 1).order;
    const result = await s.channel.send({ ...refund('RF-trade-no', 1_000), order });
    expect(result.duplicate).toBe(false);
    // Another refund of the same order over the remaining amount is refused: the fake keyed the order by out_trade_no.
    await expect(s.channel.send({ ...refund('RF-trade-no-2', 9_001), order })).rejects.toMatchObject({
      name: 'ProviderRejected',
    });
  });

  it('is idempotent on refundId: a retry gets the same refund, money moves once', async () => {
    const s = await setup();
    const first = await s.channel.send(refund('RF-idem', 2_500));
    const again = await s.channel.send(refund('RF-idem', 2_500));
    expect(again.providerRef).toBe(first.providerRef);
    // Within a second or two of the first acceptance WeChat Pay's whole-second times cannot tell a retry from a new
    // refund, so `again.duplicate` is not asserted; ten seconds later they can.
    s.clock.shiftMs = 10_000;
    const late = await s.channel.send(refund('RF-idem', 2_500));
    expect(late).toMatchObject({ providerRef: first.providerRef, duplicate: true, acceptedAt: first.acceptedAt });
    await s.fake.drain();
    expect(s.fake.attempts('RF-idem')).toHaveLength(1);
    expect(s.receiver.events.filter((e) => e.refundId === 'RF-idem')).toHaveLength(1);
  });

  it('rejects the same refundId with another amount (INVALID_REQUEST) and keeps the first', async () => {
    const s = await setup();
    await s.channel.send(refund('RF-other', 2_000));
    await expect(s.channel.send(refund('RF-other', 2_001))).rejects.toMatchObject({
      name: 'ProviderRejected',
      retryable: false,
      message: expect.stringContaining('INVALID_REQUEST'),
    });
    expect(s.fake.attempts('RF-other').map((a) => a.amount)).toEqual([2_000]);
  });

  it('rejects refunds beyond the order total, counting failed attempts out', async () => {
    const s = await setup();
    await s.channel.send(refund('RF-over-1', 6_000));
    await expect(s.channel.send(refund('RF-over-2', 4_001))).rejects.toMatchObject({
      name: 'ProviderRejected',
      message: expect.stringContaining('INVALID_REQUEST'),
    });
    await expect(s.channel.send(refund('RF-over-3', 10_001, {}))).rejects.toMatchObject({ name: 'ProviderRejected' });
    expect((await s.channel.send(refund('RF-over-4', 4_000))).duplicate).toBe(false);
    expect(s.fake.attempts().map((a) => a.refundId)).toEqual(['RF-over-1', 'RF-over-4']);
  });

  it('rejects when the merchant balance is insufficient (NOT_ENOUGH), and nothing is recorded', async () => {
    const s = await setup({ faults: { insufficientBalance: true } });
    await expect(s.channel.send(refund('RF-poor', 1_000))).rejects.toMatchObject({
      name: 'ProviderRejected',
      message: expect.stringContaining('NOT_ENOUGH'),
    });
    expect(s.fake.attempts()).toEqual([]);
    s.fake.setFaults({ insufficientBalance: false });
    expect((await s.channel.send(refund('RF-poor', 1_000))).duplicate).toBe(false);
  });

  it('refuses a currency other than CNY without calling WeChat Pay', async () => {
    const s = await setup();
    await expect(s.channel.send({ ...refund('RF-usd', 100), currency: 'USD' })).rejects.toMatchObject({
      name: 'ProviderRejected',
    });
    expect(s.fake.attempts()).toEqual([]);
  });

  it('maps 503 SYSTEM_ERROR and 429 FREQUENCY_LIMITED to ProviderUnavailable, no answer to ProviderTimeout', async () => {
    const s = await setup({ faults: { transientErrorRate: 1, ambiguousTimeoutShare: 0 }, timeoutMs: 150 });
    const errors = await sendCollectingErrors(s, refund('RF-flaky', 1_000), 12);
    expect(errors).toHaveLength(12);
    const kinds = new Set(errors.map((e) => `${e.name}:${/503|429/.exec(e.message)?.[0] ?? ''}`));
    expect(kinds).toEqual(new Set(['ProviderUnavailable:503', 'ProviderUnavailable:429', 'ProviderTimeout:']));
    expect(errors.every((e) => (e as { retryable?: boolean }).retryable === true)).toBe(true);
    expect(s.fake.attempts()).toEqual([]);
    s.fake.setFaults({ transientErrorRate: 0 });
    expect((await s.channel.send(refund('RF-flaky', 1_000))).duplicate).toBe(false);
  });

  it('after a timeout where WeChat Pay had accepted, the retry gets that refund and money moves once', async () => {
    const s = await setup({ faults: { transientErrorRate: 1, ambiguousTimeoutShare: 1 }, timeoutMs: 150 });
    let timedOut = false;
    for (let i = 0; i < 12 && !timedOut; i++) {
      const error = await s.channel.send(refund('RF-lost', 4_200)).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      timedOut = (error as Error).name === 'ProviderTimeout';
    }
    expect(timedOut).toBe(true);
    expect(s.fake.attempts('RF-lost')).toHaveLength(1);
    s.fake.setFaults({ transientErrorRate: 0 });
    const retry = await s.channel.send(refund('RF-lost', 4_200));
    expect(retry.providerRef).toBe(s.fake.attempts('RF-lost')[0]?.providerRef);
    await s.fake.drain();
    expect(s.fake.attempts('RF-lost').map((a) => a.outcome)).toEqual(['SETTLED']);
    expect(s.receiver.events.filter((e) => e.status === 'SETTLED').map((e) => e.amount)).toEqual([4_200]);
  });

  it("maps a proxy's bare answers by HTTP status, and never reads a bare 404 as 'no such refund'", async () => {
    const answers = [
      { status: 502, body: '<html>Bad Gateway</html>' },
      { status: 404, body: '<html>Not Found</html>' },
      { status: 200, body: '{"refund_id":"1"}' }, // unsigned
    ];
    const server = createServer((_req, res) => {
      const next = answers.shift() ?? { status: 500, body: '' };
      res.writeHead(next.status, { 'content-type': 'text/html' }).end(next.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push({
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    });
    const { port } = server.address() as AddressInfo;
    const channel = new WechatPayChannel({ credentials, baseUrl: `http://127.0.0.1:${port}/` });
    await expect(channel.send(refund('RF-proxy', 100))).rejects.toMatchObject({ name: 'ProviderUnavailable' });
    await expect(channel.status(query('RF-proxy'))).rejects.toMatchObject({ name: 'ProviderRejected' });
    await expect(channel.send(refund('RF-proxy', 100))).rejects.toMatchObject({
      name: 'ProviderUnavailable',
      message: expect.stringContaining('missing Wechatpay signature headers'),
    });
  });

  it('is ProviderUnavailable when the connection is refused', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const channel = new WechatPayChannel({ credentials, baseUrl: `http://127.0.0.1:${port}` });
    await expect(channel.send(refund('RF-down', 100))).rejects.toMatchObject({ name: 'ProviderUnavailable' });
  });
});

describe('signatures', () => {
  it('WeChat Pay refuses a request signed with another merchant key: 401 SIGN_ERROR → ProviderRejected', async () => {
    const s = await setup({
      channelCredentials: credentialsFor(keys, { privateKey: keys.stranger.privatePem }),
    });
    await expect(s.channel.send(refund('RF-forged', 100))).rejects.toMatchObject({
      name: 'ProviderRejected',
      message: expect.stringContaining('SIGN_ERROR'),
    });
    expect(s.fake.attempts()).toEqual([]);
  });

  it('an answer not signed by a configured WeChat Pay key is ProviderUnavailable; the retry is then safe', async () => {
    const s = await setup({
      channelCredentials: credentialsFor(keys, { platformKeys: [{ id: PUB_KEY_ID, pem: keys.stranger.publicPem }] }),
    });
    await expect(s.channel.send(refund('RF-unverified', 700))).rejects.toMatchObject({
      name: 'ProviderUnavailable',
      message: expect.stringContaining('does not verify'),
    });
    // WeChat Pay did accept it: the adapter's retry with the right key finds that refund.
    const fixed = new WechatPayChannel({ credentials, baseUrl: s.fake.baseUrl });
    const retry = await fixed.send(refund('RF-unverified', 700));
    expect(retry.providerRef).toBe(s.fake.attempts('RF-unverified')[0]?.providerRef);
    expect(s.fake.attempts('RF-unverified')).toHaveLength(1);
  });

  it('an answer signed under an unknown serial is ProviderUnavailable', async () => {
    const s = await setup({ platformKeyId: 'PUB_KEY_ID_0119000001099999999999999999999999' });
    await expect(s.channel.status(query('RF-none'))).resolves.toBeUndefined(); // 404 is not checked for a signature
    await expect(s.channel.send(refund('RF-serial', 100))).rejects.toMatchObject({
      name: 'ProviderUnavailable',
      message: expect.stringContaining('unknown Wechatpay-Serial'),
    });
  });

  it('verifies with a platform certificate (id = its serial number) as well as a public key', async () => {
    const serial = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
    const certCredentials = credentialsFor(keys, {
      platformKeys: [
        { id: serial, pem: selfSignedCertificate(keys.platform, serial) },
        { id: PUB_KEY_ID, pem: keys.stranger.publicPem },
      ],
    });
    const s = await setup({ channelCredentials: certCredentials, platformKeyId: serial.toLowerCase() });
    const result = await s.channel.send(refund('RF-cert', 300));
    expect(result.providerRef).toMatch(/^503\d+$/);
    expect(() =>
      loadPlatformKeys([{ id: '6157F09EFDC096DE15EBE81A47057A7232F1B8E1', pem: certCredentials.platformKeys[0]!.pem }]),
    ).toThrow(ConfigurationError);
  });
});

describe('status', () => {
  it('goes PENDING → SETTLED; a failed attempt is FAILED and a new send starts a new attempt', async () => {
    const s = await setup({ faults: { failureRate: 1, latencyMs: { min: 300, max: 300 } } });
    expect(await s.channel.status(query('RF-status'))).toBeUndefined();
    const first = await s.channel.send(refund('RF-status', 1_500));
    expect(await s.channel.status(query('RF-status'))).toMatchObject({
      state: 'PENDING',
      providerRef: first.providerRef,
    });
    await s.fake.drain();
    expect(await s.channel.status(query('RF-status'))).toEqual({
      refundId: 'RF-status',
      providerRef: first.providerRef,
      state: 'FAILED',
      amount: 1_500,
    });
    expect(s.receiver.events).toEqual([
      expect.objectContaining({ providerRef: first.providerRef, status: 'FAILED', reason: 'REFUND_ABNORMAL' }),
    ]);

    s.fake.setFaults({ failureRate: 0 });
    const second = await s.channel.send(refund('RF-status', 1_500));
    expect(second.providerRef).not.toBe(first.providerRef);
    expect(second.duplicate).toBe(false);
    await s.fake.drain();
    expect(await s.channel.status(query('RF-status'))).toMatchObject({
      state: 'SETTLED',
      providerRef: second.providerRef,
      settledAmount: 1_500,
    });
    expect(s.fake.attempts('RF-status').map((a) => a.outcome)).toEqual(['FAILED', 'SETTLED']);
  });
});

describe('notifications from the fake', () => {
  it('delivers an early notification before the answer to the refund request', async () => {
    const s = await setup({ faults: { earlyNotificationRate: 1 } });
    const result = await s.channel.send(refund('RF-early', 800));
    // By the time send resolves, the notification has been received and verified.
    expect(s.receiver.events).toEqual([
      expect.objectContaining({
        refundId: 'RF-early',
        providerRef: result.providerRef,
        status: 'SETTLED',
        amount: 800,
      }),
    ]);
    expect(s.fake.notifications).toEqual([{ refundId: 'RF-early', kind: 'EARLY', status: 204 }]);
    expect(await s.channel.status(query('RF-early'))).toMatchObject({ state: 'SETTLED' });
  });

  it('sends duplicates, each verified and decoding to the same event', async () => {
    const s = await setup({ faults: { duplicateRate: 1 } });
    await s.channel.send(refund('RF-dup', 900));
    await s.fake.drain();
    expect(s.fake.notifications.map((n) => n.kind)).toEqual(['FIRST', 'DUPLICATE']);
    expect(s.receiver.events).toHaveLength(2);
    expect(s.receiver.events[1]).toEqual(s.receiver.events[0]);
    expect(s.fake.attempts('RF-dup')).toHaveLength(1);
  });

  it('redelivers with backoff until the notify_url answers 2xx', async () => {
    const s = await setup();
    s.receiver.failNext(2);
    await s.channel.send(refund('RF-retry', 600));
    await s.fake.drain();
    expect(s.fake.notifications.map((n) => n.status)).toEqual([500, 500, 204]);
    expect(s.receiver.events.map((e) => e.refundId)).toEqual(['RF-retry']);
  });

  it('is deterministic for a seed: the same ids for the same requests', async () => {
    const refs: string[][] = [];
    for (const _ of [1, 2]) {
      const s = await setup({ seed: 42 });
      refs.push([
        (await s.channel.send(refund('RF-seed-1', 100))).providerRef,
        (await s.channel.send(refund('RF-seed-2', 200))).providerRef,
      ]);
      await Promise.all(open.splice(0).map((o) => o.close()));
    }
    expect(refs[1]).toEqual(refs[0]);
  });
});

describe('credentials', () => {
  it('parses the secret JSON and names the bad fields', () => {
    const json = JSON.stringify(credentials);
    expect(parseWechatPayCredentials(json)).toEqual(credentials);
    expect(parseWechatPayCredentials({ ...credentials, previousApiV3Key: API_V3_KEY })).toHaveProperty(
      'previousApiV3Key',
    );
    expect(() => parseWechatPayCredentials({ ...credentials, apiV3Key: 'short' })).toThrow(/apiV3Key/);
    expect(() => parseWechatPayCredentials({ ...credentials, platformKeys: [] })).toThrow(/platformKeys/);
    const six = Array.from({ length: 6 }, (_, i) => ({ id: `PUB_KEY_ID_${i}`, pem: keys.platform.publicPem }));
    expect(() => parseWechatPayCredentials({ ...credentials, platformKeys: six })).toThrow(/platformKeys/);
    expect(() => parseWechatPayCredentials({ ...credentials, privateKey: 'not a key' })).toThrow(/privateKey/);
    expect(() => parseWechatPayCredentials('{')).toThrow(ConfigurationError);
  });
});

afterAll(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});
