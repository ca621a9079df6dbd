/**
 * A buyer's refund is paid end to end through the local runtime: the real state machine runs Payout, the sandbox
 * provider accepts it and later POSTs a signed SETTLED webhook to the runtime's own /v1/payments/webhook.
 */
import { describe, expect, it } from 'vitest';
import { httpWebhookDelivery } from '../../../functions/adapters/payments/http-delivery.ts';
import { SIGNATURE_HEADER, signWebhook } from '../../../functions/domain/payout/signature.ts';
import { anOrderBody } from '../../support/builders.ts';
import { eventually } from '../../support/local.ts';
import { buyerEvents, ledgerEntries, snapshot, storedOrder } from '../../support/payouts.ts';
import { givenARuntimeWithActors } from '../../support/steps.ts';

const secret = 'whsec_integration';
let refund: any;
/** The provider's webhooks wait until the test has seen the payout pending; then they go to the runtime over HTTP. */
let releaseWebhooks = () => {};
const released = new Promise<void>((resolve) => {
  releaseWebhooks = resolve;
});

const { client, who } = givenARuntimeWithActors({
  payments: {
    secret,
    latencyMs: { min: 100, max: 300 },
    deliver: async (body, header) => {
      await released;
      await httpWebhookDelivery(`${client.runtime.url}/v1/payments/webhook`)(body, header);
    },
  },
});

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('a buyer with an unshipped order paid by Alipay', () => {
  it('is refunded: submitted, approved, payout pending, refunded, with the promised arrival shown', async () => {
    const order = anOrderBody({ userId: who.buyerId, merchantId: who.merchantId });
    expect((await client.call('PUT', '/v1/orders/o-paid-1', { token: who.system, body: order })).status).toBe(201);
    const applied = await client.call('POST', '/v1/refunds', {
      token: who.buyer,
      headers: { 'idempotency-key': 'paid-1' },
      body: { orderId: 'o-paid-1', reason: 'NO_LONGER_NEEDED', items: [{ sku: 'tea-1', quantity: 1 }] },
    });
    expect(applied.status).toBe(201);
    const pending = await eventually(async () => {
      const got = await client.call('GET', `/v1/refunds/${applied.body.refundId}`, { token: who.buyer });
      return got.body.status === 'PAYOUT_PENDING' ? got.body : undefined;
    });
    expect(pending.payout.promisedBy).toMatch(/T15:59:59\.999Z$/);
    releaseWebhooks();
    refund = await eventually(async () => {
      const got = await client.call('GET', `/v1/refunds/${applied.body.refundId}`, { token: who.buyer });
      return got.body.status === 'REFUNDED' ? got.body : undefined;
    });
    expect(refund.timeline.map((e: { status: string }) => e.status)).toEqual([
      'SUBMITTED',
      'APPROVED',
      'PAYOUT_PENDING',
      'REFUNDED',
    ]);
    expect(refund.payout).toMatchObject({
      method: 'ALIPAY',
      promisedBy: pending.payout.promisedBy,
      sentAt: expect.any(String),
      settledAt: expect.any(String),
      providerRef: expect.stringMatching(/^sbx_/),
    });
    expect(refund.payout.flags).toBeUndefined();
  });

  it('was told when the money left and when it arrived', async () => {
    const events = await eventually(async () => {
      const sent = buyerEvents(client.runtime, refund.refundId);
      return sent.length >= 3 ? sent : undefined;
    });
    expect(events).toEqual(['APPROVED', 'PAYOUT_SENT', 'REFUNDED']);
  });

  it('frees the order line but keeps the amount refunded', async () => {
    const order = await storedOrder(client.runtime, 'o-paid-1');
    expect(order?.activeLines).toBeUndefined();
    expect(order?.refundedAmount).toBe(12900);
  });

  it('shows finance a SENT and a SETTLED entry, and a balanced reconciliation', async () => {
    const ledger = await client.call('GET', `/v1/finance/ledger?from=${today()}`, { token: who.finance });
    expect(ledger.status).toBe(200);
    const mine = ledger.body.items.filter((e: { refundId: string }) => e.refundId === refund.refundId);
    expect(mine.map((e: { kind: string }) => e.kind).sort()).toEqual(['SENT', 'SETTLED']);
    const report = await client.call('GET', `/v1/finance/reconciliation?from=${today()}`, { token: who.finance });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ balanced: true, issues: [] });
    expect(report.body.totals.CNY).toMatchObject({ sentAmount: 12900, settledAmount: 12900, differenceAmount: 0 });
  });

  it("shows today's ledger and reconciliation (China time) when no window is given, as the console asks", async () => {
    const ledger = await client.call('GET', '/v1/finance/ledger', { token: who.finance });
    expect(ledger.status).toBe(200);
    expect(ledger.body).toMatchObject({ timeZone: 'Asia/Shanghai' });
    // Today in China runs from 16:00 UTC the day before.
    expect(ledger.body.from).toBe(new Date(Date.parse(`${today()}T00:00:00+08:00`)).toISOString());
    const mine = ledger.body.items.filter((e: { refundId: string }) => e.refundId === refund.refundId);
    expect(mine.map((e: { kind: string }) => e.kind).sort()).toEqual(['SENT', 'SETTLED']);
    const report = await client.call('GET', '/v1/finance/reconciliation', { token: who.finance });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ from: today(), to: today(), timeZone: 'Asia/Shanghai', balanced: true });
  });

  it('takes ISO times as instants: the entries at or after `from`, up to `to`', async () => {
    const entries = (await ledgerEntries(client.runtime)).filter((e) => e.refundId === refund.refundId);
    const sent = entries.find((e) => e.kind === 'SENT');
    const settled = entries.find((e) => e.kind === 'SETTLED');
    if (!sent || !settled || sent.at >= settled.at) throw new Error('expected a SENT, then a SETTLED entry');
    const query = (from: string, to?: string) =>
      `/v1/finance/ledger?from=${encodeURIComponent(from)}${to ? `&to=${encodeURIComponent(to)}` : ''}`;
    const kinds = async (path: string) => {
      const page = await client.call('GET', path, { token: who.finance });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      return page.body.items
        .filter((e: { refundId: string }) => e.refundId === refund.refundId)
        .map((e: { kind: string }) => e.kind);
    };
    expect(await kinds(query(settled.at))).toEqual(['SETTLED']);
    expect(await kinds(query(sent.at, sent.at))).toEqual(['SENT']);
    // The same instant with China's offset.
    const inChina = new Date(Date.parse(settled.at) + 8 * 3600_000).toISOString().replace('Z', '+08:00');
    expect(await kinds(query(inChina))).toEqual(['SETTLED']);
  });

  it('keeps the ledger and reconciliation from other roles and bad windows', async () => {
    expect((await client.call('GET', `/v1/finance/ledger?from=${today()}`, { token: who.buyer })).status).toBe(403);
    const bad = [
      'from=2026-02-30',
      'from=2026-03-02&to=2026-03-01',
      'from=2026-01-01&to=2026-03-01',
      'to=2026-01-01',
      // A time without its offset could be any time zone's.
      'from=2026-03-01T10:00:00',
    ];
    for (const q of bad)
      expect((await client.call('GET', `/v1/finance/ledger?${q}`, { token: who.finance })).status).toBe(400);
  });
});

