/**
 * Hostile tokens for the access tests: expired, unsigned, foreign issuer or audience, another key, no role, and the
 * Cognito tokens the API must not accept (a person's access token, `system` as a group, two role groups, an access
 * token without the system scope, the old `role` claim shape).
 */
import { SignJWT, UnsecuredJWT } from 'jose';
import { SYSTEM_SCOPE } from '../../functions/http/principal.ts';
import { LOCAL_ISSUER, LOCAL_WEB_CLIENT } from '../../local/jwt.ts';

/** The secret the access tests give their runtime, so they can forge tokens that are valid but for one claim. */
export const TEST_TOKEN_SECRET = 'reliability-token-secret';

const key = (secret: string) => new TextEncoder().encode(secret);

function signed(
  claims: Record<string, unknown>,
  options: { iss?: string; aud?: string | null; exp?: number; secret?: string },
) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('buyer-1')
    .setIssuer(options.iss ?? LOCAL_ISSUER);
  if (options.aud !== null) jwt.setAudience(options.aud ?? LOCAL_WEB_CLIENT);
  return jwt
    .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
    .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 3600)
    .sign(key(options.secret ?? TEST_TOKEN_SECRET));
}

/** Each bad Authorization header by name; every one must get 401 on every protected route. */
export async function badAuthorizations(): Promise<Record<string, string | undefined>> {
  const claims = { token_use: 'id', 'cognito:groups': ['finance'] };
  const machine = { token_use: 'access', scope: SYSTEM_SCOPE, client_id: 'buyer-1', version: 2 };
  const unsigned = new UnsecuredJWT(claims)
    .setSubject('buyer-1')
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_WEB_CLIENT)
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
    noRole: `Bearer ${await signed({ token_use: 'id' }, {})}`,
    unknownRole: `Bearer ${await signed({ token_use: 'id', 'cognito:groups': ['admin'] }, {})}`,
    twoRoles: `Bearer ${await signed({ token_use: 'id', 'cognito:groups': ['buyer', 'finance'] }, {})}`,
    systemAsGroup: `Bearer ${await signed({ token_use: 'id', 'cognito:groups': ['system'] }, {})}`,
    oldRoleClaim: `Bearer ${await signed({ role: 'finance' }, {})}`,
    noTokenUse: `Bearer ${await signed({ 'cognito:groups': ['finance'] }, {})}`,
    personAccessToken: `Bearer ${await signed({ ...machine, username: 'buyer-1', 'cognito:groups': ['finance'] }, { aud: null })}`,
    accessWithoutScope: `Bearer ${await signed({ ...machine, scope: 'aws.cognito.signin.user.admin' }, { aud: null })}`,
    accessForAnotherClient: `Bearer ${await signed({ ...machine, client_id: 'someone-else' }, { aud: null })}`,
    machineWithoutClient: `Bearer ${await signed({ token_use: 'access', scope: SYSTEM_SCOPE }, { aud: null })}`,
  };
}
