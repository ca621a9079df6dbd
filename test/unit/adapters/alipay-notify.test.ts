/**
 * Alipay's asynchronous notifications through AlipayNotifications: what verifies (either of Alipay's keys while they
 * rotate, any charset), what is refused and how (401 for a signature or app that is not right, 400 for what cannot be
 * read), how a refund notification maps to a PayoutWebhook, agreement with alipay-sdk's own checkNotifySignV2, and the
 * exact fen ↔ yuan and Beijing-time conversions and the credentials schema.
 */
import { createSign, generateKeyPairSync } from 'node:crypto';
// Before alipay-sdk, as in the adapter: Node's own dispatcher stays behind the global fetch.
import '../../../functions/adapters/payments/channels/own-fetch.ts';
import { AlipaySdk } from 'alipay-sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AlipayCredentialsError,
  parseAlipayCredentials,
} from '../../../functions/adapters/payments/channels/alipay-credentials.ts';
import {
  AlipayNotifications,
  beijingTimeToIso,
  fenToYuan,
  formatBeijingTime,
  MAX_NOTIFY_BYTES,
  yuanToFen,
} from '../../../functions/adapters/payments/channels/alipay-notify.ts';

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
const previous = rsaPair();
const stranger = rsaPair();

const credentials = { appId: APP_ID, privateKey: app.privateKey, alipayPublicKey: alipay.publicKey };
const notifications = new AlipayNotifications({ credentials });

/** Signs like Alipay: every field but sign/sign_type, non-empty, sorted, `k=v&…` over the values' bytes. */
function signFields(fields: Record<string, string>, privateKey: string): string {
  const content = Object.keys(fields)
    .filter((k) => k !== 'sign' && k !== 'sign_type' && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

function refundFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    notify_time: '2026-01-05 10:00:03',
    notify_type: 'trade_status_sync',
    notify_id: 'ac05099524730693a8b330c5ecf72da9786',
    app_id: APP_ID,
    charset: 'utf-8',
    version: '1.0',
    trade_no: '2026010522001400001234567890',
    out_trade_no: 'O-1',
    out_biz_no: 'R-1',
    trade_status: 'TRADE_SUCCESS',
    refund_fee: '200.00',
    send_back_fee: '129.00',
    gmt_refund: '2026-01-05 10:00:01',
    subject: '退款 100% & 测试+',
    ...overrides,
  };
}

function body(fields: Record<string, string>, privateKey = alipay.privateKey): Buffer {
  const sign = signFields(fields, privateKey);
  return Buffer.from(new URLSearchParams({ ...fields, sign, sign_type: 'RSA2' }).toString());
}

const verify = (b: Buffer, n = notifications) => n.verify({ headers: {}, body: b }, Date.parse('2026-01-05T02:00:05Z'));

