/**
 * WeChat Pay refund notifications (functions/adapters/payments/channels/wechat-notify.ts), built here with node:crypto
 * independently of the adapter: signature over the raw body, platform key by Wechatpay-Serial (public key and
 * certificate modes), the 5-minute window, AES-256-GCM decryption with the API v3 key or the previous one, the
 * mapping to PayoutWebhook, and the replies WeChat Pay expects.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { WechatPayCredentials } from '../../../functions/adapters/payments/channels/wechat-credentials.ts';
import { WechatPayNotifications } from '../../../functions/adapters/payments/channels/wechat-notify.ts';
import {
  API_V3_KEY,
  credentialsFor,
  encryptResource,
  MCHID,
  OLD_API_V3_KEY,
  PUB_KEY_ID,
  selfSignedCertificate,
  type TestKeys,
  testKeys,
  wechatHeaders,
} from './wechat-support.ts';

const NOW_MS = Date.parse('2026-01-05T02:00:00.000Z');
const NOW_SEC = NOW_MS / 1000;

let keys: TestKeys;
let credentials: WechatPayCredentials;
let notifications: WechatPayNotifications;

beforeAll(() => {
  keys = testKeys();
  credentials = credentialsFor(keys);
  notifications = new WechatPayNotifications({ credentials });
});

function refundResource(overrides: Record<string, unknown> = {}) {
  return {
    mchid: MCHID,
    out_trade_no: 'ORD-1',
    transaction_id: '4200001234202601050000000001',
    out_refund_no: 'RF-1',
    refund_id: '50300000012026010500000000001',
    refund_status: 'SUCCESS',
    success_time: '2026-01-05T09:59:58+08:00',
    user_received_account: '支付用户零钱',
    amount: { total: 10_000, refund: 3_000, payer_total: 10_000, payer_refund: 2_800 },
    ...overrides,
  };
}

function notificationBody(
  eventType = 'REFUND.SUCCESS',
  resource: Record<string, unknown> = refundResource(),
  apiV3Key = API_V3_KEY,
): Buffer {
  return Buffer.from(
    JSON.stringify({
      id: 'EV-018A-1',
      create_time: '2026-01-05T10:00:00+08:00',
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: '退款成功',
      resource: encryptResource(JSON.stringify(resource), apiV3Key),
    }),
  );
}

function signed(body: Buffer, options: Partial<Parameters<typeof wechatHeaders>[1]> = {}) {
  return {
    headers: wechatHeaders(body, {
      key: keys.platform.privateKey,
      serial: PUB_KEY_ID,
      timestampSec: NOW_SEC,
      ...options,
    }),
    body,
  };
}

describe('verified refund notifications', () => {
  it('REFUND.SUCCESS is SETTLED with what reached the buyer, answered 204 with no body', async () => {
    const notice = await notifications.verify(signed(notificationBody()), NOW_MS);
    expect(notice).toEqual({
      ok: true,
      events: [
        {
          providerRef: '50300000012026010500000000001',
          refundId: 'RF-1',
          status: 'SETTLED',
          amount: 2_800,
          at: '2026-01-05T01:59:58.000Z',
        },
      ],
      reply: { status: 204, body: '' },
    });
  });

  it('uses amount.refund when payer_refund is absent', async () => {
    const resource = refundResource({ amount: { total: 10_000, refund: 3_000 } });
    const notice = await notifications.verify(signed(notificationBody('REFUND.SUCCESS', resource)), NOW_MS);
    expect(notice.ok && notice.events[0]?.amount).toBe(3_000);
  });

  it.each([
    ['REFUND.ABNORMAL', 'ABNORMAL', 'REFUND_ABNORMAL'],
    ['REFUND.CLOSED', 'CLOSED', 'REFUND_CLOSED'],
  ])('%s is FAILED with the amount sent, at the notification time', async (eventType, refundStatus, reason) => {
    const resource = refundResource({ refund_status: refundStatus, success_time: undefined });
    const notice = await notifications.verify(signed(notificationBody(eventType, resource)), NOW_MS);
    expect(notice).toMatchObject({
      ok: true,
      events: [{ refundId: 'RF-1', status: 'FAILED', amount: 3_000, reason, at: '2026-01-05T02:00:00.000Z' }],
    });
  });

  it('acknowledges other event types without events', async () => {
    const body = notificationBody('TRANSACTION.SUCCESS', { mchid: MCHID, out_trade_no: 'ORD-1' });
    expect(await notifications.verify(signed(body), NOW_MS)).toEqual({
      ok: true,
      events: [],
      reply: { status: 204, body: '' },
    });
  });

  it('decrypts with the previous API v3 key while the key changes', async () => {
    const body = notificationBody('REFUND.SUCCESS', refundResource(), OLD_API_V3_KEY);
    const without = await notifications.verify(signed(body), NOW_MS);
    expect(without).toMatchObject({ ok: false, status: 400 });
    const rotating = new WechatPayNotifications({ credentials: { ...credentials, previousApiV3Key: OLD_API_V3_KEY } });
    expect(await rotating.verify(signed(body), NOW_MS)).toMatchObject({ ok: true, events: [{ refundId: 'RF-1' }] });
    // The current key still works too.
    expect(await rotating.verify(signed(notificationBody()), NOW_MS)).toMatchObject({ ok: true });
  });

  it('verifies with a platform certificate, its serial written in either case', async () => {
    const serial = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
    const byCert = new WechatPayNotifications({
      credentials: {
        ...credentials,
        platformKeys: [{ id: serial, pem: selfSignedCertificate(keys.platform, serial) }],
      },
    });
    const body = notificationBody();
    expect(await byCert.verify(signed(body, { serial: serial.toLowerCase() }), NOW_MS)).toMatchObject({ ok: true });
    expect(await byCert.verify(signed(body), NOW_MS)).toMatchObject({ ok: false, status: 401 });
  });

  it('accepts the new key and the old one while both are configured', async () => {
    const newId = 'PUB_KEY_ID_0119000001092026010100000000000002';
    const both = new WechatPayNotifications({
      credentials: {
        ...credentials,
        platformKeys: [...credentials.platformKeys, { id: newId, pem: keys.stranger.publicPem }],
      },
    });
    const body = notificationBody();
    expect(await both.verify(signed(body), NOW_MS)).toMatchObject({ ok: true });
    expect(await both.verify(signed(body, { key: keys.stranger.privateKey, serial: newId }), NOW_MS)).toMatchObject({
      ok: true,
    });
  });

  it('accepts timestamps up to 5 minutes off either way', async () => {
    const body = notificationBody();
    for (const skew of [-300, 300]) {
      expect(await notifications.verify(signed(body, { timestampSec: NOW_SEC + skew }), NOW_MS)).toMatchObject({
        ok: true,
      });
    }
  });
});

describe('refused notifications', () => {
  const failReply = (status: number) => ({
    status,
    contentType: 'application/json',
    body: expect.stringMatching(/^\{"code":"FAIL","message":".+"\}$/),
  });

  it('a tampered body is 401 with a FAIL reply', async () => {
    const original = notificationBody();
    const { headers } = signed(original);
    const tampered = Buffer.from(original.toString().replace('REFUND.SUCCESS', 'REFUND.CLOSED'));
    expect(await notifications.verify({ headers, body: tampered }, NOW_MS)).toEqual({
      ok: false,
      status: 401,
      reason: 'Wechatpay-Signature does not verify',
      reply: failReply(401),
    });
  });

  it('a signature by another key under a known serial is 401', async () => {
    const notice = await notifications.verify(signed(notificationBody(), { key: keys.stranger.privateKey }), NOW_MS);
    expect(notice).toMatchObject({ ok: false, status: 401, reply: failReply(401) });
  });

  it('a stale or future timestamp (more than 5 minutes) is 401', async () => {
    const body = notificationBody();
    for (const skew of [-301, 301]) {
      const notice = await notifications.verify(signed(body, { timestampSec: NOW_SEC + skew }), NOW_MS);
      expect(notice).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('5 minutes') });
    }
  });

  it('an unknown Wechatpay-Serial is 401', async () => {
    const notice = await notifications.verify(signed(notificationBody(), { serial: 'PUB_KEY_ID_UNKNOWN' }), NOW_MS);
    expect(notice).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining('unknown') });
  });

  it('missing headers and WeChat Pay probe signatures are 401', async () => {
    const { headers, body } = signed(notificationBody());
    for (const name of Object.keys(headers)) {
      const { [name]: _dropped, ...rest } = headers;
      expect(await notifications.verify({ headers: rest, body }, NOW_MS)).toMatchObject({ ok: false, status: 401 });
    }
    const probe = { ...headers, 'wechatpay-signature': `WECHATPAY/SIGNTEST/${headers['wechatpay-signature']}` };
    expect(await notifications.verify({ headers: probe, body }, NOW_MS)).toMatchObject({ ok: false, status: 401 });
  });

  it('a body over 16 KiB is 400 before anything else', async () => {
    const body = Buffer.alloc(16 * 1024 + 1, 0x20);
    expect(await notifications.verify(signed(body), NOW_MS)).toMatchObject({ ok: false, status: 400 });
  });

  it('signed but not JSON, or not an event, is 400', async () => {
    for (const text of ['not json', '{"hello":"world"}', '"x"']) {
      const notice = await notifications.verify(signed(Buffer.from(text)), NOW_MS);
      expect(notice).toMatchObject({ ok: false, status: 400, reply: failReply(400) });
    }
  });

  it('a resource that does not decrypt (tampered ciphertext or unknown key) is 400', async () => {
    const json = JSON.parse(notificationBody().toString());
    const data = Buffer.from(json.resource.ciphertext, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    json.resource.ciphertext = data.toString('base64');
    const notice = await notifications.verify(signed(Buffer.from(JSON.stringify(json))), NOW_MS);
    expect(notice).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining('decrypt') });
    const otherKey = notificationBody('REFUND.SUCCESS', refundResource(), 'x'.repeat(32));
    expect(await notifications.verify(signed(otherKey), NOW_MS)).toMatchObject({ ok: false, status: 400 });
  });

  it('a refund of another merchant, or one without ids, is 400', async () => {
    const other = notificationBody('REFUND.SUCCESS', refundResource({ mchid: '1900000999' }));
    expect(await notifications.verify(signed(other), NOW_MS)).toMatchObject({ ok: false, status: 400 });
    const noId = notificationBody('REFUND.SUCCESS', refundResource({ refund_id: '' }));
    expect(await notifications.verify(signed(noId), NOW_MS)).toMatchObject({ ok: false, status: 400 });
  });
});
