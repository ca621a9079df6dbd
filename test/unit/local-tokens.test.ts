/**
 * Local tokens carry exactly the claims Cognito puts in them, and the local gateway hands them to handlers flattened
 * as the HTTP API JWT authorizer does; the principal reads them the same way as in AWS.
 */
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { principalOf } from '../../functions/http/principal.ts';
import { flattenClaim, LOCAL_ISSUER, LOCAL_WEB_CLIENT, LocalTokens } from '../../local/jwt.ts';

const tokens = new LocalTokens('unit-test-secret');
const asEvent = (claims: Record<string, string>) =>
  ({ requestContext: { authorizer: { jwt: { claims, scopes: null } } } }) as unknown as Parameters<
    typeof principalOf
  >[0];

describe('a local token for a person', () => {
  it('is a Cognito ID token: groups, merchant attribute, token_use id, the web client as audience', async () => {
    const token = await tokens.sign({ sub: 'm-staff', role: 'merchant', merchantId: 'm-1' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: 'm-staff',
      'cognito:groups': ['merchant'],
      'custom:merchant_id': 'm-1',
      'cognito:username': 'm-staff',
      token_use: 'id',
      aud: LOCAL_WEB_CLIENT,
      iss: LOCAL_ISSUER,
    });
    expect(Object.keys(claims).sort()).toEqual(
      [
        'aud',
        'auth_time',
        'cognito:groups',
        'cognito:username',
        'custom:merchant_id',
        'email',
        'email_verified',
        'event_id',
        'exp',
        'iat',
        'iss',
        'jti',
        'origin_jti',
        'sub',
        'token_use',
      ].sort(),
    );
    expect(claims).not.toHaveProperty('role');
  });

  it('reaches the handler flattened as the JWT authorizer does, and reads as the same principal', async () => {
    const flat = await tokens.verify(
      `Bearer ${await tokens.sign({ sub: 'm-staff', role: 'merchant', merchantId: 'm-1' })}`,
    );
    expect(flat?.['cognito:groups']).toBe('[merchant]');
    expect(flat?.email_verified).toBe('true');
    expect(flat?.exp).toMatch(/^\d+$/);
    expect(principalOf(asEvent(flat ?? {}))).toEqual({ sub: 'm-staff', role: 'merchant', merchantId: 'm-1' });
  });
});

describe('a local token for the order system', () => {
  it('is a client-credentials access token: scope, client_id, no audience, no user', async () => {
    const claims = decodeJwt(await tokens.sign({ sub: 'order-system', role: 'system' }));
    expect(claims).toMatchObject({
      sub: 'order-system',
      client_id: 'order-system',
      token_use: 'access',
      scope: 'refund-api/system',
      version: 2,
    });
    expect(claims).not.toHaveProperty('aud');
    expect(claims).not.toHaveProperty('cognito:groups');
    expect(claims).not.toHaveProperty('username');
  });

  it('is accepted by client_id (no aud) and reads as the system', async () => {
    const flat = await tokens.verify(`Bearer ${await tokens.sign({ sub: 'order-system', role: 'system' })}`);
    expect(principalOf(asEvent(flat ?? {}))).toEqual({ sub: 'order-system', role: 'system' });
  });
});

describe('the claim flattening', () => {
  it.each([
    [['a', 'b'], '[a b]'],
    [1764600000, '1764600000'],
    [true, 'true'],
    ['text', 'text'],
    [{ k: 1 }, '{"k":1}'],
    [null, undefined],
  ])('renders %j as %j', (value, rendered) => {
    expect(flattenClaim(value)).toBe(rendered);
  });

  it('refuses a token signed with another key, or not a token at all', async () => {
    const other = new LocalTokens('another-secret');
    expect(await tokens.verify(`Bearer ${await other.sign({ sub: 'x', role: 'buyer' })}`)).toBeUndefined();
    expect(await tokens.verify('Bearer not.a.token')).toBeUndefined();
  });
});
