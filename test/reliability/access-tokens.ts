/** Hostile tokens for the access tests: expired, unsigned, foreign issuer or audience, another key, no role. */
import { SignJWT, UnsecuredJWT } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../local/jwt.ts';

/** The secret the access tests give their runtime, so they can forge tokens that are valid but for one claim. */
export const TEST_TOKEN_SECRET = 'reliability-token-secret';

const key = (secret: string) => new TextEncoder().encode(secret);

function signed(
  claims: Record<string, unknown>,
  options: { iss?: string; aud?: string; exp?: number; secret?: string },
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('buyer-1')
    .setIssuer(options.iss ?? LOCAL_ISSUER)
    .setAudience(options.aud ?? LOCAL_AUDIENCE)
    .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
    .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 3600)
    .sign(key(options.secret ?? TEST_TOKEN_SECRET));
}

/** Each bad Authorization header by name; every one must get 401 on every protected route. */
export async function badAuthorizations(): Promise<Record<string, string | undefined>> {
  const claims = { role: 'system' };
  const unsigned = new UnsecuredJWT(claims)
    .setSubject('buyer-1')
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setExpirationTime('1h')
    .encode();
  return {
    missing: undefined,
    empty: 'Bearer ',
    garbage: 'Bearer not.a.jwt',
    notBearer: `Basic ${Buffer.from('a:b').toString('base64')}`,
    algNone: `Bearer ${unsigned}`,
    expired: `Bearer ${await signed(claims, { exp: Math.floor(Date.now() / 1000) - 60 })}`,
    wrongIssuer: `Bearer ${await signed(claims, { iss: 'https://cognito-idp.example.com/evil' })}`,
    wrongAudience: `Bearer ${await signed(claims, { aud: 'another-api' })}`,
    wrongKey: `Bearer ${await signed(claims, { secret: 'someone-elses-secret' })}`,
    noRole: `Bearer ${await signed({}, {})}`,
    unknownRole: `Bearer ${await signed({ role: 'admin' }, {})}`,
  };
}
