import { describe, expect, it } from 'vitest';
import {
  ActiveRefundExists,
  DomainError,
  Forbidden,
  IdempotencyKeyReused,
  InvalidTransition,
  NotFound,
  RefundExceedsPaidAmount,
  Unauthorized,
  ValidationFailed,
} from '../../functions/domain/errors.ts';
import { localeFrom } from '../../functions/domain/status-labels.ts';
import { decodeBody, errorResult } from '../../functions/http/handler.ts';
import { principalOf } from '../../functions/http/principal.ts';

const withClaims = (claims: Record<string, string>) =>
  ({
    requestContext: { authorizer: { jwt: { claims, scopes: [] }, principalId: '', integrationLatency: 0 } },
  }) as unknown as Parameters<typeof principalOf>[0];

/** A person's Cognito ID token as the HTTP API JWT authorizer hands it to Lambda (every value a string). */
const idToken = (groups: string, extra: Record<string, string> = {}) => ({
  sub: 'aa5b1c2d-0000-4000-8000-000000000001',
  'cognito:groups': groups,
  email_verified: 'true',
  iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf',
  'cognito:username': 'aa5b1c2d-0000-4000-8000-000000000001',
  origin_jti: '5b0c',
  aud: '4t1kq9web',
  event_id: 'e1',
  token_use: 'id',
  auth_time: '1764600000',
  exp: '1764603600',
  iat: '1764600000',
  jti: 'j1',
  email: 'm@shop.example',
  ...extra,
});

/** The order system's client-credentials access token, flattened the same way. */
const machineToken = (extra: Record<string, string> = {}) => ({
  sub: '7q2orders',
  token_use: 'access',
  scope: 'refund-api/system',
  auth_time: '1764600000',
  iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf',
  exp: '1764603600',
  iat: '1764600000',
  version: '2',
  jti: 'j2',
  client_id: '7q2orders',
  ...extra,
});

const refused = expect.objectContaining({ name: 'Unauthorized', code: 'UNAUTHORIZED' });

describe('the caller', () => {
  it('is a person from a Cognito ID token: role from the group, merchant from custom:merchant_id', () => {
    expect(principalOf(withClaims(idToken('[merchant]', { 'custom:merchant_id': 'm-1' })))).toEqual({
      sub: 'aa5b1c2d-0000-4000-8000-000000000001',
      role: 'merchant',
      merchantId: 'm-1',
    });
    expect(principalOf(withClaims(idToken('[reviewer]'))).role).toBe('reviewer');
  });

  it('is the order system from a client-credentials access token with the system scope', () => {
    expect(principalOf(withClaims(machineToken()))).toEqual({ sub: '7q2orders', role: 'system' });
    expect(principalOf(withClaims(machineToken({ scope: 'openid refund-api/system' }))).role).toBe('system');
  });

  it.each([
    ['an unknown group', idToken('[admin]')],
    ['two role groups', idToken('[buyer finance]')],
    ['system as a group', idToken('[system]')],
    ['no groups', Object.fromEntries(Object.entries(idToken('')).filter(([k]) => k !== 'cognito:groups'))],
    ['the old role claim', { sub: 'm-user', role: 'merchant', merchant_id: 'm-1' }],
    ["a person's access token", machineToken({ username: 'aa5b', 'cognito:groups': '[finance]' })],
    ['an access token without the system scope', machineToken({ scope: 'aws.cognito.signin.user.admin' })],
    ['an access token for another client', machineToken({ client_id: 'other' })],
    ['no token_use', { sub: 'x', 'cognito:groups': '[finance]' }],
  ])('with %s is not let in', (_, claims) => {
    expect(() => principalOf(withClaims(claims))).toThrowError(refused);
  });

  it('ignores a merchant id on anyone but a merchant', () => {
    expect(principalOf(withClaims(idToken('[buyer]', { 'custom:merchant_id': 'm-1' })))).not.toHaveProperty(
      'merchantId',
    );
  });
});

describe('the language of labels', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.4, zh-TW;q=0.8', 'zh-CN'],
    ['de', 'zh-CN'],
  ])('for Accept-Language %s is %s', (header, locale) => {
    expect(localeFrom(header)).toBe(locale);
  });
});

describe('a request body', () => {
  it('is parsed as JSON', () => {
    expect(decodeBody({ body: '{"a":1}', isBase64Encoded: false })).toEqual({ a: 1 });
  });

  it('that is not UTF-8 is refused with 400', () => {
    const body = Buffer.from([0x7b, 0xff, 0x7d]).toString('base64');
    expect(() => decodeBody({ body, isBase64Encoded: true })).toThrowError(
      expect.objectContaining({ code: 'MALFORMED_BODY' }),
    );
  });

  it('that is not JSON is refused with 400', () => {
    expect(() => decodeBody({ body: '{', isBase64Encoded: false })).toThrowError(
      expect.objectContaining({ code: 'MALFORMED_JSON' }),
    );
  });
});

describe('a domain error', () => {
  it.each([
    [new ValidationFailed('body is invalid', [{ path: 'amount' }]), 400, 'VALIDATION_FAILED'],
    [new DomainError('invalid', 'MALFORMED_JSON', 'body is not valid JSON'), 400, 'MALFORMED_JSON'],
    [new Unauthorized(), 401, 'UNAUTHORIZED'],
    [new Forbidden(), 403, 'FORBIDDEN'],
    [new NotFound('refund'), 404, 'NOT_FOUND'],
    [new RefundExceedsPaidAmount(200, 100), 409, 'REFUND_EXCEEDS_REFUNDABLE'],
    [new ActiveRefundExists('r-1'), 409, 'ACTIVE_REFUND_EXISTS'],
    [new InvalidTransition('REFUNDED', 'cancel'), 409, 'INVALID_STATE'],
    [new DomainError('too-large', 'BODY_TOO_LARGE', 'body too large'), 413, 'BODY_TOO_LARGE'],
    [new IdempotencyKeyReused(), 422, 'IDEMPOTENCY_KEY_REUSED'],
  ])('%s is answered with its documented status and code', (error, status, code) => {
    const result = errorResult(error);
    expect(result.statusCode).toBe(status);
    expect(JSON.parse(String(result.body))).toEqual({
      error: { code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
    });
  });
});
