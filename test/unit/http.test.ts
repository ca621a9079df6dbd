import { describe, expect, it } from 'vitest';
import { localeFrom } from '../../functions/domain/labels.ts';
import { decodeBody } from '../../functions/http/handler.ts';
import { principalOf } from '../../functions/http/principal.ts';

const withClaims = (claims: Record<string, string>) =>
  ({
    requestContext: { authorizer: { jwt: { claims, scopes: [] }, principalId: '', integrationLatency: 0 } },
  }) as unknown as Parameters<typeof principalOf>[0];

describe('the caller', () => {
  it('is read from the local role claim', () => {
    expect(principalOf(withClaims({ sub: 'm-user', role: 'merchant', merchant_id: 'm-1' }))).toEqual({
      sub: 'm-user',
      role: 'merchant',
      merchantId: 'm-1',
    });
  });

  it('is read from Cognito groups as API Gateway flattens them', () => {
    expect(principalOf(withClaims({ sub: 'r-1', 'cognito:groups': '[reviewer]' })).role).toBe('reviewer');
  });

  it('without a known role is not let in', () => {
    expect(() => principalOf(withClaims({ sub: 'x', role: 'admin' }))).toThrowError(
      expect.objectContaining({ statusCode: 401 }),
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
