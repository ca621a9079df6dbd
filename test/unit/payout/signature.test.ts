import { describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signWebhook, verifyWebhook } from '../../../functions/domain/payout/signature.ts';
import { parsePayoutWebhook } from '../../../functions/schemas/payout-webhook.ts';

const secret = 'whsec_test';
const body = JSON.stringify({
  providerRef: 'p-1',
  refundId: 'r-1',
  status: 'SETTLED',
  amount: 12900,
  at: '2026-11-26T03:00:00Z',
});
const t = 1_795_000_000;

describe('a webhook signed by the provider', () => {
  const header = signWebhook(body, secret, t);

  it('uses the t=…,v1=… header format', () => {
    expect(SIGNATURE_HEADER).toBe('x-refund-signature');
    expect(header).toMatch(/^t=1795000000,v1=[0-9a-f]{64}$/);
  });

  it('verifies within the tolerance window', () => {
    expect(verifyWebhook(body, header, secret, { nowSeconds: t + 299 })).toEqual({ ok: true, timestamp: t });
  });

  it('verifies with the previous secret during a rotation', () => {
    expect(verifyWebhook(body, header, ['whsec_new', secret], { nowSeconds: t }).ok).toBe(true);
  });

  it.each([
    ['no header', body, undefined, secret, t, 'MISSING'],
    ['garbage header', body, 'sha256=abc', secret, t, 'MALFORMED'],
    ['short signature', body, `t=${t},v1=abcd`, secret, t, 'MALFORMED'],
    ['tampered body', body.replace('12900', '129000'), header, secret, t, 'MISMATCH'],
    ['wrong secret', body, header, 'whsec_other', t, 'MISMATCH'],
    ['stale (replayed later)', body, header, secret, t + 301, 'STALE'],
    ['from the future', body, header, secret, t - 301, 'STALE'],
    ['timestamp changed', body, header.replace(`t=${t}`, `t=${t + 1}`), secret, t, 'MISMATCH'],
  ] as const)('is refused with %s', (_why, raw, hdr, key, now, reason) => {
    expect(verifyWebhook(raw, hdr, key, { nowSeconds: now })).toEqual({ ok: false, reason });
  });

  it('accepts a header carrying several signatures if one matches', () => {
    const other = signWebhook(body, 'whsec_old', t).split(',')[1];
    expect(verifyWebhook(body, `${header},${other}`, secret, { nowSeconds: t }).ok).toBe(true);
  });
});

describe('the webhook body', () => {
  it('parses the docs/api.md shape', () => {
    const parsed = parsePayoutWebhook(body);
    expect(parsed).toEqual({
      ok: true,
      event: { providerRef: 'p-1', refundId: 'r-1', status: 'SETTLED', amount: 12900, at: '2026-11-26T03:00:00Z' },
    });
  });

  it.each([
    ['not JSON', '{'],
    ['unknown status', body.replace('SETTLED', 'PENDING')],
    ['float amount', body.replace('12900', '129.5')],
    ['negative amount', body.replace('12900', '-1')],
    ['bad time', body.replace('2026-11-26T03:00:00Z', 'yesterday')],
    ['missing refundId', JSON.stringify({ providerRef: 'p', status: 'FAILED', amount: 1, at: '2026-11-26T03:00:00Z' })],
  ])('refuses %s', (_why, raw) => {
    expect(parsePayoutWebhook(raw).ok).toBe(false);
  });
});

describe('a body signed over its raw bytes', () => {
  const bytes = Buffer.concat([Buffer.from(body), Buffer.from([0xff, 0xfe, 0x80])]);
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]);

  it.each([
    ['invalid UTF-8', bytes],
    ['a byte-order mark', withBom],
  ])('verifies %s against the bytes, not against a decoded string', (_why, raw) => {
    const header = signWebhook(raw, secret, t);
    expect(verifyWebhook(raw, header, secret, { nowSeconds: t })).toEqual({ ok: true, timestamp: t });
    // Decoding loses or changes bytes, so a signature over the decoded text does not match the bytes received.
    const decoded = new TextDecoder().decode(raw);
    expect(verifyWebhook(raw, signWebhook(decoded, secret, t), secret, { nowSeconds: t })).toEqual({
      ok: false,
      reason: 'MISMATCH',
    });
  });

  it('gives a string body the signature of its UTF-8 bytes (what providers send)', () => {
    expect(signWebhook(body, secret, t)).toBe(signWebhook(Buffer.from(body, 'utf8'), secret, t));
  });
});
