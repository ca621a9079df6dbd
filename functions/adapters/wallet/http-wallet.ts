/**
 * The platform wallet/coupon service over HTTP: the `Wallet` port (ports/wallet.ts) for balance (BALANCE) and coupon
 * (COUPON) refunds, which the platform credits itself, at once, instead of paying through a card channel.
 *
 * The protocol is ours (the wallet is a platform service), HMAC-signed both ways so neither side trusts the network:
 *
 * - `POST {baseUrl}/v1/credits`, JSON `{ refundId, buyerId, amount, bonus?, currency, kind }` (amount and the
 *   platform's bonus, credited with it, in minor units; kind BALANCE or COUPON), headers `Idempotency-Key: <refundId>` and
 *   `X-Wallet-Signature: keyId=<keyId>,t=<unix seconds>,v1=<hex>` where `v1` is HMAC-SHA256(secret,
 *   `${t}.POST./v1/credits.${body}`) over the exact body bytes sent. Answers: 201 `{ creditRef, creditedAt, amount }`
 *   for a new credit; 200 with the same body for a replay of a refundId already credited on the same terms
 *   (`duplicate: true`, nothing credited again); 409 `{ code }` for the refundId with other terms; 400 (invalid) or
 *   404 (unknown buyer account) `{ code }`; 401 when our signature is refused; 429/5xx when nothing was done.
 * - `GET {baseUrl}/v1/credits/{refundId}` (refundId URL-encoded), signed the same way over
 *   `${t}.GET./v1/credits/<encoded refundId>.` (empty body): 200 with the credit's body, or 404 when there is none.
 * - The signed path is the API path above, without any prefix of `baseUrl` (a gateway in front may add one).
 * - Every answer is signed by the wallet with the same key: `X-Wallet-Signature: keyId=<keyId>,t=<t>,v1=<hex>` over
 *   `${t}.${status}.${body}`. An answer whose signature does not verify, or is more than 5 minutes off our clock, is
 *   not believed: `ProviderUnavailable` (retry; the credit is idempotent). The wallet may add `refundId` to a credit's
 *   body and to a lookup's 404; when it does, it must be the refund asked about (an answer replayed from another
 *   exchange inside the 5 minutes is refused).
 * - Key rotation: with `previousSecret` set, requests carry one `v1=` per secret (current first), so a wallet that
 *   still knows only the old key accepts them, and answers signed with either key are believed. Drop
 *   `previousSecret` once the wallet has switched.
 *
 * Errors by name (ports/payment-provider.ts): no answer within `timeoutMs` or the connection lost after the request
 * went out → `ProviderTimeout` (the credit may have happened: retry with the same refundId); connection refused, 429,
 * 5xx or an unverifiable answer → `ProviderUnavailable`; 400, 401/403 (our key refused: configuration, a retry cannot
 * help), 404 and 409 → `ProviderRejected`. Money stays integer minor units on the wire: the wallet is ours.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IsoTime } from '../../domain/vocabulary.ts';
import {
  type ProviderError,
  ProviderRejected,
  ProviderTimeout,
  ProviderUnavailable,
} from '../../ports/payment-provider.ts';
import { WALLET_KINDS, type Wallet, type WalletCredit, type WalletCreditResult } from '../../ports/wallet.ts';

/** The signature header, lower case as node:http delivers it (HTTP header names are case-insensitive). */
export const WALLET_SIGNATURE_HEADER = 'x-wallet-signature';
/** Signed timestamps further than this from the receiver's clock are refused, both ways. */
export const WALLET_TOLERANCE_SECONDS = 300;
/** The credits collection, as signed. */
export const WALLET_CREDITS_PATH = '/v1/credits';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface HttpWalletOptions {
  /** Where the wallet service listens, e.g. https://wallet.internal.example (a path prefix is allowed). */
  baseUrl: string;
  /** Which of the wallet's keys `secret` is; sent in every signature. */
  keyId: string;
  /** The HMAC key shared with the wallet. */
  secret: string;
  /** The key being rotated out: still signs requests and verifies answers while set. */
  previousSecret?: string;
  /** Per request, the whole answer included. @default 10000 */
  timeoutMs?: number;
  /** Our clock, ms since epoch (tests). @default Date.now */
  now?: () => number;
}

/** The string the request signature covers. `path` is the API path as sent (refundId URL-encoded). */
export function walletRequestPayload(timestamp: number, method: string, path: string, body: string | Uint8Array) {
  return [`${timestamp}.${method}.${path}.`, body] as const;
}

/** The string the answer signature covers. */
export function walletResponsePayload(timestamp: number, status: number, body: string | Uint8Array) {
  return [`${timestamp}.${status}.`, body] as const;
}

function hmacHex(secret: string, payload: readonly [string, string | Uint8Array]): string {
  const [head, body] = payload;
  const hmac = createHmac('sha256', secret).update(head, 'utf8');
  return (typeof body === 'string' ? hmac.update(body, 'utf8') : hmac.update(body)).digest('hex');
}

/**
 * The `X-Wallet-Signature` value for a payload signed at `timestamp` (unix seconds): one `v1=` per secret, in order
 * (current first; two only while a key is being rotated).
 */
