import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HttpWallet,
  type HttpWalletOptions,
  signWallet,
  WALLET_SIGNATURE_HEADER,
  walletResponsePayload,
} from '../../../functions/adapters/wallet/http-wallet.ts';
import { ProviderRejected, ProviderTimeout, ProviderUnavailable } from '../../../functions/ports/payment-provider.ts';
import type { WalletCredit } from '../../../functions/ports/wallet.ts';
import { startWalletStandIn, type WalletStandIn } from '../../../local/channels/wallet-stand-in.ts';

const KEY_ID = 'k-2026-11';
const newSecret = () => randomBytes(32).toString('base64url');

let secret: string;
let standIn: WalletStandIn;
let seq = 0;

function wallet(overrides: Partial<HttpWalletOptions> = {}): HttpWallet {
  return new HttpWallet({ baseUrl: standIn.url, keyId: KEY_ID, secret, timeoutMs: 2_000, ...overrides });
}

function aCredit(overrides: Partial<WalletCredit> = {}): WalletCredit {
  seq++;
  return { refundId: `rf_w${seq}`, buyerId: 'buyer-1', amount: 12_345, currency: 'CNY', kind: 'BALANCE', ...overrides };
}

/** What a call threw (fails the test when it resolved). */
async function thrown(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to throw');
}

beforeEach(async () => {
  secret = newSecret();
  standIn = await startWalletStandIn({ keyId: KEY_ID, secret, seed: 7 });
});

afterEach(async () => {
  await standIn.close();
});

