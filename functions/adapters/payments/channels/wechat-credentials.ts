/**
 * WeChat Pay API v3 credentials (the Secrets Manager JSON) and the two things done with WeChat Pay's keys, shared by
 * the refund adapter (channels/wechat.ts, which verifies WeChat Pay's signed answers) and the notification adapter
 * (channels/wechat-notify.ts, which verifies and decrypts refund notifications):
 *
 * - **Verifying WeChat Pay's signature.** Answers and notifications carry `Wechatpay-Timestamp`, `Wechatpay-Nonce`,
 *   `Wechatpay-Signature` (base64 SHA256-with-RSA) and `Wechatpay-Serial`; the signed message is
 *   `TIMESTAMP\nNONCE\nBODY\n` over the body exactly as received. The key is the platform key whose id matches
 *   `Wechatpay-Serial`: either a platform certificate (PEM CERTIFICATE, id = its serial number in hex) or, in the newer
 *   WeChat Pay public key mode, a PEM public key (id `PUB_KEY_ID_…`). Up to five keys are configured so a new one can be
 *   added before WeChat Pay switches to it and the old one removed afterwards. A timestamp more than 5 minutes away
 *   from our clock is refused (replay). A deliberately wrong probe signature (`WECHATPAY/SIGNTEST/…`, which WeChat Pay
 *   sends to check merchants do verify) simply fails.
 * - **Decrypting a notification's `resource`.** AEAD_AES_256_GCM with the API v3 key (32 bytes) as the key, the
 *   resource's `nonce` and `associated_data`; `ciphertext` is base64 of data ‖ 16-byte tag. `previousApiV3Key` is tried
 *   too, so the API v3 key can be changed in the merchant platform while notifications encrypted with the old one are
 *   still being retried.
 *
 * Secret JSON: `{ mchid, merchantSerialNo, privateKey, apiV3Key, platformKeys: [{ id, pem }], previousApiV3Key? }`
 * (docs/payouts.md). Parsed with zod/mini to keep the Lambda bundles small.
 */
import { createDecipheriv, createPublicKey, type KeyObject, verify, X509Certificate } from 'node:crypto';
import * as z from 'zod/mini';
import { ConfigurationError } from '../../../config.ts';

/** How far WeChat Pay's signed timestamp may be from our clock. */
export const WECHAT_MAX_SKEW_MS = 5 * 60_000;

const pem = (label: RegExp) =>
  z.string().check(
    z.maxLength(16_384),
    z.refine((s) => label.test(s), 'must be a PEM block'),
  );

const apiV3Key = z.string().check(z.refine((s) => Buffer.byteLength(s, 'utf8') === 32, 'must be 32 bytes'));

export const wechatPayCredentialsSchema = z.object({
  /** The merchant id (商户号). */
  mchid: z.string().check(z.regex(/^[0-9]{1,32}$/)),
  /** Serial number of the merchant API certificate whose private key signs our requests (商户API证书序列号). */
  merchantSerialNo: z.string().check(z.regex(/^[0-9A-Fa-f]{1,64}$/)),
  /** The merchant API private key (apiclient_key.pem), PKCS#8 or PKCS#1 PEM. */
  privateKey: pem(/-----BEGIN (RSA )?PRIVATE KEY-----/),
  /** The API v3 key (APIv3密钥): 32 bytes, decrypts notifications. */
  apiV3Key,
  /** WeChat Pay's keys that verify answers and notifications: certificates (id = serial) or public keys (PUB_KEY_ID_…). */
  platformKeys: z
    .array(
      z.object({
        id: z.string().check(z.regex(/^[0-9A-Za-z_]{1,64}$/)),
        pem: pem(/-----BEGIN (CERTIFICATE|PUBLIC KEY)-----/),
      }),
    )
    .check(z.minLength(1), z.maxLength(5)),
  /** The API v3 key before the last change, while notifications encrypted with it may still arrive. */
  previousApiV3Key: z.optional(apiV3Key),
  /** Where the API is. @default https://api.mch.weixin.qq.com */
  baseUrl: z.optional(z.url({ protocol: /^https?$/ })),
});

export type WechatPayCredentials = z.infer<typeof wechatPayCredentialsSchema>;

/** Parses the secret's JSON (a string, or already parsed); a bad secret is a ConfigurationError naming the fields. */
export function parseWechatPayCredentials(value: string | unknown): WechatPayCredentials {
  let json: unknown = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch {
      throw new ConfigurationError('WeChat Pay secret is not JSON');
    }
  }
  const result = wechatPayCredentialsSchema.safeParse(json);
  if (!result.success) {
    const fields = result.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new ConfigurationError(`WeChat Pay secret is invalid at: ${fields}`);
  }
  return result.data;
}