export function signWallet(
  keyId: string,
  secrets: readonly string[],
  timestamp: number,
  payload: readonly [string, string | Uint8Array],
): string {
  const keys = secrets.filter((s) => s.length > 0);
  if (keys.length === 0) throw new RangeError('wallet signing needs a secret');
  if (!Number.isSafeInteger(timestamp)) throw new RangeError(`timestamp must be whole seconds: ${timestamp}`);
  return [`keyId=${keyId}`, `t=${timestamp}`, ...keys.map((k) => `v1=${hmacHex(k, payload)}`)].join(',');
}

export type WalletSignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'MISSING' | 'MALFORMED' | 'UNKNOWN_KEY' | 'STALE' | 'MISMATCH' };

/**
 * Checks an `X-Wallet-Signature` value: the key id must be `keyId`, the timestamp within the tolerance of
 * `nowSeconds`, and some `v1=` the HMAC of `payload(t)` under one of `secrets` (constant-time comparison).
 */
export function verifyWallet(
  header: string | undefined,
  keyId: string,
  secrets: readonly string[],
  nowSeconds: number,
  payload: (timestamp: number) => readonly [string, string | Uint8Array],
): WalletSignatureCheck {
  if (!header) return { ok: false, reason: 'MISSING' };
  let id: string | undefined;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return { ok: false, reason: 'MALFORMED' };
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 'keyId') {
      if (id !== undefined) return { ok: false, reason: 'MALFORMED' };
      id = value;
    } else if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== undefined) return { ok: false, reason: 'MALFORMED' };
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return { ok: false, reason: 'MALFORMED' };
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (id === undefined || timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'MALFORMED' };
  if (id !== keyId) return { ok: false, reason: 'UNKNOWN_KEY' };
  if (Math.abs(nowSeconds - timestamp) > WALLET_TOLERANCE_SECONDS) return { ok: false, reason: 'STALE' };
  let match = false;
  for (const secret of secrets.filter((s) => s.length > 0)) {
    const expected = Buffer.from(hmacHex(secret, payload(timestamp)), 'hex');
    // Both 32 bytes (the regex above), so timingSafeEqual never throws; no early exit.
    for (const sig of signatures) if (timingSafeEqual(expected, sig)) match = true;
  }
  return match ? { ok: true, timestamp } : { ok: false, reason: 'MISMATCH' };
}

/** Connection errors where the request certainly never reached the wallet: nothing can have been credited. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface WalletAnswer {
  status: number;
  body: Buffer;
}

/** The wallet service over HTTP; see the module comment. */
export class HttpWallet implements Wallet {
  readonly name = 'wallet';
  private readonly base: string;
  private readonly secrets: readonly string[];
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: HttpWalletOptions) {
    if (!options.secret) throw new RangeError('wallet needs an HMAC secret');
    if (!options.keyId || /[,=\s]/.test(options.keyId)) throw new RangeError(`bad wallet key id: ${options.keyId}`);
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RangeError(`bad wallet URL: ${url.href}`);
    this.base = url.href.replace(/\/+$/, '');
    this.secrets = [options.secret, ...(options.previousSecret ? [options.previousSecret] : [])];
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  /** Credits the buyer once per refundId; a replay answers the first credit with `duplicate: true`. */
  async credit(request: WalletCredit): Promise<WalletCreditResult> {
    const problem = invalidCredit(request);
    if (problem) throw new ProviderRejected(`wallet: ${problem}`);
    const { refundId, buyerId, amount, bonus, currency, kind } = request;
    const body = JSON.stringify({ refundId, buyerId, amount, ...(bonus ? { bonus } : {}), currency, kind });
    const answer = await this.call('POST', WALLET_CREDITS_PATH, body, { 'idempotency-key': refundId });
    if (answer.status === 201 || answer.status === 200) {
      return { ...parseCredit(answer.body, refundId), duplicate: answer.status === 200 };
    }
    if (answer.status === 409 && bonus) {
      // Credited before bonuses went with credits (a retry across that deploy): the same refund's amount is the same
      // credit, without its bonus; paying it again would pay twice.
      const made = await this.lookup(refundId);
      if (made && made.amount === amount) return { ...made, duplicate: true };
    }
    throw this.failure(answer, `credit ${refundId}`);
  }

  /** The credit made for this refund, or undefined when the wallet has none. */
  async lookup(refundId: string): Promise<Omit<WalletCreditResult, 'duplicate'> | undefined> {
    if (!refundId) throw new ProviderRejected('wallet: lookup needs a refundId');
    const answer = await this.call('GET', `${WALLET_CREDITS_PATH}/${encodeURIComponent(refundId)}`, '', {});
    if (answer.status === 200) return parseCredit(answer.body, refundId);
    if (answer.status === 404) {
      if (aboutAnother(answer.body, refundId))
        throw new ProviderUnavailable(`wallet: lookup ${refundId} answered about another refund`);
      return undefined;
    }
    throw this.failure(answer, `lookup ${refundId}`);
  }

  /** One signed exchange; resolves only with an answer whose signature verified (or a 401/403, see below). */
  private async call(
    method: 'GET' | 'POST',
    path: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<WalletAnswer> {
    const t = Math.floor(this.now() / 1000);
    const signature = signWallet(this.options.keyId, this.secrets, t, walletRequestPayload(t, method, path, body));
    let status: number;
    let bytes: Buffer;
    let header: string | null;
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          ...headers,
          [WALLET_SIGNATURE_HEADER]: signature,
        },
        ...(method === 'POST' ? { body } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      header = res.headers.get(WALLET_SIGNATURE_HEADER);
      // Read within the same signal: an answer that stalls half-way is a timeout too.
      bytes = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      throw transportError(err, method, this.timeoutMs);
    }
    // Our signature refused (wrong key, clock skew): the wallet cannot have acted, and since the keys disagree its
    // answer may not verify either. Configuration, not a transient fault: do not retry.
    if (status === 401 || status === 403) {
      throw new ProviderRejected(`wallet: ${method} ${path} refused our signature (${status}${codeOf(bytes)})`);
    }
    const check = verifyWallet(
      header ?? undefined,
      this.options.keyId,
      this.secrets,
      Math.floor(this.now() / 1000),
      (ts) => walletResponsePayload(ts, status, bytes),
    );
    if (!check.ok) {
      throw new ProviderUnavailable(
        `wallet: ${method} ${path} answered ${status} without a valid signature (${check.reason})`,
      );
    }
    return { status, body: bytes };
  }

  private failure(answer: WalletAnswer, what: string): ProviderError {
    const detail = `wallet: ${what} answered ${answer.status}${codeOf(answer.body)}`;
    if (answer.status === 429 || answer.status >= 500) return new ProviderUnavailable(detail);
    if (answer.status >= 400) return new ProviderRejected(detail);
    return new ProviderUnavailable(`${detail} (unexpected)`);
  }
}

