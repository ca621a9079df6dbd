/**
 * A local stand-in for WeChat Pay's API v3 refunds, so the WeChat Pay channel (functions/adapters/payments/channels/
 * wechat.ts and wechat-notify.ts) runs end to end without internet, in tests and in local mode. It speaks the two
 * endpoints the adapter uses, the way WeChat Pay documents them:
 *
 * - `POST /v3/refund/domestic/refunds` (申请退款) and `GET /v3/refund/domestic/refunds/{out_refund_no}` (查询单笔退款).
 * - Our requests must carry a valid `WECHATPAY2-SHA256-RSA2048` Authorization (mchid, serial_no, a timestamp within
 *   5 minutes, the signature verifying with the merchant public key); otherwise 401 SIGN_ERROR, unsigned.
 * - Idempotent on `out_refund_no`: the same parameters answer the refund already made (same refund_id and
 *   create_time, as WeChat Pay does); another amount, total or order is 400 INVALID_REQUEST. Only once an attempt has
 *   failed (ABNORMAL) does the same out_refund_no start a new attempt (new refund_id).
 * - Per order (transaction_id or out_trade_no): the total must stay the same, and the refunds not failed plus this one
 *   must not exceed it (400 INVALID_REQUEST); `insufficientBalance` answers 403 NOT_ENOUGH.
 * - Answers are signed with the platform key (`Wechatpay-Timestamp/-Nonce/-Signature/-Serial`).
 * - Each accepted refund settles after `latencyMs` (SUCCESS) or fails (`failureRate`: ABNORMAL), and a REFUND.SUCCESS
 *   or REFUND.ABNORMAL notification, its resource encrypted with the API v3 key (AEAD_AES_256_GCM) and signed, is
 *   POSTed to the request's notify_url (else the one set by option or `setNotifyUrl`), redelivered with backoff until
 *   a 2xx (at most 6 tries here; WeChat Pay tries 15 times over a day).
 * - FakeChannelFaults (local/channels/controls.ts): `transientErrorRate` answers 503 SYSTEM_ERROR, 429
 *   FREQUENCY_LIMITED or no answer at all (a third each); of those timeouts, `ambiguousTimeoutShare` accepted the refund
 *   first. `duplicateRate` sends a notification twice, `earlyNotificationRate` settles at once and delivers the
 *   notification before the synchronous answer.
 * - `notifications` has one entry per POST (redeliveries included) with the HTTP status answered, 0 for no answer or
 *   no notify URL known; `drain()` waits until every notification is delivered or given up (after 6 tries, ~3 s).
 *
 * The crypto here is written against node:crypto directly, not shared with the adapter, so a mistake in one side's
 * message format shows up as a failed verification instead of agreeing with itself. Deterministic for a seed (ids,
 * nonces, fault draws) as far as the order of requests is. Timers are unref'd; `close()` stops everything.
 */
