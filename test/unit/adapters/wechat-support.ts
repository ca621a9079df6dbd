/**
 * What the WeChat Pay channel tests share: RSA key pairs made with node:crypto (2048 bits), a self-signed platform
 * certificate built by hand in DER (node:crypto reads certificates but cannot make one, and WeChat Pay's older
 * platform-certificate mode must be tested too), credentials, and a 127.0.0.1 receiver that runs the notification
 * adapter on what WeChat Pay (the fake) posts, as functions/api/payments/channel-notify.ts would.
 */
import { createCipheriv, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChannelNotice } from '../../../functions/adapters/payments/channels/notification.ts';
import type { WechatPayCredentials } from '../../../functions/adapters/payments/channels/wechat-credentials.ts';
import { WechatPayNotifications } from '../../../functions/adapters/payments/channels/wechat-notify.ts';
import type { PayoutWebhook } from '../../../functions/domain/payout/webhook.ts';

export interface KeyPair {
  privatePem: string;
  publicPem: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function rsaKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

// Minimal DER, enough for an X.509 v1 certificate.
function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const SHA256_WITH_RSA = seq(der(0x06, Buffer.from('2a864886f70d01010b', 'hex')), Buffer.from([0x05, 0x00]));
const name = (cn: string) =>
  seq(der(0x31, seq(der(0x06, Buffer.from('550403', 'hex')), der(0x0c, Buffer.from(cn, 'utf8')))));
const utcTime = (ms: number) =>
  der(0x17, Buffer.from(`${new Date(ms).toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`, 'ascii'));

/** A self-signed certificate for `keys` with serial number `serialHex` (first digit below 8: a positive INTEGER). */
export function selfSignedCertificate(keys: KeyPair, serialHex: string, cn = 'Tenpay.com Root CA'): string {
  const now = Date.now();
  const tbs = seq(
    der(0x02, Buffer.from(serialHex, 'hex')),
    SHA256_WITH_RSA,
    name(cn),
    seq(utcTime(now - 86_400_000), utcTime(now + 365 * 86_400_000)),
    name('1900000109'),
    keys.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, keys.privateKey);
  const cert = seq(tbs, SHA256_WITH_RSA, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 =
    cert
      .toString('base64')
      .match(/.{1,64}/g)
      ?.join('\n') ?? '';
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

export const MCHID = '1900000109';
export const MERCHANT_SERIAL = '3775B6A45ACD588826D15E583A95F5DD0A1B2C3D';
export const PUB_KEY_ID = 'PUB_KEY_ID_0119000001092025010100000000000001';
export const API_V3_KEY = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
export const OLD_API_V3_KEY = 'Zq0Ktv5gXeL2yPn8WcRfB3mHs9dJuA41';

export interface TestKeys {
  merchant: KeyPair;
  platform: KeyPair;
  /** A key WeChat Pay does not use (forged answers/notifications). */
  stranger: KeyPair;
}

export function testKeys(): TestKeys {
  return { merchant: rsaKeyPair(), platform: rsaKeyPair(), stranger: rsaKeyPair() };
}

export function credentialsFor(keys: TestKeys, overrides: Partial<WechatPayCredentials> = {}): WechatPayCredentials {
  return {
    mchid: MCHID,
    merchantSerialNo: MERCHANT_SERIAL,
    privateKey: keys.merchant.privatePem,
    apiV3Key: API_V3_KEY,
    platformKeys: [{ id: PUB_KEY_ID, pem: keys.platform.publicPem }],
    ...overrides,
  };
}

/** WeChat Pay's signature headers for `body`, as the test wants them (key, serial, time). */
export function wechatHeaders(
  body: Buffer | string,
  options: { key: KeyObject; serial: string; timestampSec: number; nonce?: string },
): Record<string, string> {
  const nonce = options.nonce ?? randomBytes(16).toString('hex');
  const message = Buffer.concat([
    Buffer.from(`${options.timestampSec}\n${nonce}\n`),
    typeof body === 'string' ? Buffer.from(body) : body,
    Buffer.from('\n'),
  ]);
  return {
    'wechatpay-timestamp': String(options.timestampSec),
    'wechatpay-nonce': nonce,
    'wechatpay-signature': sign('sha256', message, options.key).toString('base64'),
    'wechatpay-serial': options.serial,
  };
}

/** A notification resource encrypted as WeChat Pay does (AEAD_AES_256_GCM, ciphertext = data ‖ tag, base64). */
export function encryptResource(plaintext: string, apiV3Key: string, associatedData = 'refund') {
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    original_type: 'refund',
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: data.toString('base64'),
    associated_data: associatedData,
    nonce,
  };
}

export interface Receiver {
  url: string;
  /** Every verified event, in arrival order. */
  events: PayoutWebhook[];
  notices: ChannelNotice[];
  /** Answer the next `n` notifications 500 (the route failing), before verifying them. */
  failNext(n: number): void;
  close(): Promise<void>;
}

/** The merchant's notify_url on 127.0.0.1, verifying with the WeChat Pay notification adapter. */
export async function startReceiver(credentials: WechatPayCredentials): Promise<Receiver> {
  const adapter = new WechatPayNotifications({ credentials });
  const events: PayoutWebhook[] = [];
  const notices: ChannelNotice[] = [];
  let failing = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (failing > 0) {
          failing--;
          res.writeHead(500).end();
          return;
        }
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(',') : v;
        const notice = await adapter.verify({ headers, body: Buffer.concat(chunks) }, Date.now());
        notices.push(notice);
        if (notice.ok) events.push(...notice.events);
        const reply = notice.reply;
        res.writeHead(reply.status, reply.contentType ? { 'content-type': reply.contentType } : {});
        res.end(reply.body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/payments/channels/wechat/notify`,
    events,
    notices,
    failNext(n) {
      failing = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
