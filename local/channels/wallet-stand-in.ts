/**
 * The local stand-in for the platform wallet/coupon service: a node:http server on 127.0.0.1 that speaks the wallet
 * protocol (functions/adapters/wallet/http-wallet.ts) as the real service does, so HttpWallet is exercised over a
 * real socket in tests and local mode, signatures and all.
 *
 * - Refuses (401) requests whose `X-Wallet-Signature` is missing, has another key id, does not verify under the
 *   current or previous secret, or is more than 5 minutes off its clock. Signs every answer it gives, with every
 *   secret it holds (current first), so a client on either side of a key rotation can verify it.
 * - Keeps each buyer's balance (per currency) and the coupons issued; idempotent on refundId: the same terms again is
 *   200 with the first credit, other terms 409 `IDEMPOTENCY_CONFLICT`, an unknown account (when `accounts` is given)
 *   404 `ACCOUNT_NOT_FOUND`, an invalid body 400.
 * - Misbehaves on purpose like the other local fakes (local/channels/controls.ts, deterministic for a seed): a share
 *   of requests (`transientErrorRate`) fail transiently: 503 with nothing done, or (`timeoutShare` of them) the answer
 *   is lost: the socket destroyed, or held past the client's timeout. Of those, `ambiguousTimeoutShare` of the credits
 *   are recorded first (the money moved, the answer did not arrive). The card-channel faults (failureRate,
 *   duplicateRate, earlyNotificationRate, latencyMs, insufficientBalance) are accepted and have no effect: a wallet
 *   credit is immediate, never fails afterwards and sends no notification.
 * - `credits()` is its own record of the money it credited, for exactly-once checks from the wallet's side;
 *   `requests` is every request it received and how it answered.
 *
 * Held answers use unref'd timers; `close()` drops every connection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../../functions/adapters/payments/prng.ts';
import {
  signWallet,
  verifyWallet,
  WALLET_CREDITS_PATH,
  WALLET_SIGNATURE_HEADER,
  walletRequestPayload,
  walletResponsePayload,
} from '../../functions/adapters/wallet/http-wallet.ts';
import { WALLET_KINDS, type WalletKind } from '../../functions/ports/wallet.ts';
import type { FakeChannel, FakeChannelAttempt, FakeChannelFaults } from './controls.ts';

export interface WalletStandInOptions {
  keyId: string;
  /** The HMAC key shared with the client. */
  secret: string;
  /** A key being rotated out: still verifies requests and also signs answers. */
  previousSecret?: string;
  /** Seeds the fault injection and the credit references. @default 1 */
  seed?: number;
  /** When given, only these buyers have an account (others: 404); by default every buyer has one. */
  accounts?: Iterable<string>;
  /** The wallet's clock, ms since epoch. @default Date.now */
  now?: () => number;
}

/** The wallet's faults: the common ones (most have no effect here, see the module comment) and how answers get lost. */
export interface WalletStandInFaults extends FakeChannelFaults {
  /** Of the transient errors, the share whose answer is lost rather than a 503. 0..1 @default 0.5 */
  timeoutShare: number;
  /** How an answer is lost: the socket destroyed at once, or held `holdMs` (past the client's timeout). */
  answerLoss: 'destroy' | 'hold';
  /** @default 30000 */
  holdMs: number;
}

/** One credit as the wallet records it: money the buyer has. */
export interface WalletStandInCredit {
  refundId: string;
  buyerId: string;
  amount: number;
  /** The platform's bonus credited with the refund. */
  bonus?: number;
  currency: string;
  kind: WalletKind;
  creditRef: string;
  creditedAt: string;
}

/** A request as received, and what became of it. */
export interface WalletStandInRequest {
  method: string;
  path: string;
  /** The status answered, or LOST when the answer was dropped on purpose. */
  status: number | 'LOST';
  /** Why it was refused, or the fault injected (`[CREDITED_THEN_]DESTROYED|HELD` for a lost answer). */
  code?: string;
}

export interface WalletStandIn extends FakeChannel {
  readonly channel: 'wallet';
  readonly keyId: string;
  setFaults(faults: Partial<WalletStandInFaults>): void;
  /** Credits (of one refund, or all), oldest first. */
  credits(refundId?: string): readonly WalletStandInCredit[];
  /** What the buyer has on the platform balance, minor units. */
  balance(buyerId: string, currency?: string): number;
  /** Coupons issued to the buyer, oldest first. */
  coupons(buyerId: string): readonly WalletStandInCredit[];
  /** Every request received, oldest first. */
  readonly requests: readonly WalletStandInRequest[];
  /** Rotates keys: `secret` signs from now on; `previousSecret` (if any) still verifies and co-signs. */
  setSecrets(secrets: { secret: string; previousSecret?: string }): void;
  /** Opens an account (when the stand-in was started with `accounts`). */
  openAccount(buyerId: string): void;
}

