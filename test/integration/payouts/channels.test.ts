/**
 * Refunds paid end to end through the real channel adapters, in local mode as `npm start --
 * --payments=alipay-fake,wechat-fake` runs them (issue 24): the Alipay adapter (alipay-sdk) against the local Alipay
 * gateway fake, the WeChat Pay API v3 adapter against the local WeChat Pay fake, each settled by the channel's own
 * signed notification to its route, verified with the credentials the route reads from its own secret (through the
 * local Secrets Manager endpoint, under its IAM policy); balance and coupon credited at once by the wallet stand-in.
 * Every payout ends on the ledger under the channel's name and in the channel's own record, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, eventually, startTestRuntime } from '../../support/local.ts';
import { buyerEvents, ledgerEntries } from '../../support/payouts.ts';

let client: Client;
let system: string;

beforeAll(async () => {
  client = await startTestRuntime({ fakeChannels: ['alipay', 'wechat'] });
  system = await client.token('system', 'order-system');
});

/**
 * Each order is its own buyer's: one buyer refunding every order they paid would be judged high risk (the refund
 * rate) and sent to a reviewer, while these tests are about the channels paying.
 */
const buyerOf = (orderId: string) => `buyer-${orderId}`;
/** The buyer's token for each refund applied for. */
const tokens = new Map<string, string>();
afterAll(() => client.runtime.stop());

async function order(orderId: string, paymentMethod: 'ALIPAY' | 'WECHAT_PAY', extra: Record<string, unknown> = {}) {
  const put = await client.call('PUT', `/v1/orders/${orderId}`, {
    token: system,
    body: {
      ...anOrderBody({
        userId: buyerOf(orderId),
        paymentMethod,
        paidAmount: 25800,
        items: [{ sku: 'tea-1', name: 'Longjing tea 250g', category: 'GENERAL', unitPrice: 12900, quantity: 2 }],
      }),
      ...extra,
    },
  });
  expect(put.status).toBeLessThan(300);
}

async function apply(orderId: string, body: Record<string, unknown> = {}, key = orderId): Promise<string> {
  const token = await client.token('buyer', buyerOf(orderId));
  const applied = await client.call('POST', '/v1/refunds', {
    token,
    headers: { 'idempotency-key': key },
    body: { orderId, reason: 'NO_LONGER_NEEDED', ...body },
  });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  tokens.set(applied.body.refundId, token);
  return applied.body.refundId;
}

/** The refund as its buyer sees it. */
const refundOf = async (refundId: string) =>
  (await client.call('GET', `/v1/refunds/${refundId}`, { token: tokens.get(refundId) ?? '' })).body;

const refunded = (refundId: string) =>
  eventually(async () => {
    const refund = await refundOf(refundId);
    return refund.status === 'REFUNDED' ? refund : undefined;
  });

async function moneyOf(refundId: string) {
  const entries = (await ledgerEntries(client.runtime)).filter((e) => e.refundId === refundId);
  return {
    sent: entries.filter((e) => e.kind === 'SENT').map((e) => [e.provider, e.providerRef, e.amount]),
    settled: entries.filter((e) => e.kind === 'SETTLED').map((e) => [e.provider, e.providerRef, e.amount]),
  };
}

describe.each([
  ['alipay', 'ALIPAY'],
  ['wechat', 'WECHAT_PAY'],
] as const)('a refund of an order paid with %s', (channel, paymentMethod) => {
  it('is paid back through the channel’s real adapter and settled by its signed notification, once', async () => {
    const orderId = `o-${channel}-full`;
    await order(orderId, paymentMethod, { paymentRef: `${channel.toUpperCase()}2026120122001400` });
    const refundId = await apply(orderId);
    const refund = await refunded(refundId);
    const fake = client.runtime.channels.fakes[channel];
    const attempts = fake?.attempts(refundId) ?? [];
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ amount: 25800, outcome: 'SETTLED' });
    expect(refund.payout).toMatchObject({
      method: paymentMethod,
      providerRef: attempts[0]?.providerRef,
      settledAmount: 25800,
    });
    expect(await moneyOf(refundId)).toEqual({
      sent: [[channel, attempts[0]?.providerRef, 25800]],
      settled: [[channel, attempts[0]?.providerRef, 25800]],
    });
    // The channel was told "recorded" (and stopped notifying).
    await fake?.drain();
    const told = fake?.notifications.filter((n) => n.refundId === refundId) ?? [];
    expect(told.length).toBeGreaterThan(0);
    expect(told.at(-1)?.status).toBe(channel === 'alipay' ? 200 : 204);
    // The buyer's message goes out after the settlement commits, so it may trail it.
    await eventually(async () => (buyerEvents(client.runtime, refundId).includes('REFUNDED') ? true : undefined));
  });

  it('pays two partial refunds of one order as two refunds at the channel, each once', async () => {
    const orderId = `o-${channel}-partial`;
    await order(orderId, paymentMethod);
    const first = await apply(orderId, { items: [{ sku: 'tea-1', quantity: 1 }] }, `${orderId}-1`);
    await refunded(first);
    const second = await apply(orderId, { items: [{ sku: 'tea-1', quantity: 1 }] }, `${orderId}-2`);
    await refunded(second);
    const fake = client.runtime.channels.fakes[channel];
    for (const refundId of [first, second]) {
      expect(fake?.attempts(refundId).map((a) => [a.amount, a.outcome])).toEqual([[12900, 'SETTLED']]);
      expect((await moneyOf(refundId)).settled).toHaveLength(1);
    }
  });

  it('survives duplicate notifications and notifications that arrive before the channel’s answer', async () => {
    const fake = client.runtime.channels.fakes[channel];
    fake?.setFaults({ duplicateRate: 1, earlyNotificationRate: 1 });
    try {
      const orderId = `o-${channel}-noisy`;
      await order(orderId, paymentMethod);
      const refundId = await apply(orderId);
      await refunded(refundId);
      await fake?.drain();
      expect(fake?.notifications.filter((n) => n.refundId === refundId).length).toBeGreaterThan(1);
      const money = await moneyOf(refundId);
      expect(money.settled).toHaveLength(1);
      expect(fake?.attempts(refundId).filter((a) => a.outcome === 'SETTLED')).toHaveLength(1);
      // The buyer is told the money arrived, and not afterwards that it was sent: looked at once the payout run has
      // ended (its step notifies right after recording the send), so a late notice would be there.
      await client.runtime.workflow.finished(refundId);
      const told = client.runtime.outbox.entries
        .filter((m) => m.channel === 'buyer' && m.attributes?.refundId === refundId)
        .map((m) => m.attributes?.event);
      expect(told.at(-1)).toBe('REFUNDED');
      expect(told.filter((e) => e === 'REFUNDED')).toHaveLength(1);
    } finally {
      fake?.setFaults({ duplicateRate: 0, earlyNotificationRate: 0 });
    }
  });
});

