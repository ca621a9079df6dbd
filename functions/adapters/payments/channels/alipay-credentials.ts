/**
 * The Alipay merchant credentials as stored in Secrets Manager (one JSON secret), checked once when read so a typo
 * fails at cold start, not at the first refund:
 *
 * ```json
 * { "appId": "2021000000000000",
 *   "privateKey": "-----BEGIN PRIVATE KEY-----\n…",        // the app's RSA2 key, PKCS#8 or PKCS#1 PEM
 *   "alipayPublicKey": "MIIBIjANBgkqh…",                    // Alipay's key, PEM or the bare base64 the console shows
 *   "previousAlipayPublicKey": "MIIBIjANBgkqh…" }          // optional, while Alipay's key is being rotated
 * ```
 *
 * The keys are normalised here with node:crypto (private key to PKCS#8 PEM, public keys to SPKI PEM), because
 * alipay-sdk's own key formatting only strips the header it expects (a PKCS#8 key given as PKCS#1 breaks) and the
 * notification verifier (alipay-notify.ts) wants KeyObjects. Key rotation: notifications verify with either public key.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import * as z from 'zod/mini';

const pemOrBase64 = () => z.string().check(z.minLength(64), z.maxLength(8192));

export const alipayCredentialsSchema = z.object({
  /** The Alipay Open Platform app id (digits). */
  appId: z.string().check(z.regex(/^\d{8,32}$/)),
  /** The app's RSA private key (signs requests): PEM, PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`). */
  privateKey: pemOrBase64(),
  /** Alipay's public key (verifies responses and notifications): PEM or bare base64 (SPKI DER). */
  alipayPublicKey: pemOrBase64(),
  /** Alipay's previous public key, accepted for notifications while a rotation is under way. */
  previousAlipayPublicKey: z.optional(pemOrBase64()),
  /** The OpenAPI gateway. @default https://openapi.alipay.com/gateway.do (the sandbox's to test there) */
  gateway: z.optional(z.url({ protocol: /^https?$/ })),
});

export type AlipayCredentials = z.infer<typeof alipayCredentialsSchema>;

/** Thrown when the secret is not JSON, has the wrong shape, or a key does not load. Never contains key material. */
export class AlipayCredentialsError extends Error {
  override readonly name = 'AlipayCredentialsError';
}

/** Parses and checks the secret's value (a JSON string or an already-parsed object); the keys must load. */
export function parseAlipayCredentials(value: unknown): AlipayCredentials {
  let json = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch {
      throw new AlipayCredentialsError('Alipay credentials are not JSON');
    }
  }
  const parsed = alipayCredentialsSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new AlipayCredentialsError(`Alipay credentials are invalid: ${fields}`);
  }
  const credentials = parsed.data;
  privateKeyPem(credentials.privateKey);
  alipayPublicKeys(credentials);
  return credentials;
}

function isPem(text: string): boolean {
  return text.includes('-----BEGIN ');
}

/** Bare base64 (the form the Alipay console shows keys in), whitespace ignored, as DER bytes. */
function base64Der(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+=*$/.test(compact)) throw new AlipayCredentialsError('key is neither PEM nor base64');
  return Buffer.from(compact, 'base64');
}

/** The app's private key as a KeyObject (PKCS#1 or PKCS#8, PEM or bare base64). */
export function loadPrivateKey(text: string): KeyObject {
  try {
    if (isPem(text)) return createPrivateKey(text);
    const der = base64Der(text);
    try {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    } catch {
      return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
    }
  } catch (error) {
    if (error instanceof AlipayCredentialsError) throw error;
    throw new AlipayCredentialsError('Alipay private key does not load');
  }
}

/** A public key as a KeyObject (SPKI or PKCS#1 PEM, or bare base64 SPKI). */
export function loadPublicKey(text: string): KeyObject {
  try {
    if (isPem(text)) return createPublicKey(text);
    return createPublicKey({ key: base64Der(text), format: 'der', type: 'spki' });
  } catch (error) {
    if (error instanceof AlipayCredentialsError) throw error;
    throw new AlipayCredentialsError('Alipay public key does not load');
  }
}

/** The private key as PKCS#8 PEM (what alipay-sdk is given, with keyType 'PKCS8'). */
export function privateKeyPem(text: string): string {
  const key = loadPrivateKey(text);
  if (key.asymmetricKeyType !== 'rsa') throw new AlipayCredentialsError('Alipay private key is not RSA');
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** A public key as SPKI PEM. */
export function publicKeyPem(text: string): string {
  return loadPublicKey(text).export({ format: 'pem', type: 'spki' }).toString();
}

/** Alipay's public keys, current first, then the previous one while rotating. */
export function alipayPublicKeys(credentials: AlipayCredentials): KeyObject[] {
  const keys = [loadPublicKey(credentials.alipayPublicKey)];
  if (credentials.previousAlipayPublicKey) keys.push(loadPublicKey(credentials.previousAlipayPublicKey));
  for (const key of keys) {
    if (key.asymmetricKeyType !== 'rsa') throw new AlipayCredentialsError('Alipay public key is not RSA');
  }
  return keys;
}