const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_FAULTS: WalletStandInFaults = {
  failureRate: 0,
  transientErrorRate: 0,
  ambiguousTimeoutShare: 0,
  duplicateRate: 0,
  earlyNotificationRate: 0,
  latencyMs: { min: 0, max: 0 },
  insufficientBalance: false,
  timeoutShare: 0.5,
  answerLoss: 'destroy',
  holdMs: 30_000,
};

/** Starts the stand-in on 127.0.0.1 (a free port); see the module comment. */
export async function startWalletStandIn(options: WalletStandInOptions): Promise<WalletStandIn> {
  if (!options.secret) throw new RangeError('wallet stand-in needs an HMAC secret');
  const keyId = options.keyId;
  const now = options.now ?? Date.now;
  const rng = mulberry32(options.seed ?? 1);
  let secrets: string[] = [options.secret, ...(options.previousSecret ? [options.previousSecret] : [])];
  let faults: WalletStandInFaults = { ...DEFAULT_FAULTS };
  const accounts = options.accounts ? new Set(options.accounts) : undefined;
  const byRefund = new Map<string, WalletStandInCredit>();
  const ordered: WalletStandInCredit[] = [];
  const balances = new Map<string, number>();
  const requests: WalletStandInRequest[] = [];
  const held = new Set<NodeJS.Timeout>();
  let seq = 0;

  const answer = (res: ServerResponse, log: WalletStandInRequest, status: number, value: unknown): void => {
    const body = JSON.stringify(value);
    const t = Math.floor(now() / 1000);
    log.status = status;
    if (status >= 400) log.code = (value as { code?: string }).code;
    res.writeHead(status, {
      'content-type': 'application/json',
      [WALLET_SIGNATURE_HEADER]: signWallet(keyId, secrets, t, walletResponsePayload(t, status, body)),
    });
    res.end(body);
  };

  const loseAnswer = (res: ServerResponse, log: WalletStandInRequest, credited: boolean, late: () => void): void => {
    log.status = 'LOST';
    log.code = `${credited ? 'CREDITED_THEN_' : ''}${faults.answerLoss === 'hold' ? 'HELD' : 'DESTROYED'}`;
    if (faults.answerLoss === 'destroy') {
      res.socket?.destroy();
      return;
    }
    const timer = setTimeout(() => {
      held.delete(timer);
      if (!res.destroyed && !res.writableEnded) late();
    }, faults.holdMs);
    timer.unref();
    held.add(timer);
  };

  const creditBody = (c: WalletStandInCredit) => ({
    creditRef: c.creditRef,
    creditedAt: c.creditedAt,
    amount: c.amount,
    ...(c.bonus ? { bonus: c.bonus } : {}),
    refundId: c.refundId,
  });

  /** Credits once per refundId: the status and body to answer. */
  const credit = (raw: Buffer, idempotencyKey: string | undefined): [number, unknown] => {
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      return [400, { code: 'INVALID_JSON' }];
    }
    const v = (value ?? {}) as Record<string, unknown>;
    const { refundId, buyerId, amount, bonus, currency, kind } = v;
    if (
      typeof refundId !== 'string' ||
      !/^[\w.:#-]{1,128}$/.test(refundId) ||
      typeof buyerId !== 'string' ||
      buyerId.length === 0 ||
      buyerId.length > 128 ||
      typeof amount !== 'number' ||
      !Number.isSafeInteger(amount) ||
      amount <= 0 ||
      (bonus !== undefined && (typeof bonus !== 'number' || !Number.isSafeInteger(bonus) || bonus <= 0)) ||
      typeof currency !== 'string' ||
      !/^[A-Z]{3}$/.test(currency) ||
      typeof kind !== 'string' ||
      !(WALLET_KINDS as readonly string[]).includes(kind)
    ) {
      return [400, { code: 'INVALID_REQUEST' }];
    }
    if (idempotencyKey !== refundId) return [400, { code: 'IDEMPOTENCY_KEY_MISMATCH' }];
    const existing = byRefund.get(refundId);
    if (existing) {
      const same =
        existing.buyerId === buyerId &&
        existing.amount === amount &&
        existing.bonus === bonus &&
        existing.currency === currency &&
        existing.kind === kind;
      return same ? [200, creditBody(existing)] : [409, { code: 'IDEMPOTENCY_CONFLICT' }];
    }
    if (accounts && !accounts.has(buyerId)) return [404, { code: 'ACCOUNT_NOT_FOUND' }];
    seq++;
    const made: WalletStandInCredit = {
      refundId,
      buyerId,
      amount,
      ...(typeof bonus === 'number' ? { bonus } : {}),
      currency,
      kind: kind as WalletKind,
      creditRef: `WC${String(seq).padStart(8, '0')}${rng.hex8()}`,
      creditedAt: new Date(now()).toISOString(),
    };
    byRefund.set(refundId, made);
    ordered.push(made);
    if (made.kind === 'BALANCE') {
      const key = `${buyerId}\u0000${currency}`;
      balances.set(key, (balances.get(key) ?? 0) + amount + (made.bonus ?? 0));
    }
    return [201, creditBody(made)];
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer): void => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const log: WalletStandInRequest = { method, path, status: 0 };
    requests.push(log);
    const header = req.headers[WALLET_SIGNATURE_HEADER];
    const check = verifyWallet(
      Array.isArray(header) ? header.join(',') : header,
      keyId,
      secrets,
      Math.floor(now() / 1000),
      (t) => walletRequestPayload(t, method, path, raw),
    );
    if (!check.ok) {
      answer(res, log, 401, { code: `SIGNATURE_${check.reason}` });
      return;
    }

    const isCredit = method === 'POST' && path === WALLET_CREDITS_PATH;
    const lookupPrefix = `${WALLET_CREDITS_PATH}/`;
    const isLookup = method === 'GET' && path.startsWith(lookupPrefix) && path.length > lookupPrefix.length;
    if (!isCredit && !isLookup) {
      answer(res, log, 404, { code: 'NO_SUCH_ROUTE' });
      return;
    }

    const run = (): [number, unknown] => {
      if (isCredit) {
        const key = req.headers['idempotency-key'];
        return credit(raw, Array.isArray(key) ? key[0] : key);
      }
      let refundId: string;
      try {
        refundId = decodeURIComponent(path.slice(lookupPrefix.length));
      } catch {
        return [400, { code: 'INVALID_REFUND_ID' }];
      }
      const found = byRefund.get(refundId);
      return found ? [200, creditBody(found)] : [404, { code: 'CREDIT_NOT_FOUND', refundId }];
    };

    if (rng.chance(faults.transientErrorRate)) {
      if (!rng.chance(faults.timeoutShare)) {
        answer(res, log, 503, { code: 'UNAVAILABLE' });
        return;
      }
      // The answer is lost; for an ambiguous credit, after the money moved.
      const done = isCredit && rng.chance(faults.ambiguousTimeoutShare) ? run() : undefined;
      loseAnswer(res, log, done !== undefined, () => {
        const [status, body] = done ?? [503, { code: 'UNAVAILABLE' }];
        answer(res, { ...log }, status, body);
      });
      return;
    }
    const [status, body] = run();
    answer(res, log, status, body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        const log: WalletStandInRequest = { method: req.method ?? 'GET', path: req.url ?? '/', status: 0 };
        requests.push(log);
        answer(res, log, 413, { code: 'BODY_TOO_LARGE' });
        return;
      }
      handle(req, res, Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const credits = (refundId?: string): readonly WalletStandInCredit[] => {
    if (refundId === undefined) return [...ordered];
    const one = byRefund.get(refundId);
    return one ? [one] : [];
  };

  return {
    channel: 'wallet',
    keyId,
    url,
    requests,
    notifications: [],
    setFaults(next) {
      faults = { ...faults, ...next };
    },
    credits,
    attempts(refundId?: string): readonly FakeChannelAttempt[] {
      return credits(refundId).map((c) => ({
        refundId: c.refundId,
        providerRef: c.creditRef,
        amount: c.amount,
        acceptedAt: c.creditedAt,
        outcome: 'SETTLED' as const,
      }));
    },
    balance(buyerId, currency = 'CNY') {
      return balances.get(`${buyerId}\u0000${currency}`) ?? 0;
    },
    coupons(buyerId) {
      return ordered.filter((c) => c.kind === 'COUPON' && c.buyerId === buyerId);
    },
    setSecrets(next) {
      if (!next.secret) throw new RangeError('wallet stand-in needs an HMAC secret');
      secrets = [next.secret, ...(next.previousSecret ? [next.previousSecret] : [])];
    },
    openAccount(buyerId) {
      accounts?.add(buyerId);
    },
    async drain() {
      // Credits are immediate and nothing is notified: nothing is ever due.
    },
    async close() {
      for (const timer of held) clearTimeout(timer);
      held.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