describe('PUT /local/payments/faults with a channel', () => {
  it('makes that channel’s fake fail refunds, so its failure and the recovery can be tried by hand', async () => {
    const set = await client.call('PUT', '/local/payments/faults', { body: { channel: 'wechat', failureRate: 1 } });
    expect(set).toMatchObject({ status: 200, body: { channel: 'wechat', failureRate: 1 } });
    try {
      await order('o-wechat-fails', 'WECHAT_PAY');
      const refundId = await apply('o-wechat-fails');
      await eventually(async () => {
        const refund = await refundOf(refundId);
        return refund.status === 'PAYOUT_FAILED' ? refund : undefined;
      });
      expect(client.runtime.channels.fakes.wechat?.attempts(refundId).map((a) => a.outcome)).toEqual(['FAILED']);
    } finally {
      await client.call('PUT', '/local/payments/faults', { body: { channel: 'wechat', failureRate: 0 } });
    }
  });
});

describe('a notification that does not carry the channel’s signature', () => {
  it.each([
    [
      '/v1/payments/alipay/notify',
      'application/x-www-form-urlencoded',
      'notify_type=trade_status_sync&out_biz_no=rf_x&send_back_fee=129.00&sign_type=RSA2&sign=AAAA',
    ],
    ['/v1/payments/wechat/notify', 'application/json', '{"id":"e","event_type":"REFUND.SUCCESS","resource":{}}'],
  ])('is refused at %s and records nothing', async (path, type, raw) => {
    const refused = await client.call('POST', path, {
      raw,
      headers: {
        'content-type': type,
        'wechatpay-serial': 'PUB_KEY_ID_x',
        'wechatpay-signature': 'AAAA',
        'wechatpay-timestamp': String(Math.floor(Date.now() / 1000)),
        'wechatpay-nonce': 'n',
      },
    });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('BAD_SIGNATURE');
    expect((await ledgerEntries(client.runtime)).filter((e) => e.refundId === 'rf_x')).toEqual([]);
  });
});

describe('a refund to the platform balance or as a coupon', () => {
  it('is credited by the wallet at once: REFUNDED when the payout step ends, no callback', async () => {
    const orderId = 'o-coupon';
    await order(orderId, 'ALIPAY');
    const refundId = await apply(orderId, { destination: 'COUPON' });
    const refund = await refunded(refundId);
    const credits = client.runtime.channels.wallet.credits(refundId);
    expect(credits.map((c) => [c.kind, c.buyerId])).toEqual([['COUPON', buyerOf(orderId)]]);
    expect(refund.payout).toMatchObject({ method: 'COUPON', providerRef: credits[0]?.creditRef });
    const money = await moneyOf(refundId);
    expect(money.settled).toEqual([['wallet', credits[0]?.creditRef, refund.payout.amount]]);
    // Paid at once: settled when it was sent, and the buyer is told it arrived, not that it is on its way.
    expect(refund.payout.settledAt).toBe(refund.payout.sentAt);
    // The buyer's message goes out after the transition is committed (notify-transition), so it may trail it.
    const events = await eventually(async () => {
      const told = buyerEvents(client.runtime, refundId);
      return told.includes('REFUNDED') ? told : undefined;
    });
    expect(events).not.toContain('PAYOUT_SENT');
    expect(client.runtime.channels.fakes.alipay?.attempts(refundId)).toEqual([]);
  });
});
