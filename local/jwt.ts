/**
 * Local-mode tokens, shaped exactly as Cognito issues them, and checked the way the HTTP API's JWT authorizer does:
 *
 * - people get an **ID token**: `token_use: "id"`, `aud` = the web client, `cognito:groups: [role]`,
 *   `cognito:username`, `custom:merchant_id` for merchants, `email`, `auth_time`, `event_id`, `origin_jti`, `jti`;
 * - the order system gets a client-credentials **access token**: `token_use: "access"`, no `aud` but `client_id`,
 *   `scope: "refund-api/system"`, `version: 2`, and `sub` = the client id.
 *
 * Verification: signature, issuer, expiry, and the audience check API Gateway applies (`aud`, or `client_id` when the
 * token has no `aud`, must be one of the app clients). Claims are then flattened as the authorizer hands them to
 * Lambda: strings stay, numbers and booleans become strings, arrays become "[a b]", null claims are dropped.
 * Only the signing differs (HS256 with a local secret instead of Cognito's RS256 keys).
 */
import { randomUUID, webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Role } from '../functions/domain/vocabulary.ts';
import { SYSTEM_SCOPE } from '../functions/http/principal.ts';

export const LOCAL_ISSUER = 'https://cognito-idp.local.amazonaws.com/local_refunds';
/** The people's app client, as the stack's WebClient (ID tokens carry it as `aud`). */
export const LOCAL_WEB_CLIENT = 'local-web-client';
export const LOCAL_CLIENTS = [LOCAL_WEB_CLIENT] as const;

export interface LocalTokenRequest {
  sub: string;
  role: Role;
  merchantId?: string;
}

type Flat = Record<string, string>;

/** The HTTP API JWT authorizer's rendering of a claim value (undefined: the claim is left out). */
export function flattenClaim(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ')}]`;
  return JSON.stringify(value);
}

export class LocalTokens {
  /**
   * Imported into WebCrypto once: given the raw bytes, jose imports them again on every sign and verify, and the
   * gateway verifies every request: a cached key halves the CPU of a verification (about 45 → 22 µs).
   */
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(secret: string) {
    this.key = webcrypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  /** An ID token for a person, or (role `system`) an access token for the app client named `sub`. */
  async sign(request: LocalTokenRequest, ttlSeconds = 12 * 3600): Promise<string> {
    const key = await this.key;
    const now = Math.floor(Date.now() / 1000);
    const jti = randomUUID();
    if (request.role === 'system') {
      return new SignJWT({
        token_use: 'access',
        scope: SYSTEM_SCOPE,
        auth_time: now,
        version: 2,
        jti,
        client_id: request.sub,
      })
        .setProtectedHeader({ alg: 'HS256', kid: 'local', typ: 'JWT' })
        .setSubject(request.sub)
        .setIssuer(LOCAL_ISSUER)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(key);
    }
    return new SignJWT({
      'cognito:groups': [request.role],
      email_verified: true,
      'cognito:username': request.sub,
      origin_jti: randomUUID(),
      event_id: randomUUID(),
      token_use: 'id',
      auth_time: now,
      email: `${request.sub}@example.test`,
      jti,
      ...(request.merchantId ? { 'custom:merchant_id': request.merchantId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', kid: 'local', typ: 'JWT' })
      .setSubject(request.sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_WEB_CLIENT)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(key);
  }

  /** The flattened claims, or undefined for a missing, malformed, expired, foreign or wrong-audience token. */
  async verify(authorization: string | undefined): Promise<Flat | undefined> {
    const match = authorization?.match(/^Bearer\s+([A-Za-z0-9._-]+)$/);
    if (!match?.[1]) return undefined;
    try {
      const { payload } = await jwtVerify(match[1], await this.key, { issuer: LOCAL_ISSUER, algorithms: ['HS256'] });
      const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
      const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
      // The local pool creates an order-system app client for whoever asks, so any client id it signed is its own.
      const audienceOk =
        payload.aud === undefined ? clientId !== undefined : audiences.some((a) => LOCAL_CLIENTS.some((c) => c === a));
      if (!audienceOk) return undefined;
      const flat: Flat = {};
      for (const [name, value] of Object.entries(payload)) {
        const rendered = flattenClaim(value);
        if (rendered !== undefined) flat[name] = rendered;
      }
      return flat;
    } catch {
      return undefined;
    }
  }
}