describe('AlipayNotifications', () => {
  it('verifies a refund notification and maps it to one SETTLED PayoutWebhook (yuan → fen, Beijing → UTC)', async () => {
    const notice = await verify(body(refundFields()));
    expect(notice).toEqual({
      ok: true,
      events: [
        {
          providerRef: '2026010522001400001234567890:R-1',
          refundId: 'R-1',
          status: 'SETTLED',
          amount: 12900,
          at: '2026-01-05T02:00:01.000Z',
        },
      ],
      reply: { status: 200, contentType: 'text/plain', body: 'success' },
    });
  });

  it('acknowledges a payment notification (no out_biz_no) with no events', async () => {
    const fields = refundFields();
    delete fields.out_biz_no;
    delete fields.send_back_fee;
    const notice = await verify(body(fields));
    expect(notice).toMatchObject({ ok: true, events: [], reply: { status: 200, body: 'success' } });
  });

  it('refuses a tampered body with 401 fail', async () => {
    const signed = body(refundFields()).toString().replace('send_back_fee=129.00', 'send_back_fee=1290.00');
    const notice = await verify(Buffer.from(signed));
    expect(notice).toMatchObject({ ok: false, status: 401, reply: { status: 401, body: 'fail' } });
  });

  it('refuses a body signed with another key, without a sign, or with sign_type RSA (401)', async () => {
    expect(await verify(body(refundFields(), stranger.privateKey))).toMatchObject({ ok: false, status: 401 });
    const unsigned = Buffer.from(new URLSearchParams(refundFields()).toString());
    expect(await verify(unsigned)).toMatchObject({ ok: false, status: 401 });
    const rsa1 = Buffer.from(body(refundFields()).toString().replace('sign_type=RSA2', 'sign_type=RSA'));
    expect(await verify(rsa1)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a notification for another app (401), even when Alipay signed it', async () => {
    const notice = await verify(body(refundFields({ app_id: '2021000000000999' })));
    expect(notice).toMatchObject({ ok: false, status: 401, reason: 'notification is for another app' });
  });

  it('accepts the previous Alipay public key while rotating, and only then', async () => {
    const signedWithOld = body(refundFields(), previous.privateKey);
    expect(await verify(signedWithOld)).toMatchObject({ ok: false, status: 401 });
    const rotating = new AlipayNotifications({
      credentials: { ...credentials, previousAlipayPublicKey: previous.publicKey },
    });
    expect(await verify(signedWithOld, rotating)).toMatchObject({ ok: true, events: [{ refundId: 'R-1' }] });
    expect(await verify(body(refundFields()), rotating)).toMatchObject({ ok: true });
  });

  it('refuses what cannot be read with 400: over 16 KiB, not urlencoded, a repeated field, no send_back_fee', async () => {
    const big = body(refundFields({ body: 'x'.repeat(MAX_NOTIFY_BYTES) }));
    expect(await verify(big)).toMatchObject({ ok: false, status: 400, reply: { body: 'fail' } });
    expect(await verify(Buffer.from('{"json":true} 退款'))).toMatchObject({ ok: false, status: 400 });
    const repeated = Buffer.from(`${body(refundFields()).toString()}&out_biz_no=R-2`);
    expect(await verify(repeated)).toMatchObject({ ok: false, status: 400 });
    const fields = refundFields();
    delete fields.send_back_fee;
    expect(await verify(body(fields))).toMatchObject({ ok: false, status: 400 });
    expect(await verify(body(refundFields({ charset: 'no-such-charset' })))).toMatchObject({ ok: false, status: 400 });
  });

  it("verifies over the bytes as sent in the body's charset (gbk)", async () => {
    // "退款" in GBK is CD CB BF EE; Alipay signs the gbk bytes, percent-encoded in the body.
    const gbk = Buffer.from([0xcd, 0xcb, 0xbf, 0xee]);
    const fields = refundFields({ charset: 'gbk' });
    delete fields.subject;
    const values = new Map<string, Buffer>(Object.entries(fields).map(([k, v]) => [k, Buffer.from(v)]));
    values.set('subject', gbk);
    const content = Buffer.concat(
      [...values.keys()].sort().flatMap((k, i) => [Buffer.from(`${i ? '&' : ''}${k}=`), values.get(k) as Buffer]),
    );
    const sign = createSign('RSA-SHA256').update(content).sign(alipay.privateKey, 'base64');
    const encoded = `${new URLSearchParams({ ...fields, sign, sign_type: 'RSA2' }).toString()}&subject=%CD%CB%BF%EE`;
    expect(await verify(Buffer.from(encoded))).toMatchObject({ ok: true, events: [{ amount: 12900 }] });
    // The same text signed as UTF-8 is not what was sent: refused.
    const utf8Sign = signFields({ ...fields, subject: '退款' }, alipay.privateKey);
    const wrong = `${new URLSearchParams({ ...fields, sign: utf8Sign, sign_type: 'RSA2' }).toString()}&subject=%CD%CB%BF%EE`;
    expect(await verify(Buffer.from(wrong))).toMatchObject({ ok: false, status: 401 });
  });

  it("agrees with alipay-sdk's checkNotifySignV2 on good and tampered notifications", async () => {
    const sdk = new AlipaySdk({
      appId: APP_ID,
      privateKey: app.privateKey,
      keyType: 'PKCS8',
      alipayPublicKey: alipay.publicKey,
    });
    const good = body(refundFields());
    const tampered = Buffer.from(good.toString().replace('out_biz_no=R-1', 'out_biz_no=R-9'));
    for (const [b, expected] of [
      [good, true],
      [tampered, false],
    ] as const) {
      const params = Object.fromEntries(new URLSearchParams(b.toString()));
      expect(sdk.checkNotifySignV2(params)).toBe(expected);
      expect((await verify(b)).ok).toBe(expected);
    }
  });

  it('maps a FAILED refund (refund_status REFUND_FAIL, as the local fake says it) with amount 0', async () => {
    const notice = await verify(body(refundFields({ refund_status: 'REFUND_FAIL', send_back_fee: '0.00' })));
    expect(notice).toMatchObject({ ok: true, events: [{ status: 'FAILED', amount: 0, reason: 'REFUND_FAIL' }] });
  });
});

describe('Alipay amounts and times', () => {
  it('converts fen to yuan strings and back exactly', () => {
    expect(fenToYuan(12900)).toBe('129.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(0)).toBe('0.00');
    expect(yuanToFen('129.00')).toBe(12900);
    expect(yuanToFen('129.5')).toBe(12950);
    expect(yuanToFen('0.01')).toBe(1);
    expect(yuanToFen('7')).toBe(700);
    for (const bad of ['1.234', '-1.00', 'abc', '', '1e3', '0x10', '1.']) expect(yuanToFen(bad)).toBeUndefined();
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), (fen) => yuanToFen(fenToYuan(fen)) === fen));
  });

  it('reads Beijing times as UTC instants and writes them back', () => {
    expect(beijingTimeToIso('2026-01-05 10:00:00')).toBe('2026-01-05T02:00:00.000Z');
    expect(beijingTimeToIso('2026-01-01 07:59:59.320')).toBe('2025-12-31T23:59:59.320Z');
    expect(beijingTimeToIso('2026-01-05T10:00:00')).toBeUndefined();
    expect(formatBeijingTime(Date.parse('2025-12-31T23:59:59Z'))).toBe('2026-01-01 07:59:59');
  });
});

describe('Alipay credentials (the Secrets Manager JSON)', () => {
  it('parses the JSON secret and checks the keys load', () => {
    const json = JSON.stringify({ ...credentials, previousAlipayPublicKey: previous.publicKey });
    expect(parseAlipayCredentials(json)).toEqual({ ...credentials, previousAlipayPublicKey: previous.publicKey });
  });

  it('refuses what is not JSON, a bad app id, a key that does not load, without echoing key material', () => {
    expect(() => parseAlipayCredentials('{')).toThrow(AlipayCredentialsError);
    expect(() => parseAlipayCredentials({ ...credentials, appId: 'abc' })).toThrow(/appId/);
    const broken = { ...credentials, privateKey: app.privateKey.replace(/[A-Za-z]{8}/, 'AAAAAAAA') };
    let message = '';
    try {
      parseAlipayCredentials(broken);
    } catch (error) {
      message = (error as Error).message;
      expect(error).toBeInstanceOf(AlipayCredentialsError);
    }
    expect(message).not.toBe('');
    expect(message).not.toContain('BEGIN');
    expect(() => parseAlipayCredentials({ ...credentials, alipayPublicKey: `${'A'.repeat(80)}!` })).toThrow(
      AlipayCredentialsError,
    );
  });
});