describe('HttpWallet against the wallet stand-in', () => {
  it('credits a balance refund once, signed, and reads it back', async () => {
    const request = aCredit({ amount: 5_000 });
    const result = await wallet().credit(request);

    expect(result.duplicate).toBe(false);
    expect(result.amount).toBe(5_000);
    const [recorded] = standIn.credits(request.refundId);
    expect(recorded).toMatchObject({ ...request, creditRef: result.creditRef, creditedAt: result.creditedAt });
    expect(standIn.balance('buyer-1')).toBe(5_000);
    expect(standIn.coupons('buyer-1')).toEqual([]);
    expect(standIn.requests).toEqual([{ method: 'POST', path: '/v1/credits', status: 201 }]);
  });

  it('issues a coupon for a COUPON refund, leaving the balance alone', async () => {
    const request = aCredit({ kind: 'COUPON', amount: 2_000 });
    const result = await wallet().credit(request);

    expect(standIn.coupons('buyer-1')).toEqual([
      expect.objectContaining({ creditRef: result.creditRef, amount: 2_000 }),
    ]);
    expect(standIn.balance('buyer-1')).toBe(0);
    expect(standIn.credits(request.refundId)[0]?.kind).toBe('COUPON');
  });

  it('answers a replay with the first credit (duplicate, same creditRef) and credits once', async () => {
    const request = aCredit();
    const first = await wallet().credit(request);
    const again = await wallet().credit({ ...request });

    expect(again).toEqual({ ...first, duplicate: true });
    expect(standIn.credits()).toHaveLength(1);
    expect(standIn.balance('buyer-1')).toBe(request.amount);
    expect(standIn.requests.map((r) => r.status)).toEqual([201, 200]);
  });

  it.each([
    ['another amount', { amount: 1 }],
    ['another kind', { kind: 'COUPON' as const }],
    ['another currency', { currency: 'USD' }],
    ['another buyer', { buyerId: 'buyer-2' }],
  ])('rejects the same refundId with %s (409) and credits nothing more', async (_, change) => {
    const request = aCredit();
    await wallet().credit(request);

    const err = await thrown(wallet().credit({ ...request, ...change }));
    expect(err).toBeInstanceOf(ProviderRejected);
    expect(err.message).toContain('409 IDEMPOTENCY_CONFLICT');
    expect(standIn.credits()).toHaveLength(1);
    expect(standIn.balance('buyer-1')).toBe(request.amount);
  });

  it('is refused with a wrong secret: ProviderRejected, not retryable, one request, nothing credited', async () => {
    const err = await thrown(wallet({ secret: newSecret() }).credit(aCredit()));

    expect(err).toBeInstanceOf(ProviderRejected);
    expect((err as ProviderRejected).retryable).toBe(false);
    expect(err.name).toBe('ProviderRejected');
    expect(standIn.requests).toEqual([
      { method: 'POST', path: '/v1/credits', status: 401, code: 'SIGNATURE_MISMATCH' },
    ]);
    expect(standIn.credits()).toEqual([]);
  });

  it('is refused with another key id, or a clock more than 5 minutes off', async () => {
    expect(await thrown(wallet({ keyId: 'k-old' }).credit(aCredit()))).toBeInstanceOf(ProviderRejected);
    const skewed = wallet({ now: () => Date.now() - 6 * 60_000 });
    expect(await thrown(skewed.credit(aCredit()))).toBeInstanceOf(ProviderRejected);
    expect(await thrown(skewed.lookup('rf_any'))).toBeInstanceOf(ProviderRejected);
    expect(standIn.requests.map((r) => r.code)).toEqual([
      'SIGNATURE_UNKNOWN_KEY',
      'SIGNATURE_STALE',
      'SIGNATURE_STALE',
    ]);
    expect(standIn.credits()).toEqual([]);
  });

  it('rejects an unknown account (404) and checks the request before sending it', async () => {
    await standIn.close();
    standIn = await startWalletStandIn({ keyId: KEY_ID, secret, accounts: ['buyer-1'] });

    const err = await thrown(wallet().credit(aCredit({ buyerId: 'nobody' })));
    expect(err).toBeInstanceOf(ProviderRejected);
    expect(err.message).toContain('404 ACCOUNT_NOT_FOUND');

    for (const bad of [
      { amount: 0 },
      { amount: 1.5 },
      { currency: 'cny' },
      { kind: 'CASH' as never },
      { refundId: 'rf 退款' },
    ]) {
      expect(await thrown(wallet().credit(aCredit(bad)))).toBeInstanceOf(ProviderRejected);
    }
    expect(standIn.requests).toHaveLength(1);

    standIn.openAccount('nobody');
    await expect(wallet().credit(aCredit({ buyerId: 'nobody' }))).resolves.toMatchObject({ duplicate: false });
  });

  it('maps a 503 to ProviderUnavailable with nothing credited; the retry credits', async () => {
    standIn.setFaults({ transientErrorRate: 1, timeoutShare: 0 });
    const request = aCredit();

    const err = await thrown(wallet().credit(request));
    expect(err).toBeInstanceOf(ProviderUnavailable);
    expect((err as ProviderUnavailable).retryable).toBe(true);
    expect(standIn.credits()).toEqual([]);

    standIn.setFaults({ transientErrorRate: 0 });
    await expect(wallet().credit(request)).resolves.toMatchObject({ duplicate: false });
    expect(standIn.credits()).toHaveLength(1);
  });

  it('times out when the answer is lost after the credit; the retry gets it back and the buyer is credited once', async () => {
    standIn.setFaults({ transientErrorRate: 1, timeoutShare: 1, ambiguousTimeoutShare: 1, answerLoss: 'destroy' });
    const request = aCredit();

    const err = await thrown(wallet().credit(request));
    expect(err).toBeInstanceOf(ProviderTimeout);
    expect(standIn.credits(request.refundId)).toHaveLength(1);

    standIn.setFaults({ transientErrorRate: 0 });
    const retry = await wallet().credit(request);
    expect(retry.duplicate).toBe(true);
    expect(retry.creditRef).toBe(standIn.credits(request.refundId)[0]?.creditRef);
    expect(standIn.balance('buyer-1')).toBe(request.amount);
  });

  it('times out (AbortSignal.timeout) when the answer is held past the timeout', async () => {
    standIn.setFaults({ transientErrorRate: 1, timeoutShare: 1, ambiguousTimeoutShare: 1, answerLoss: 'hold' });
    const request = aCredit();

    const err = await thrown(wallet({ timeoutMs: 200 }).credit(request));
    expect(err).toBeInstanceOf(ProviderTimeout);
    expect(err.message).toContain('within 200 ms');
    expect(standIn.requests.at(-1)).toMatchObject({ status: 'LOST', code: 'CREDITED_THEN_HELD' });

    standIn.setFaults({ transientErrorRate: 0 });
    await expect(wallet().credit(request)).resolves.toMatchObject({ duplicate: true });
    expect(standIn.credits()).toHaveLength(1);
  });

  it('times out without a credit when the request was lost before the wallet acted; the retry credits', async () => {
    standIn.setFaults({ transientErrorRate: 1, timeoutShare: 1, ambiguousTimeoutShare: 0 });
    const request = aCredit();

    expect(await thrown(wallet().credit(request))).toBeInstanceOf(ProviderTimeout);
    expect(standIn.credits()).toEqual([]);

    standIn.setFaults({ transientErrorRate: 0 });
    await expect(wallet().credit(request)).resolves.toMatchObject({ duplicate: false });
  });

  it('looks a credit up by refundId (URL-encoded, signed), undefined when there is none', async () => {
    const request = aCredit({ refundId: 'rf:2026#1' });
    const made = await wallet().credit(request);

    await expect(wallet().lookup('rf:2026#1')).resolves.toEqual({
      creditRef: made.creditRef,
      creditedAt: made.creditedAt,
      amount: request.amount,
    });
    await expect(wallet().lookup('rf_never')).resolves.toBeUndefined();
    expect(standIn.requests.slice(1)).toEqual([
      { method: 'GET', path: '/v1/credits/rf%3A2026%231', status: 200 },
      { method: 'GET', path: '/v1/credits/rf_never', status: 404, code: 'CREDIT_NOT_FOUND' },
    ]);
    expect(await thrown(wallet({ secret: newSecret() }).lookup('rf:2026#1'))).toBeInstanceOf(ProviderRejected);
  });

  it('accepts the previous secret during a rotation, both ways', async () => {
    const next = newSecret();
    // We rotate first: requests carry both signatures, the wallet (old key only) answers with the old key.
    await expect(wallet({ secret: next, previousSecret: secret }).credit(aCredit())).resolves.toMatchObject({
      duplicate: false,
    });
    // The wallet rotates first: it still verifies the old key and co-signs its answers with it.
    standIn.setSecrets({ secret: next, previousSecret: secret });
    await expect(wallet().credit(aCredit())).resolves.toMatchObject({ duplicate: false });
    await expect(wallet({ secret: next, previousSecret: secret }).credit(aCredit())).resolves.toBeDefined();
    // Rotation over: the old key is refused.
    standIn.setSecrets({ secret: next });
    expect(await thrown(wallet().credit(aCredit()))).toBeInstanceOf(ProviderRejected);
    await expect(wallet({ secret: next }).credit(aCredit())).resolves.toBeDefined();
    expect(standIn.credits()).toHaveLength(4);
  });

  it('says ProviderUnavailable when nothing listens (connection refused)', async () => {
    const url = standIn.url;
    await standIn.close();
    standIn = await startWalletStandIn({ keyId: KEY_ID, secret });
    const err = await thrown(wallet({ baseUrl: url }).credit(aCredit()));
    expect(err).toBeInstanceOf(ProviderUnavailable);
  });
});

