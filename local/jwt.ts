/**
 * Local-mode tokens: HS256 JWTs signed by the runtime, carrying the same claims Cognito would
 * (`sub`, `role`, `merchant_id`). Verified with issuer, audience and expiry like the HTTP API's JWT authorizer.
 */
import { jwtVerify, SignJWT } from 'jose';
import type { Role } from '../functions/domain/vocabulary.ts';

export const LOCAL_ISSUER = 'urn:refund-pipeline:local';
export const LOCAL_AUDIENCE = 'refund-api';

export class LocalTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  sign(claims: { sub: string; role: Role; merchantId?: string }, ttlSeconds = 12 * 3600): Promise<string> {
    return new SignJWT({ role: claims.role, ...(claims.merchantId ? { merchant_id: claims.merchantId } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.key);
  }

  /** Returns the claims, or undefined for a missing, malformed, expired or foreign token. */
  async verify(authorization: string | undefined): Promise<Record<string, string> | undefined> {
    const match = authorization?.match(/^Bearer\s+([A-Za-z0-9._-]+)$/);
    if (!match?.[1]) return undefined;
    try {
      const { payload } = await jwtVerify(match[1], this.key, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['HS256'],
      });
      return Object.fromEntries(
        Object.entries(payload)
          .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
          .map(([k, v]) => [k, String(v)]),
      );
    } catch {
      return undefined;
    }
  }
}