function invalidCredit(r: WalletCredit): string | undefined {
  // It travels in a header and the lookup's path: visible ASCII only, so fetch cannot refuse it before sending.
  if (typeof r.refundId !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(r.refundId)) return `bad refundId ${r.refundId}`;
  if (typeof r.buyerId !== 'string' || r.buyerId.length === 0) return 'buyerId is required';
  if (!Number.isSafeInteger(r.amount) || r.amount <= 0) return `bad amount ${r.amount}`;
  if (r.bonus !== undefined && (!Number.isSafeInteger(r.bonus) || r.bonus <= 0)) return `bad bonus ${r.bonus}`;
  if (!/^[A-Z]{3}$/.test(r.currency)) return `bad currency ${r.currency}`;
  if (!(WALLET_KINDS as readonly string[]).includes(r.kind)) return `bad kind ${r.kind}`;
  return undefined;
}

/** A verified credit body; a malformed one is the wallet's fault and says nothing reliable: ProviderUnavailable. */
function parseCredit(bytes: Buffer, refundId: string): Omit<WalletCreditResult, 'duplicate'> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ProviderUnavailable(`wallet: credit of ${refundId} answered a body that is not JSON`);
  }
  const v = (value ?? {}) as Record<string, unknown>;
  const creditedAt = v.creditedAt;
  if (
    typeof v.creditRef !== 'string' ||
    v.creditRef.length === 0 ||
    typeof creditedAt !== 'string' ||
    Number.isNaN(Date.parse(creditedAt)) ||
    !Number.isSafeInteger(v.amount) ||
    (v.amount as number) <= 0
  ) {
    throw new ProviderUnavailable(`wallet: credit of ${refundId} answered a malformed body`);
  }
  if (v.refundId !== undefined && v.refundId !== refundId) {
    throw new ProviderUnavailable(`wallet: asked about ${refundId}, answered about ${String(v.refundId)}`);
  }
  return {
    creditRef: v.creditRef,
    creditedAt: new Date(creditedAt).toISOString() as IsoTime,
    amount: v.amount as number,
  };
}

/** The answer names a refund (`refundId`, optional) other than the one asked about: a misrouted or replayed answer. */
function aboutAnother(bytes: Buffer, refundId: string): boolean {
  try {
    const named = (JSON.parse(bytes.toString('utf8')) as { refundId?: unknown }).refundId;
    return named !== undefined && named !== refundId;
  } catch {
    return false;
  }
}

function codeOf(bytes: Buffer): string {
  try {
    const code = (JSON.parse(bytes.toString('utf8')) as { code?: unknown }).code;
    return typeof code === 'string' ? ` ${code}` : '';
  } catch {
    return '';
  }
}

function transportError(err: unknown, method: string, timeoutMs: number): ProviderError {
  const name = (err as { name?: unknown })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderTimeout(`wallet: no answer to ${method} within ${timeoutMs} ms`, { cause: err });
  }
  const cause = (err as { cause?: { code?: unknown } })?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code && NOT_SENT_CODES.has(code)) {
    return new ProviderUnavailable(`wallet: ${method} not delivered (${code})`, { cause: err });
  }
  // The request may have reached the wallet before the connection broke: the outcome is unknown.
  return new ProviderTimeout(`wallet: ${method} lost its answer (${code ?? String(err)})`, { cause: err });
}