describe('HttpWallet believes only signed answers', () => {
  let server: Server | undefined;
  let answer: (t: number) => { status: number; body: string; header?: string };

  async function scripted(): Promise<string> {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const { status, body, header } = answer(Math.floor(Date.now() / 1000));
        res.writeHead(status, {
          'content-type': 'application/json',
          ...(header ? { [WALLET_SIGNATURE_HEADER]: header } : {}),
        });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  });

  const signed =
    (status: number, value: unknown, options: { key?: string; keyId?: string; skewS?: number } = {}) =>
    (t: number) => {
      const body = JSON.stringify(value);
      const ts = t + (options.skewS ?? 0);
      const header = signWallet(
        options.keyId ?? KEY_ID,
        [options.key ?? secret],
        ts,
        walletResponsePayload(ts, status, body),
      );
      return { status, body, header };
    };
  const creditBody = { creditRef: 'WC1', creditedAt: '2026-11-20T10:00:00.000Z', amount: 100 };

  it.each([
    ['unsigned', (t: number) => ({ ...signed(201, creditBody)(t), header: undefined })],
    ['signed with another key', signed(201, creditBody, { key: 'not-our-key' })],
    ['signed under another key id', signed(201, creditBody, { keyId: 'k-other' })],
    ['signed 10 minutes ago', signed(201, creditBody, { skewS: -600 })],
    ['signed for another status', (t: number) => ({ ...signed(201, creditBody)(t), status: 200 })],
    ['about another refund', signed(201, { ...creditBody, refundId: 'rf_other' })],
    ['malformed', signed(201, { creditRef: 'WC1', amount: '100' })],
  ])('an answer %s is ProviderUnavailable', async (_, script) => {
    answer = script;
    const client = wallet({ baseUrl: await scripted() });
    const err = await thrown(client.credit(aCredit({ refundId: 'rf_this', amount: 100 })));
    expect(err).toBeInstanceOf(ProviderUnavailable);
  });

  it.each([
    [400, ProviderRejected],
    [404, ProviderRejected],
    [409, ProviderRejected],
    [422, ProviderRejected],
    [429, ProviderUnavailable],
    [500, ProviderUnavailable],
    [502, ProviderUnavailable],
  ])('a signed %i is %o', async (status, type) => {
    answer = signed(status, { code: 'X' });
    const err = await thrown(wallet({ baseUrl: await scripted() }).credit(aCredit()));
    expect(err).toBeInstanceOf(type);
    expect(err.message).toContain(`${status} X`);
  });

  it('an unsigned 404 to a lookup, or one about another refund, is not taken as "no credit"', async () => {
    answer = (t) => ({ ...signed(404, { code: 'CREDIT_NOT_FOUND' })(t), header: undefined });
    const url = await scripted();
    expect(await thrown(wallet({ baseUrl: url }).lookup('rf_x'))).toBeInstanceOf(ProviderUnavailable);
    answer = signed(404, { code: 'CREDIT_NOT_FOUND', refundId: 'rf_y' });
    expect(await thrown(wallet({ baseUrl: url }).lookup('rf_x'))).toBeInstanceOf(ProviderUnavailable);
    answer = signed(404, { code: 'CREDIT_NOT_FOUND', refundId: 'rf_x' });
    await expect(wallet({ baseUrl: url }).lookup('rf_x')).resolves.toBeUndefined();
  });
});