describe('payment webhooks that must be refused', () => {
  // One time for every body: a case builds its bytes and its signature with two calls, which must give the same text
  // (a millisecond between them made the "signed over those bytes" case a 401 now and then).
  const at = new Date().toISOString();
  const body = () =>
    JSON.stringify({ providerRef: 'sbx_forged', refundId: refund.refundId, status: 'SETTLED', amount: 99900, at });
  const now = () => Math.floor(Date.now() / 1000);
  const post = (raw: string | Buffer, header?: string) =>
    client.call('POST', '/v1/payments/webhook', { raw, headers: header ? { [SIGNATURE_HEADER]: header } : {} });
  // Bytes that do not survive a UTF-8 decode (0xff becomes U+FFFD): signed over the bytes, the signature is good, so
  // the answer is the body's 400, not the 401 of an HMAC computed over a decoded string.
  const notUtf8 = () => Buffer.concat([Buffer.from(body()), Buffer.from([0xff, 0xfe])]);
  const withBom = () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body())]);
  const cases: [string, () => [string | Buffer, string | undefined], number][] = [
    ['no signature', () => [body(), undefined], 401],
    ['a signature made with another secret', () => [body(), signWebhook(body(), 'not-the-secret', now())], 401],
    ['a tampered body', () => [body().replace('99900', '99901'), signWebhook(body(), secret, now())], 401],
    ['a stale timestamp', () => [body(), signWebhook(body(), secret, now() - 3600)], 401],
    ['a malformed header', () => [body(), 't=abc,v1=xyz'], 401],
    ['malformed JSON, correctly signed', () => ['{"refundId":', signWebhook('{"refundId":', secret, now())], 400],
    [
      'a wrong shape, correctly signed',
      () => ['{"refundId":"x"}', signWebhook('{"refundId":"x"}', secret, now())],
      400,
    ],
    [
      'bytes that are not UTF-8, signed over those bytes',
      () => [notUtf8(), signWebhook(notUtf8(), secret, now())],
      400,
    ],
    [
      'bytes that are not UTF-8, signed over their decoded text',
      () => [notUtf8(), signWebhook(notUtf8().toString('utf8'), secret, now())],
      401,
    ],
    ['a body with a BOM, signed over its bytes', () => [withBom(), signWebhook(withBom(), secret, now())], 400],
  ];
  for (const [name, make, status] of cases) {
    it(`answers ${status} to ${name} and records nothing`, async () => {
      const before = await snapshot(client.runtime);
      const [raw, header] = make();
      const response = await post(raw, header);
      expect(response.status).toBe(status);
      expect(response.body.error.code).toEqual(expect.any(String));
      expect(await snapshot(client.runtime)).toBe(before);
    });
  }

  it('accepts a replay of the real settlement but changes nothing twice', async () => {
    const delivered = client.runtime.payments.deliveries.find((d) => d.body.includes(refund.refundId));
    expect(delivered).toBeDefined();
    const before = await snapshot(client.runtime);
    const replay = await post(delivered!.body, signWebhook(delivered!.body, secret, now()));
    expect(replay).toMatchObject({ status: 200, body: { result: 'UNCHANGED' } });
    expect(await snapshot(client.runtime)).toBe(before);
    expect((await ledgerEntries(client.runtime)).filter((e) => e.refundId === refund.refundId)).toHaveLength(2);
  });
});
