/**
 * The Alipay channel adapter against the local Alipay gateway fake over 127.0.0.1: refunds (partial, idempotent,
 * conflicting, over the per-trade limit, refused for funds), transport faults (503, a timeout after the fake had
 * accepted), the refund query (PENDING → SETTLED, FAILED, unknown), the fake's signed notifications through
 * AlipayNotifications (first, early, duplicate, redelivered until `success`), and the signatures both ways.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlipayChannel, mapBusinessError } from '../../../functions/adapters/payments/channels/alipay.ts';
import type { AlipayCredentials } from '../../../functions/adapters/payments/channels/alipay-credentials.ts';
import { AlipayNotifications } from '../../../functions/adapters/payments/channels/alipay-notify.ts';
import type { ChannelNotice } from '../../../functions/adapters/payments/channels/notification.ts';
import type { PayoutWebhook } from '../../../functions/domain/payout/webhook.ts';
import type { SendPayoutRequest } from '../../../functions/ports/payment-provider.ts';
import { type AlipayFake, MAX_REFUNDS_PER_TRADE, startAlipayFake } from '../../../local/channels/alipay-fake.ts';

const APP_ID = '2021000000000001';

function rsaPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

const app = rsaPair();
const alipay = rsaPair();
const stranger = rsaPair();

const credentials: AlipayCredentials = {
  appId: APP_ID,
  privateKey: app.privateKey,
  alipayPublicKey: alipay.publicKey,
};

/** A notification endpoint on 127.0.0.1 that verifies with AlipayNotifications and answers what it says. */
async function startReceiver(notifications: AlipayNotifications, failFirst = 0) {
  const notices: ChannelNotice[] = [];
  let posts = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      posts++;
      if (posts <= failFirst) {
        res.writeHead(500).end('oops');
        return;
      }
      const notice = await notifications.verify({ headers: {}, body: Buffer.concat(chunks) }, Date.now());
      notices.push(notice);
      res.writeHead(notice.reply.status, { 'content-type': notice.reply.contentType ?? 'text/plain' });
      res.end(notice.reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  return {
    url,
    notices,
    posts: () => posts,
    events: (): PayoutWebhook[] => notices.flatMap((n) => (n.ok ? n.events : [])),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let seq = 0;
function request(overrides: Partial<SendPayoutRequest> = {}): SendPayoutRequest {
  seq++;
  return {
    refundId: `R-${seq}`,
    amount: 12900,
    currency: 'CNY',
    method: 'ALIPAY',
    destination: 'ORIGINAL',
    buyerId: 'B-1',
    order: { orderId: `O-${seq}`, paidAmount: 50000 },
    ...overrides,
  };
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('AlipayChannel against the Alipay fake', () => {
  let fake: AlipayFake;
  let channel: AlipayChannel;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver(new AlipayNotifications({ credentials }));
    fake = await startAlipayFake({
      appPublicKey: app.publicKey,
      alipayPrivateKey: alipay.privateKey,
      appId: APP_ID,
      notifyUrl: receiver.url,
      seed: 7,
      faults: { latencyMs: { min: 10, max: 30 } },
    });
    channel = new AlipayChannel({ credentials, gateway: fake.gateway, timeoutMs: 2000 });
  });

  afterEach(() => {
    fake.setFaults({
      failureRate: 0,
      transientErrorRate: 0,
      ambiguousTimeoutShare: 0,
      duplicateRate: 0,
      earlyNotificationRate: 0,
      insufficientBalance: false,
      latencyMs: { min: 10, max: 30 },
    });
  });

  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

  it('refunds twice on one trade (partial refunds): two refunds, one trade, money moved for each', async () => {
    const first = request({ amount: 3000 });
    const second = request({ amount: 4550, order: first.order });
    const a = await channel.send(first);
    const b = await channel.send(second);
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(false);
    const tradeNo = a.providerRef.split(':')[0];
    expect(a.providerRef).toBe(`${tradeNo}:${first.refundId}`);
    expect(b.providerRef).toBe(`${tradeNo}:${second.refundId}`);
    expect(a).not.toHaveProperty('settled');
    expect(Date.parse(a.acceptedAt)).not.toBeNaN();
    expect(fake.attempts(first.refundId)).toMatchObject([{ amount: 3000, providerRef: a.providerRef }]);
    expect(fake.attempts(second.refundId)).toMatchObject([{ amount: 4550, providerRef: b.providerRef }]);
  });

  it('answers a retry with the same refundId as a duplicate with the same providerRef (no second payout)', async () => {
    const r = request({ amount: 129 });
    const first = await channel.send(r);
    const again = await channel.send(r);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(fake.attempts(r.refundId)).toHaveLength(1);
  });

  it('refuses the same refundId with another amount (ACQ.REFUND_AMT_NOT_EQUAL_TOTAL)', async () => {
    const r = request();
    await channel.send(r);
    const error = await caught(channel.send({ ...r, amount: r.amount + 1 }));
    expect(error.name).toBe('ProviderRejected');
    expect(error.message).toContain('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL');
    expect(fake.attempts(r.refundId)).toHaveLength(1);
  });

  it(`refuses the refund past Alipay's limit of ${MAX_REFUNDS_PER_TRADE} per trade (ACQ.REFUND_CHARGE_ERROR)`, async () => {
    const order = { orderId: `O-limit-${seq}`, paidAmount: 1_000_000 };
    for (let i = 0; i < MAX_REFUNDS_PER_TRADE; i++) {
      const result = await channel.send(request({ amount: 100, order }));
      expect(result.duplicate).toBe(false);
    }
    const over = request({ amount: 100, order });
    const error = await caught(channel.send(over));
    expect(error.name).toBe('ProviderRejected');
    expect(error.message).toContain('ACQ.REFUND_CHARGE_ERROR');
    expect(fake.attempts(over.refundId)).toHaveLength(0);
  });

  it('refuses for lack of merchant funds (ACQ.SELLER_BALANCE_NOT_ENOUGH), then pays once funds are back', async () => {
    fake.setFaults({ insufficientBalance: true });
    const r = request();
    const error = await caught(channel.send(r));
    expect(error.name).toBe('ProviderRejected');
    expect(error.message).toContain('ACQ.SELLER_BALANCE_NOT_ENOUGH');
    expect(fake.attempts(r.refundId)).toHaveLength(0);
    fake.setFaults({ insufficientBalance: false });
    expect((await channel.send(r)).duplicate).toBe(false);
  });

  it('refuses a currency other than CNY and a bad amount before calling Alipay', async () => {
    expect((await caught(channel.send(request({ currency: 'USD' })))).name).toBe('ProviderRejected');
    expect((await caught(channel.send(request({ amount: 0 })))).name).toBe('ProviderRejected');
    expect((await caught(channel.send(request({ amount: 1.5 })))).name).toBe('ProviderRejected');
  });

  it('sends trade_no when the order knows its Alipay payment id; status finds the refund by the order id', async () => {
    const r = request({
      order: { orderId: `O-paid-${seq}`, paidAmount: 20000, paymentRef: '2026010122001400001234567890' },
    });
    const result = await channel.send(r);
    expect(result.providerRef).toBe(`2026010122001400001234567890:${r.refundId}`);
    const status = await channel.status({ refundId: r.refundId, method: 'ALIPAY', orderId: r.order.orderId });
    expect(status?.providerRef).toBe(result.providerRef);
  });

  it('maps 503 to ProviderUnavailable (nothing recorded) and held answers to ProviderTimeout', async () => {
    const fast = new AlipayChannel({ credentials, gateway: fake.gateway, timeoutMs: 400 });
    fake.setFaults({ transientErrorRate: 1, ambiguousTimeoutShare: 0 });
    const names = new Set<string>();
    const sent: string[] = [];
    for (let i = 0; i < 8 && names.size < 2; i++) {
      const r = request();
      sent.push(r.refundId);
      names.add((await caught(fast.send(r))).name);
    }
    expect(names).toEqual(new Set(['ProviderUnavailable', 'ProviderTimeout']));
    for (const refundId of sent) expect(fake.attempts(refundId)).toHaveLength(0);
  });

  it('after a timeout behind which Alipay had refunded, the retry is a duplicate: money moved once', async () => {
    const fast = new AlipayChannel({ credentials, gateway: fake.gateway, timeoutMs: 400 });
    fake.setFaults({ transientErrorRate: 1, ambiguousTimeoutShare: 1 });
    let r = request();
    let error = await caught(fast.send(r));
    for (let i = 0; i < 8 && error.name !== 'ProviderTimeout'; i++) {
      r = request();
      error = await caught(fast.send(r)); // a 503 draw: nothing recorded, try another refund
    }
    expect(error.name).toBe('ProviderTimeout');
    expect(fake.attempts(r.refundId)).toHaveLength(1);
    fake.setFaults({ transientErrorRate: 0 });
    const retry = await fast.send(r);
    expect(retry.duplicate).toBe(true);
    expect(retry.providerRef).toBe(fake.attempts(r.refundId)[0]?.providerRef);
    expect(fake.attempts(r.refundId)).toHaveLength(1);
  });

  it('status: PENDING until the refund settles, then SETTLED with the amount and time', async () => {
    fake.setFaults({ latencyMs: { min: 800, max: 800 } });
    const r = request({ amount: 12345 });
    const sent = await channel.send(r);
    const query = { refundId: r.refundId, method: 'ALIPAY' as const, orderId: r.order.orderId };
    expect(await channel.status(query)).toEqual({
      refundId: r.refundId,
      providerRef: sent.providerRef,
      state: 'PENDING',
      amount: 12345,
      provider: 'alipay',
    });
    await new Promise((resolve) => setTimeout(resolve, 950));
    const settled = await channel.status(query);
    expect(settled).toMatchObject({ state: 'SETTLED', settledAmount: 12345, providerRef: sent.providerRef });
    expect(Date.parse(settled?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(sent.acceptedAt));
    expect(fake.attempts(r.refundId)[0]?.outcome).toBe('SETTLED');
  });

  it('status: undefined for an unknown trade or an unknown refund of a known trade', async () => {
    expect(await channel.status({ refundId: 'R-none', method: 'ALIPAY', orderId: 'O-none' })).toBeUndefined();
    const r = request();
    await channel.send(r);
    expect(await channel.status({ refundId: 'R-other', method: 'ALIPAY', orderId: r.order.orderId })).toBeUndefined();
  });

  it('a failed refund: status FAILED, notification FAILED with amount 0, and a new attempt is allowed', async () => {
    fake.setFaults({ failureRate: 1, latencyMs: { min: 0, max: 0 } });
    const r = request();
    await channel.send(r);
    await fake.drain();
    const query = { refundId: r.refundId, method: 'ALIPAY' as const, orderId: r.order.orderId };
    expect(await channel.status(query)).toMatchObject({ state: 'FAILED' });
    expect(receiver.events().filter((e) => e.refundId === r.refundId)).toMatchObject([
      { status: 'FAILED', amount: 0, reason: 'REFUND_FAIL' },
    ]);
    fake.setFaults({ failureRate: 0 });
    const again = await channel.send(r);
    expect(again.duplicate).toBe(false);
    expect(fake.attempts(r.refundId).map((a) => a.outcome)).toEqual(['FAILED', 'SETTLED']);
  });

  it('delivers a signed notification that verifies and maps to one SETTLED PayoutWebhook', async () => {
    const r = request({ amount: 12900 });
    const sent = await channel.send(r);
    await fake.drain();
    const events = receiver.events().filter((e) => e.refundId === r.refundId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ providerRef: sent.providerRef, status: 'SETTLED', amount: 12900 });
    expect(events[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(fake.notifications.filter((n) => n.refundId === r.refundId)).toEqual([
      { refundId: r.refundId, kind: 'FIRST', status: 200 },
    ]);
  });

  it('sends early notifications before its answer, and duplicates; both verify and parse', async () => {
    fake.setFaults({ earlyNotificationRate: 1, duplicateRate: 1 });
    const r = request({ amount: 777 });
    const sent = await channel.send(r);
    // The early notification was answered before the refund's answer arrived.
    expect(receiver.events().filter((e) => e.refundId === r.refundId)).toHaveLength(1);
    await fake.drain();
    const events = receiver.events().filter((e) => e.refundId === r.refundId);
    expect(events).toHaveLength(2);
    for (const e of events) expect(e).toMatchObject({ providerRef: sent.providerRef, status: 'SETTLED', amount: 777 });
    expect(fake.notifications.filter((n) => n.refundId === r.refundId)).toEqual([
      { refundId: r.refundId, kind: 'EARLY', status: 200 },
      { refundId: r.refundId, kind: 'DUPLICATE', status: 200 },
    ]);
    expect(fake.attempts(r.refundId)).toHaveLength(1);
  });

  it('refuses our request when the app key is not the one registered (isv.invalid-signature)', async () => {
    const wrong = new AlipayChannel({
      credentials: { ...credentials, privateKey: stranger.privateKey },
      gateway: fake.gateway,
    });
    const error = await caught(wrong.send(request()));
    expect(error.name).toBe('ProviderRejected');
    expect(error.message).toContain('isv.invalid-signature');
  });

  it('refuses another app id (isv.invalid-app-id)', async () => {
    const other = new AlipayChannel({
      credentials: { ...credentials, appId: '2021000000000999' },
      gateway: fake.gateway,
    });
    const error = await caught(other.send(request()));
    expect(error.name).toBe('ProviderRejected');
    expect(error.message).toContain('isv.invalid-app-id');
  });

  it('never takes an answer whose signature does not verify as success: ProviderUnavailable', async () => {
    const distrustful = new AlipayChannel({
      credentials: { ...credentials, alipayPublicKey: stranger.publicKey },
      gateway: fake.gateway,
    });
    const r = request();
    expect((await caught(distrustful.send(r))).name).toBe('ProviderUnavailable');
    // The refund was made (the fake did answer); the retry with the right key finds it, once.
    expect((await channel.send(r)).duplicate).toBe(true);
    expect(fake.attempts(r.refundId)).toHaveLength(1);
  });

  it('accepts a PKCS#1 private key and a bare base64 Alipay public key (and signs notify_url)', async () => {
    const { createPrivateKey } = await import('node:crypto');
    const pkcs1 = createPrivateKey(app.privateKey).export({ format: 'pem', type: 'pkcs1' }).toString();
    const bare = alipay.publicKey.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    const other = new AlipayChannel({
      credentials: { appId: APP_ID, privateKey: pkcs1, alipayPublicKey: bare },
      gateway: fake.gateway,
      notifyUrl: 'https://refunds.example.com/v1/payments/channels/alipay/notify', // signed with the rest
    });
    expect((await other.send(request())).duplicate).toBe(false);
  });

  it('maps a gateway that refuses connections to ProviderUnavailable', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const nowhere = new AlipayChannel({ credentials, gateway: `http://127.0.0.1:${port}/gateway.do`, timeoutMs: 500 });
    const error = await caught(nowhere.send(request()));
    expect(['ProviderUnavailable', 'ProviderTimeout']).toContain(error.name);
    expect(error.name).toBe('ProviderUnavailable');
  });
});

describe('the fake redelivers notifications', () => {
  it('until it is answered success, like Alipay', async () => {
    const receiver = await startReceiver(new AlipayNotifications({ credentials }), 2);
    const fake = await startAlipayFake({
      appPublicKey: app.publicKey,
      alipayPrivateKey: alipay.privateKey,
      appId: APP_ID,
      notifyUrl: receiver.url,
      faults: { latencyMs: { min: 0, max: 0 } },
    });
    try {
      const channel = new AlipayChannel({ credentials, gateway: fake.gateway });
      const r = request({ amount: 500 });
      await channel.send(r);
      await fake.drain();
      expect(receiver.posts()).toBe(3);
      expect(receiver.events()).toMatchObject([{ refundId: r.refundId, status: 'SETTLED', amount: 500 }]);
      expect(fake.notifications).toEqual([{ refundId: r.refundId, kind: 'FIRST', status: 200 }]);
    } finally {
      await fake.close();
      await receiver.close();
    }
  });

  it('to the address set later (setNotifyUrl), and is the same for the same seed', async () => {
    const runs: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const receiver = await startReceiver(new AlipayNotifications({ credentials }));
      const fake = await startAlipayFake({
        appPublicKey: app.publicKey,
        alipayPrivateKey: alipay.privateKey,
        appId: APP_ID,
        seed: 42,
        faults: { latencyMs: { min: 0, max: 20 }, failureRate: 0.5, duplicateRate: 0.5 },
      });
      try {
        fake.setNotifyUrl(receiver.url);
        const channel = new AlipayChannel({ credentials, gateway: fake.gateway });
        for (let i = 0; i < 6; i++) {
          await channel.send({ ...request(), refundId: `S-${i}`, order: { orderId: `SO-${i}`, paidAmount: 1 } });
        }
        await fake.drain();
        runs.push(
          fake
            .attempts()
            .map(
              (a) => `${a.refundId}:${a.outcome}:${fake.notifications.filter((n) => n.refundId === a.refundId).length}`,
            ),
        );
        expect(receiver.events()).toHaveLength(fake.notifications.length);
      } finally {
        await fake.close();
        await receiver.close();
      }
    }
    expect(runs[0]).toEqual(runs[1]);
  });
});

/** A gateway on 127.0.0.1 that answers every request with this body (HTTP 200). */
async function startCannedGateway(answer: string) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    gateway: `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway.do`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('answers Alipay did not sign', () => {
  const error =
    '{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-app-id","sub_msg":"无效的AppID参数"}';

  it.each([
    ['without sign', `{"alipay_trade_refund_response":${error}}`],
    ['with an empty sign', `{"alipay_trade_refund_response":${error},"sign":""}`],
    ['as error_response', `{"error_response":${error}}`],
  ])('maps an unsigned error %s by its code (ProviderRejected)', async (_, answer) => {
    const canned = await startCannedGateway(answer);
    try {
      const channel = new AlipayChannel({ credentials, gateway: canned.gateway });
      const failure = await caught(channel.send(request()));
      expect(failure.name).toBe('ProviderRejected');
      expect(failure.message).toContain('isv.invalid-app-id');
    } finally {
      await canned.close();
    }
  });

  it('never believes an unsigned success (ProviderUnavailable)', async () => {
    const canned = await startCannedGateway(
      '{"alipay_trade_refund_response":{"code":"10000","msg":"Success","trade_no":"1","fund_change":"Y"}}',
    );
    try {
      const channel = new AlipayChannel({ credentials, gateway: canned.gateway });
      expect((await caught(channel.send(request()))).name).toBe('ProviderUnavailable');
    } finally {
      await canned.close();
    }
  });

  it('maps an HTTP 200 body that is not JSON to ProviderUnavailable', async () => {
    const canned = await startCannedGateway('<html>maintenance</html>');
    try {
      const channel = new AlipayChannel({ credentials, gateway: canned.gateway });
      expect((await caught(channel.send(request()))).name).toBe('ProviderUnavailable');
    } finally {
      await canned.close();
    }
  });
});

describe("Alipay's key rotation", () => {
  it("verifies answers signed with Alipay's previous key while previousAlipayPublicKey is set", async () => {
    const fake = await startAlipayFake({
      appPublicKey: app.publicKey,
      alipayPrivateKey: stranger.privateKey, // Alipay still signs with the key being retired
      appId: APP_ID,
    });
    try {
      const current = new AlipayChannel({ credentials, gateway: fake.gateway });
      expect((await caught(current.send(request()))).name).toBe('ProviderUnavailable');
      const rotating = new AlipayChannel({
        credentials: { ...credentials, previousAlipayPublicKey: stranger.publicKey },
        gateway: fake.gateway,
      });
      expect((await rotating.send(request())).duplicate).toBe(false);
    } finally {
      await fake.close();
    }
  });
});

describe('error mapping', () => {
  it.each([
    ['20000', 'isp.unknow-error', 'ProviderUnavailable'],
    ['40004', 'ACQ.SYSTEM_ERROR', 'ProviderUnavailable'],
    ['40004', 'aop.ACQ.SYSTEM_ERROR', 'ProviderUnavailable'],
    ['40004', 'ACQ.REQUEST_LIMIT', 'ProviderUnavailable'],
    ['40004', 'isv.app-call-limited', 'ProviderUnavailable'],
    ['40004', 'ACQ.SELLER_BALANCE_NOT_ENOUGH', 'ProviderRejected'],
    ['40004', 'ACQ.TRADE_NOT_EXIST', 'ProviderRejected'],
    ['40004', 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', 'ProviderRejected'],
    ['40004', 'ACQ.REASON_TRADE_REFUND_FEE_ERR', 'ProviderRejected'],
    ['40004', 'ACQ.TRADE_STATUS_ERROR', 'ProviderRejected'],
    ['40004', 'ACQ.REFUND_CHARGE_ERROR', 'ProviderRejected'],
    ['40002', 'isv.invalid-signature', 'ProviderRejected'],
    ['40002', 'isv.invalid-app-id', 'ProviderRejected'],
    ['40006', 'isv.insufficient-isv-permissions', 'ProviderRejected'],
  ])('code %s %s → %s', (code, subCode, name) => {
    expect(mapBusinessError('alipay.trade.refund', { code, sub_code: subCode }).name).toBe(name);
  });

  it('maps a connection dropped after the request was sent to ProviderTimeout (the refund may have been made)', async () => {
    let requests = 0;
    const server = createServer((req) => {
      requests++;
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway.do`;
      const channel = new AlipayChannel({ credentials, gateway, timeoutMs: 2000 });
      expect((await caught(channel.send(request()))).name).toBe('ProviderTimeout');
      expect(requests).toBeGreaterThanOrEqual(1); // urllib itself retries a dropped socket once
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