/** WeChat Pay's verification keys by id (upper-case: certificate serials are hex and written either way). */
export type WechatPlatformKeys = ReadonlyMap<string, KeyObject>;

/**
 * Loads the configured platform keys. A certificate's id must be its serial number, so a certificate filed under
 * the wrong id fails at start instead of refusing every answer.
 */
export function loadPlatformKeys(keys: WechatPayCredentials['platformKeys']): WechatPlatformKeys {
  const map = new Map<string, KeyObject>();
  for (const { id, pem } of keys) {
    const key = id.toUpperCase();
    if (pem.includes('-----BEGIN CERTIFICATE-----')) {
      const cert = new X509Certificate(pem);
      if (cert.serialNumber.replace(/^0+/, '').toUpperCase() !== key.replace(/^0+/, '')) {
        throw new ConfigurationError(
          `WeChat Pay platform certificate ${id}: its serial number is ${cert.serialNumber}`,
        );
      }
      map.set(key, cert.publicKey);
    } else {
      map.set(key, createPublicKey(pem));
    }
  }
  return map;
}

/** WeChat Pay's signature headers, as received (lower-case names in Node). */
export interface WechatSignatureHeaders {
  timestamp: string | undefined;
  nonce: string | undefined;
  signature: string | undefined;
  serial: string | undefined;
}

/** Reads the four signature headers from a lower-case header record (a ChannelRequest's, or fetch's Headers). */
export function wechatSignatureHeaders(get: (name: string) => string | null | undefined): WechatSignatureHeaders {
  const h = (name: string) => get(name) ?? undefined;
  return {
    timestamp: h('wechatpay-timestamp'),
    nonce: h('wechatpay-nonce'),
    signature: h('wechatpay-signature'),
    serial: h('wechatpay-serial'),
  };
}

export type SignatureVerdict = { ok: true; timestampSec: number } | { ok: false; reason: string };

/** Verifies WeChat Pay's signature over `TIMESTAMP\nNONCE\nBODY\n` (see the module comment). */
export function verifyWechatSignature(
  keys: WechatPlatformKeys,
  headers: WechatSignatureHeaders,
  body: Buffer | string,
  nowMs: number,
): SignatureVerdict {
  const { timestamp, nonce, signature, serial } = headers;
  if (!timestamp || !nonce || !signature || !serial)
    return { ok: false, reason: 'missing Wechatpay signature headers' };
  if (!/^[0-9]{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed Wechatpay-Timestamp' };
  const timestampSec = Number(timestamp);
  if (Math.abs(nowMs - timestampSec * 1000) > WECHAT_MAX_SKEW_MS) {
    return { ok: false, reason: 'Wechatpay-Timestamp is more than 5 minutes off' };
  }
  const key = keys.get(serial.toUpperCase());
  if (!key) return { ok: false, reason: `unknown Wechatpay-Serial ${serial.slice(0, 64)}` };
  const message = Buffer.concat([
    Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'),
    typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    Buffer.from('\n', 'utf8'),
  ]);
  let valid = false;
  try {
    valid = verify('sha256', message, key, Buffer.from(signature, 'base64'));
  } catch {
    valid = false;
  }
  return valid ? { ok: true, timestampSec } : { ok: false, reason: 'Wechatpay-Signature does not verify' };
}

/** A notification's encrypted `resource`. */
export interface WechatEncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string | undefined;
}

const GCM_TAG_BYTES = 16;

/**
 * Decrypts a resource with the first of `apiV3Keys` that authenticates it; undefined when none does (wrong key or
 * altered ciphertext: GCM's tag tells both apart from success, not from each other).
 */
export function decryptWechatResource(
  resource: WechatEncryptedResource,
  apiV3Keys: readonly string[],
): string | undefined {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') return undefined;
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length <= GCM_TAG_BYTES) return undefined;
  const encrypted = data.subarray(0, data.length - GCM_TAG_BYTES);
  const tag = data.subarray(data.length - GCM_TAG_BYTES);
  for (const apiV3Key of apiV3Keys) {
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        Buffer.from(apiV3Key, 'utf8'),
        Buffer.from(resource.nonce, 'utf8'),
      );
      decipher.setAuthTag(tag);
      decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
      return Buffer.concat([decipher.update(encrypted), decipher.final()]).toString('utf8');
    } catch {
      // Not this key (or not authentic): try the next one.
    }
  }
  return undefined;
}

/** WeChat Pay writes times as RFC 3339 in China time (`2026-01-05T10:00:00+08:00`); ours are ISO UTC. */
export function wechatTimeToIso(value: string): string | undefined {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