import { createCipheriv, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from '../../functions/adapters/payments/prng.ts';
import type { FakeChannel, FakeChannelAttempt, FakeChannelFaults } from './controls.ts';

export interface WechatFakeOptions {
  /** Verifies our requests' signatures (the merchant API certificate's public key, PEM). */
  merchantPublicKey: string;
  mchid: string;
  merchantSerialNo: string;
  /** Signs answers and notifications (PEM). */
  platformPrivateKey: string;
  /** The platform certificate serial or PUB_KEY_ID_… the adapter knows the key by. */
  platformKeyId: string;
  /** Encrypts notification resources (32 bytes). */
  apiV3Key: string;
  /** Where notifications go when the request names no notify_url. */
  notifyUrl?: string;
  seed?: number;
  faults?: Partial<FakeChannelFaults>;
  /** The fake's wall clock, ms since epoch (tests shift it to make retries look late); timers stay real. */
  now?: () => number;
}

export type WechatFake = FakeChannel & { baseUrl: string; setNotifyUrl(url: string): void };

const REFUNDS_PATH = '/v3/refund/domestic/refunds';
const MAX_SKEW_MS = 5 * 60_000;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_DELIVERY_TRIES = 6;
const FIRST_REDELIVERY_MS = 100;

const DEFAULT_FAULTS: FakeChannelFaults = {
  failureRate: 0,
  transientErrorRate: 0,
  ambiguousTimeoutShare: 0,
  duplicateRate: 0,
  earlyNotificationRate: 0,
  latencyMs: { min: 50, max: 300 },
  insufficientBalance: false,
};

interface Attempt {
  outRefundNo: string;
  refundId: string;
  /** transaction_id or out_trade_no as the request gave it. */
  order: { transaction_id?: string; out_trade_no?: string };
  orderKey: string;
  amount: number;
  total: number;
  createMs: number;
  settleAtMs: number;
  planned: 'SETTLED' | 'FAILED';
  notifyUrl: string | undefined;
}

interface RefundRequest {
  out_refund_no: string;
  transaction_id?: string;
  out_trade_no?: string;
  notify_url?: string;
  amount: { refund: number; total: number; currency: string };
}

type Reply = { status: number; body: unknown; signed?: boolean } | 'HANG';

/** WeChat Pay's time format: RFC 3339, China time. */
function wechatTime(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

function parseRefundRequest(json: unknown): RefundRequest | string {
  if (typeof json !== 'object' || json === null) return 'body is not an object';
  const r = json as Record<string, unknown>;
  const amount = r.amount as Record<string, unknown> | undefined;
  if (typeof r.out_refund_no !== 'string' || !/^[0-9A-Za-z_\-|*@.:]{1,64}$/.test(r.out_refund_no)) {
    return 'out_refund_no is invalid';
  }
  const tx = typeof r.transaction_id === 'string' && r.transaction_id.length > 0;
  const trade = typeof r.out_trade_no === 'string' && r.out_trade_no.length > 0;
  if (tx === trade) return 'exactly one of transaction_id and out_trade_no is required';
  if (r.notify_url !== undefined && (typeof r.notify_url !== 'string' || !/^https?:\/\//.test(r.notify_url))) {
    return 'notify_url is invalid';
  }
  if (typeof amount !== 'object' || amount === null) return 'amount is required';
  if (!Number.isSafeInteger(amount.refund) || (amount.refund as number) <= 0) return 'amount.refund is invalid';
  if (!Number.isSafeInteger(amount.total) || (amount.total as number) <= 0) return 'amount.total is invalid';
  if (amount.currency !== 'CNY') return 'amount.currency must be CNY';
  return json as RefundRequest;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the fake on 127.0.0.1 (a free port); see the module comment. */
export async function startWechatFake(options: WechatFakeOptions): Promise<WechatFake> {
  const merchantKey: KeyObject = createPublicKey(options.merchantPublicKey);
  const now = options.now ?? Date.now;
  const rng = mulberry32(options.seed ?? 1);
  // Refund ids from a stream of their own: nonces and notification timings draw from `rng` as they happen (their
  // order depends on timers), so the ids stay the same for the same requests whatever the machine's load.
  const idRng = mulberry32(((options.seed ?? 1) ^ 0x5f3759df) >>> 0);
  let faults: FakeChannelFaults = { ...DEFAULT_FAULTS, ...options.faults };
  let defaultNotifyUrl = options.notifyUrl;
  let seq = 0;
  let closed = false;
  const byRefund = new Map<string, Attempt[]>();
  const notifications: { refundId: string; kind: 'FIRST' | 'DUPLICATE' | 'EARLY'; status: number }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const hanging = new Set<ServerResponse>();
  /** Notifications not yet delivered or given up on, and who waits for none to be left. */
  let pending = 0;
  let idleWaiters: (() => void)[] = [];

  const nonce = () => `${rng.hex8()}${rng.hex8()}${rng.hex8()}${rng.hex8()}`.toUpperCase();
  const digits = (n: number) => {
    let s = '';
    while (s.length < n) s += String(idRng.int(0, 9));
    return s;
  };

  /** WeChat Pay's signature headers over `TIMESTAMP\nNONCE\nBODY\n`. */
  const signedHeaders = (body: string): Record<string, string> => {
    const timestamp = String(Math.floor(now() / 1000));
    const n = nonce();
    const signature = sign('sha256', Buffer.from(`${timestamp}\n${n}\n${body}\n`, 'utf8'), options.platformPrivateKey);
    return {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': n,
      'wechatpay-signature': signature.toString('base64'),
      'wechatpay-serial': options.platformKeyId,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    };
  };

  /** Checks our Authorization header; a reason when it fails. */
  const checkAuthorization = (req: IncomingMessage, pathWithQuery: string, body: string): string | undefined => {
    const header = req.headers.authorization ?? '';
    const scheme = 'WECHATPAY2-SHA256-RSA2048 ';
    if (!header.startsWith(scheme)) return 'authorization scheme is not WECHATPAY2-SHA256-RSA2048';
    const fields = new Map<string, string>();
    for (const m of header.slice(scheme.length).matchAll(/(\w+)="([^"]*)"/g)) fields.set(m[1] ?? '', m[2] ?? '');
    const ts = fields.get('timestamp') ?? '';
    const n = fields.get('nonce_str') ?? '';
    const signature = fields.get('signature') ?? '';
    if (fields.get('mchid') !== options.mchid) return 'mchid does not match';
    if (fields.get('serial_no')?.toUpperCase() !== options.merchantSerialNo.toUpperCase()) {
      return 'serial_no is not the merchant certificate';
    }
    if (!/^[0-9]{1,12}$/.test(ts) || Math.abs(now() - Number(ts) * 1000) > MAX_SKEW_MS) return 'timestamp expired';
    if (!n) return 'nonce_str missing';
    const message = `${req.method}\n${pathWithQuery}\n${ts}\n${n}\n${body}\n`;
    const ok = verify('sha256', Buffer.from(message, 'utf8'), merchantKey, Buffer.from(signature, 'base64'));
    return ok ? undefined : 'signature does not verify';
  };

  const outcomeAt = (a: Attempt, atMs: number): FakeChannelAttempt['outcome'] =>
    atMs >= a.settleAtMs ? a.planned : 'PENDING';

  const refundJson = (a: Attempt) => {
    const outcome = outcomeAt(a, now());
    const status = outcome === 'PENDING' ? 'PROCESSING' : outcome === 'SETTLED' ? 'SUCCESS' : 'ABNORMAL';
    return {
      refund_id: a.refundId,
      out_refund_no: a.outRefundNo,
      transaction_id: a.order.transaction_id ?? `4200${a.refundId.slice(-24)}`,
      out_trade_no: a.order.out_trade_no ?? '',
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(status === 'SUCCESS' ? { success_time: wechatTime(a.settleAtMs) } : {}),
      create_time: wechatTime(a.createMs),
      status,
      funds_account: 'AVAILABLE',
      amount: {
        total: a.total,
        refund: a.amount,
        from: [],
        payer_total: a.total,
        payer_refund: a.amount,
        settlement_refund: a.amount,
        settlement_total: a.total,
        discount_refund: 0,
        currency: 'CNY',
        refund_fee: 0,
      },
      promotion_detail: [],
    };
  };

  /** The notification body for an attempt's outcome, its resource encrypted with the API v3 key. */
  const notificationBody = (a: Attempt): string => {
    const success = a.planned === 'SETTLED';
    const plaintext = JSON.stringify({
      mchid: options.mchid,
      out_trade_no: a.order.out_trade_no ?? '',
      transaction_id: a.order.transaction_id ?? '',
      out_refund_no: a.outRefundNo,
      refund_id: a.refundId,
      refund_status: success ? 'SUCCESS' : 'ABNORMAL',
      ...(success ? { success_time: wechatTime(a.settleAtMs) } : {}),
      user_received_account: '支付用户零钱',
      amount: { total: a.total, refund: a.amount, payer_total: a.total, payer_refund: a.amount },
    });
    const iv = nonce().slice(0, 12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(options.apiV3Key, 'utf8'), Buffer.from(iv, 'utf8'));
    cipher.setAAD(Buffer.from('refund', 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return JSON.stringify({
      id: `EV-${rng.hex8()}-${rng.hex8()}`,
      create_time: wechatTime(now()),
      resource_type: 'encrypt-resource',
      event_type: success ? 'REFUND.SUCCESS' : 'REFUND.ABNORMAL',
      summary: success ? '退款成功' : '退款异常',
      resource: {
        original_type: 'refund',
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: data.toString('base64'),
        associated_data: 'refund',
        nonce: iv,
      },
    });
  };

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref();
    timers.add(t);
  };

  const settleOne = () => {
    if (pending > 0) pending--;
    if (pending === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  /** One POST of a notification; on failure, redelivery after a doubling delay, until MAX_DELIVERY_TRIES. */
  const deliver = async (a: Attempt, kind: 'FIRST' | 'DUPLICATE' | 'EARLY', tryNo: number): Promise<void> => {
    if (closed) return settleOne();
    const url = a.notifyUrl ?? defaultNotifyUrl;
    let status = 0;
    if (url) {
      const body = notificationBody(a);
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signedHeaders(body) },
          body,
          signal: AbortSignal.timeout(5_000),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
    }
    if (closed) return settleOne();
    notifications.push({ refundId: a.outRefundNo, kind, status });
    if ((status >= 200 && status < 300) || tryNo >= MAX_DELIVERY_TRIES) return settleOne();
    later(FIRST_REDELIVERY_MS * 2 ** (tryNo - 1), () => void deliver(a, kind, tryNo + 1));
  };

  const scheduleNotification = (a: Attempt, delayMs: number, kind: 'FIRST' | 'DUPLICATE') => {
    pending++;
    later(delayMs, () => void deliver(a, kind, 1));
  };

  const ordersRefunded = (orderKey: string, except?: Attempt): { total?: number; refunded: number } => {
    let total: number | undefined;
    let refunded = 0;
    const t = now();
    for (const attempts of byRefund.values()) {
      for (const a of attempts) {
        if (a.orderKey !== orderKey || a === except) continue;
        total ??= a.total;
        if (outcomeAt(a, t) !== 'FAILED') refunded += a.amount;
      }
    }
    return { ...(total === undefined ? {} : { total }), refunded };
  };

  /** Applies a refund request: the existing refund, a new attempt, or an error answer. */
  const applyRefund = (r: RefundRequest): { reply: Reply; created?: Attempt } => {
    const orderKey = r.transaction_id ? `T:${r.transaction_id}` : `O:${r.out_trade_no}`;
    const history = byRefund.get(r.out_refund_no) ?? [];
    const latest = history.at(-1);
    if (latest) {
      if (latest.amount !== r.amount.refund || latest.total !== r.amount.total || latest.orderKey !== orderKey) {
        return {
          reply: {
            status: 400,
            body: { code: 'INVALID_REQUEST', message: '订单号和退款单号重复，但退款金额或订单与之前请求不一致' },
          },
        };
      }
      if (outcomeAt(latest, now()) !== 'FAILED') return { reply: { status: 200, body: refundJson(latest) } };
    }
    const order = ordersRefunded(orderKey);
    if (order.total !== undefined && order.total !== r.amount.total) {
      return { reply: { status: 400, body: { code: 'INVALID_REQUEST', message: '订单金额与之前请求不一致' } } };
    }
    if (order.refunded + r.amount.refund > r.amount.total) {
      return { reply: { status: 400, body: { code: 'INVALID_REQUEST', message: '申请退款金额超过订单可退金额' } } };
    }
    if (faults.insufficientBalance) {
      return { reply: { status: 403, body: { code: 'NOT_ENOUGH', message: '基本账户余额不足，请充值后重新发起' } } };
    }
    seq++;
    const createMs = now();
    const a: Attempt = {
      outRefundNo: r.out_refund_no,
      refundId: `503${String(seq).padStart(6, '0')}${digits(20)}`,
      order: r.transaction_id ? { transaction_id: r.transaction_id } : { out_trade_no: r.out_trade_no ?? '' },
      orderKey,
      amount: r.amount.refund,
      total: r.amount.total,
      createMs,
      settleAtMs: createMs + rng.int(faults.latencyMs.min, faults.latencyMs.max),
      planned: rng.chance(faults.failureRate) ? 'FAILED' : 'SETTLED',
      notifyUrl: r.notify_url,
    };
    history.push(a);
    byRefund.set(r.out_refund_no, history);
    return { reply: { status: 200, body: refundJson(a) }, created: a };
  };

  /** After acceptance: the notification (and its duplicate), or an early one delivered before the answer. */
  const afterAccept = async (a: Attempt): Promise<void> => {
    const early = rng.chance(faults.earlyNotificationRate);
    const duplicate = rng.chance(faults.duplicateRate);
    const duplicateDelay = rng.int(10, 200);
    if (early) a.settleAtMs = a.createMs;
    // The duplicate is counted as pending before the early delivery is awaited, so `drain()` cannot resolve between.
    if (duplicate) scheduleNotification(a, Math.max(0, a.settleAtMs - now()) + duplicateDelay, 'DUPLICATE');
    if (early) {
      pending++;
      await deliver(a, 'EARLY', 1);
    } else {
      scheduleNotification(a, Math.max(0, a.settleAtMs - now()), 'FIRST');
    }
  };

  const handle = async (req: IncomingMessage, path: string, body: string): Promise<Reply> => {
    const authError = checkAuthorization(req, path, body);
    if (authError) return { status: 401, body: { code: 'SIGN_ERROR', message: authError }, signed: false };

    const isCreate = req.method === 'POST' && path === REFUNDS_PATH;
    const query =
      req.method === 'GET' && path.startsWith(`${REFUNDS_PATH}/`) ? path.slice(REFUNDS_PATH.length + 1) : '';
    if (!isCreate && !query) return { status: 404, body: { code: 'NOT_FOUND', message: 'no such API' } };

    if (rng.chance(faults.transientErrorRate)) {
      const draw = rng.next();
      if (draw < 1 / 3) return { status: 503, body: { code: 'SYSTEM_ERROR', message: '系统错误' } };
      if (draw < 2 / 3) return { status: 429, body: { code: 'FREQUENCY_LIMITED', message: '频率超限' } };
      if (isCreate && rng.chance(faults.ambiguousTimeoutShare)) {
        const parsed = parseJson(body);
        const r = parsed === undefined ? 'bad' : parseRefundRequest(parsed);
        if (typeof r !== 'string') {
          const { created } = applyRefund(r);
          if (created) await afterAccept(created);
        }
      }
      return 'HANG';
    }

    if (query) {
      const outRefundNo = decodeURIComponent(query.split('?')[0] ?? '');
      const latest = byRefund.get(outRefundNo)?.at(-1);
      if (!latest) return { status: 404, body: { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' } };
      return { status: 200, body: refundJson(latest) };
    }

    const parsed = parseJson(body);
    if (parsed === undefined) return { status: 400, body: { code: 'PARAM_ERROR', message: 'body is not JSON' } };
    const r = parseRefundRequest(parsed);
    if (typeof r === 'string') return { status: 400, body: { code: 'PARAM_ERROR', message: r } };
    const { reply, created } = applyRefund(r);
    if (created) await afterAccept(created);
    // The early notification may have settled it: answer as WeChat Pay would now.
    if (created && typeof reply !== 'string') return { status: 200, body: refundJson(created) };
    return reply;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      if (raw === undefined) {
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'PARAM_ERROR', message: 'body too large' }));
        return;
      }
      const reply = await handle(req, req.url ?? '/', raw.toString('utf8'));
      if (reply === 'HANG') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      const text = JSON.stringify(reply.body);
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        'request-id': `08${rng.hex8()}${rng.hex8()}`.toUpperCase(),
        ...(reply.signed === false ? {} : signedHeaders(text)),
      };
      res.writeHead(reply.status, headers);
      res.end(text);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'SYSTEM_ERROR', message: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    channel: 'wechat',
    url,
    baseUrl: url,
    notifications,
    setNotifyUrl(next: string) {
      defaultNotifyUrl = next;
    },
    setFaults(next: Partial<FakeChannelFaults>) {
      faults = { ...faults, ...next };
    },
    attempts(refundId?: string): readonly FakeChannelAttempt[] {
      const t = now();
      const list = refundId === undefined ? [...byRefund.values()].flat() : (byRefund.get(refundId) ?? []);
      return list
        .map((a) => ({
          refundId: a.outRefundNo,
          providerRef: a.refundId,
          amount: a.amount,
          acceptedAt: new Date(a.createMs).toISOString(),
          outcome: outcomeAt(a, t),
        }))
        .sort((x, y) => x.acceptedAt.localeCompare(y.acceptedAt));
    },
    drain(): Promise<void> {
      if (pending === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close(): Promise<void> {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const res of hanging) res.destroy();
      hanging.clear();
      const waiters = idleWaiters;
      idleWaiters = [];
      pending = 0;
      for (const w of waiters) w();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
