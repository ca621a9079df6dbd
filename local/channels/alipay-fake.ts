/**
 * A local Alipay OpenAPI gateway for tests and local mode: a node:http server on 127.0.0.1 that speaks the protocol
 * alipay-sdk speaks (form POST to /gateway.do: public parameters in the query string, `biz_content` in the body, RSA2
 * `sign` over all parameters but `sign`, sorted), answers `{ "<method_with_underscores>_response": {...}, "sign": "..." }`
 * signed with Alipay's private key over the exact JSON of the inner object, and POSTs signed asynchronous
 * notifications (trade_status_sync with out_biz_no, as alipay-notify.ts reads them) to notifyUrl, retrying with a
 * short backoff until it is answered `success`.
 *
 * Methods: `alipay.trade.refund` and `alipay.trade.fastpay.refund.query`. A trade it does not know is created on its
 * first refund, with no limit on what may be refunded; at most {@link MAX_REFUNDS_PER_TRADE} distinct out_request_no
 * per trade (ACQ.REFUND_CHARGE_ERROR past that, Alipay's per-trade limit). Idempotent on out_request_no: the same
 * amount again answers the same refund with fund_change N; another amount is ACQ.REFUND_AMT_NOT_EQUAL_TOTAL; a new
 * attempt only after the latest one FAILED. Our request signature is checked with the app's public key
 * (isv.invalid-signature), the app id too (isv.invalid-app-id).
 *
 * Faults (local/channels/controls.ts, deterministic for a seed): transient errors are half HTTP 503, half timeouts
 * (the answer is held until the client gives up; of those, `ambiguousTimeoutShare` had recorded the refund first);
 * `failureRate` refunds end FAILED (query says REFUND_FAIL, the notification carries refund_status=REFUND_FAIL, a
 * field of this fake, not of Alipay); `duplicateRate` notifications are sent twice; `earlyNotificationRate` refunds
 * settle at once and are notified before the synchronous answer is written; `latencyMs` from acceptance to
 * settlement; `insufficientBalance` refuses new refunds with ACQ.SELLER_BALANCE_NOT_ENOUGH. Timers are unref'd and
 * close() ends them, the held answers and the server.
 */
import { createSign, createVerify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadPrivateKey, loadPublicKey } from '../../functions/adapters/payments/channels/alipay-credentials.ts';
import { fenToYuan, formatBeijingTime, yuanToFen } from '../../functions/adapters/payments/channels/alipay-notify.ts';
import { mulberry32, type Prng } from '../../functions/adapters/payments/prng.ts';
import type { FakeChannel, FakeChannelAttempt, FakeChannelFaults } from './controls.ts';

/** Alipay's limit on refunds of one trade (distinct out_request_no). */
export const MAX_REFUNDS_PER_TRADE = 50;
/** Delays between notification deliveries that were not answered `success` (Alipay's are minutes to hours). */
const REDELIVERY_BACKOFF_MS = [50, 100, 200, 400, 800];
/** Extra delay of a duplicate notification after the first. */
const DUPLICATE_DELAY_MS = 20;
const MAX_BODY_BYTES = 64 * 1024;

export interface AlipayFakeOptions {
  /** The app's public key (PEM or base64): verifies our requests. */
  appPublicKey: string;
  /** Alipay's private key (PEM): signs responses and notifications. */
  alipayPrivateKey: string;
  appId: string;
  notifyUrl?: string;
  seed?: number;
  faults?: Partial<FakeChannelFaults>;
}

export type AlipayFake = FakeChannel & { gateway: string; setNotifyUrl(url: string): void };

const DEFAULT_FAULTS: FakeChannelFaults = {
  failureRate: 0,
  transientErrorRate: 0,
  ambiguousTimeoutShare: 0,
  duplicateRate: 0,
  earlyNotificationRate: 0,
  latencyMs: { min: 50, max: 200 },
  insufficientBalance: false,
};

interface Attempt {
  refundId: string;
  providerRef: string;
  amount: number;
  acceptedAtMs: number;
  settleAtMs: number;
  outcome: 'SETTLED' | 'FAILED';
}

interface Refund {
  outRequestNo: string;
  attempts: Attempt[];
}

interface Trade {
  tradeNo: string;
  outTradeNo: string | undefined;
  refunds: Map<string, Refund>;
}

interface Delivery {
  refundId: string;
  body: () => string;
  tries: number;
  record: { refundId: string; kind: 'FIRST' | 'DUPLICATE' | 'EARLY'; status: number };
  done: boolean;
}

type Answer = { status: 200; body: Record<string, unknown> } | { status: 503 } | { status: 'hold' };

/** Starts the fake on 127.0.0.1 (a free port); see the module comment. */
export async function startAlipayFake(options: AlipayFakeOptions): Promise<AlipayFake> {
  const appKey: KeyObject = loadPublicKey(options.appPublicKey);
  const alipayKey: KeyObject = loadPrivateKey(options.alipayPrivateKey);
  const rng: Prng = mulberry32(options.seed ?? 1);
  let faults: FakeChannelFaults = { ...DEFAULT_FAULTS, ...options.faults };
  let notifyUrl = options.notifyUrl;
  let closed = false;

  const trades = new Map<string, Trade>();
  const byOutTradeNo = new Map<string, Trade>();
  const byRefundId = new Map<string, Attempt[]>();
  const deliveries: Delivery[] = [];
  const notifications: Delivery['record'][] = [];
  const timers = new Set<NodeJS.Timeout>();
  const held = new Set<ServerResponse>();
  const inflight = new Set<Promise<void>>();
  const aborts = new AbortController();
  /** EARLY notifications of the request being answered: delivered (first try) before its answer is written. */
  const earlyDeliveries: Delivery[] = [];
  let tradeSeq = 0;
  let notifySeq = 0;

  const sign = (content: string | Buffer) => createSign('RSA-SHA256').update(content).sign(alipayKey, 'base64');

  function later(ms: number, fn: () => void): void {
    if (closed) return;
    const t = setTimeout(
      () => {
        timers.delete(t);
        fn();
      },
      Math.max(0, ms),
    );
    t.unref();
    timers.add(t);
  }

  function newTradeNo(): string {
    tradeSeq++;
    const day = formatBeijingTime(Date.now()).slice(0, 10).replaceAll('-', '');
    return `${day}2200${String(tradeSeq).padStart(6, '0')}${rng.hex8().replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10))}`;
  }

  function findTrade(tradeNo: string | undefined, outTradeNo: string | undefined): Trade | undefined {
    if (tradeNo) return trades.get(tradeNo);
    return outTradeNo ? byOutTradeNo.get(outTradeNo) : undefined;
  }

  const isSettled = (a: Attempt, now: number) => now >= a.settleAtMs;

  /** Fen the trade's settled refunds have moved by `now` (Alipay's cumulative refund_fee). */
  function refundedFen(trade: Trade, now: number): number {
    let sum = 0;
    for (const r of trade.refunds.values()) {
      for (const a of r.attempts) if (a.outcome === 'SETTLED' && isSettled(a, now)) sum += a.amount;
    }
    return sum;
  }

  // ---- notifications ----

  function notificationBody(trade: Trade, a: Attempt): string {
    const failed = a.outcome === 'FAILED';
    const params: Record<string, string> = {
      notify_time: formatBeijingTime(Date.now()),
      notify_type: 'trade_status_sync',
      notify_id: `${a.refundId}-${++notifySeq}`,
      app_id: options.appId,
      charset: 'utf-8',
      version: '1.0',
      trade_no: trade.tradeNo,
      ...(trade.outTradeNo ? { out_trade_no: trade.outTradeNo } : {}),
      out_biz_no: a.refundId,
      trade_status: 'TRADE_SUCCESS',
      refund_fee: fenToYuan(refundedFen(trade, Date.now())),
      send_back_fee: failed ? '0.00' : fenToYuan(a.amount),
      gmt_refund: formatBeijingTime(a.settleAtMs),
      ...(failed ? { refund_status: 'REFUND_FAIL' } : {}),
    };
    const content = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join('&');
    const form = new URLSearchParams({ ...params, sign: sign(content), sign_type: 'RSA2' });
    return form.toString();
  }

  /** Queues a notification, due at `dueMs`; without one, the caller delivers it (an early notification). */
  function enqueue(trade: Trade, a: Attempt, kind: Delivery['record']['kind'], dueMs: number | undefined): Delivery {
    const record = { refundId: a.refundId, kind, status: 0 };
    notifications.push(record);
    const d: Delivery = { refundId: a.refundId, body: () => notificationBody(trade, a), tries: 0, record, done: false };
    deliveries.push(d);
    if (dueMs !== undefined) later(dueMs - Date.now(), () => track(deliver(d)));
    return d;
  }

  function track(p: Promise<void>): Promise<void> {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    return p;
  }

  async function deliver(d: Delivery): Promise<void> {
    if (closed || d.done) return;
    d.tries++;
    let status = 0;
    let ok = false;
    if (notifyUrl) {
      try {
        const res = await fetch(notifyUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: d.body(),
          signal: AbortSignal.any([aborts.signal, AbortSignal.timeout(5000)]),
        });
        status = res.status;
        ok = res.status === 200 && (await res.text()).trim() === 'success';
      } catch {
        status = 0;
      }
    }
    d.record.status = status;
    const backoff = REDELIVERY_BACKOFF_MS[d.tries - 1];
    if (ok || backoff === undefined || closed) {
      d.done = true;
      return;
    }
    later(backoff, () => track(deliver(d)));
  }

  // ---- gateway ----

  function refund(biz: Record<string, unknown>): Answer {
    const outRequestNo = typeof biz.out_request_no === 'string' ? biz.out_request_no : '';
    const tradeNo = typeof biz.trade_no === 'string' ? biz.trade_no : undefined;
    const outTradeNo = typeof biz.out_trade_no === 'string' ? biz.out_trade_no : undefined;
    const amount = typeof biz.refund_amount === 'string' ? yuanToFen(biz.refund_amount) : undefined;
    if (!outRequestNo || (!tradeNo && !outTradeNo) || !amount) {
      return business('40004', 'ACQ.INVALID_PARAMETER', '参数无效');
    }
    const now = Date.now();
    let trade = findTrade(tradeNo, outTradeNo);
    const existing = trade?.refunds.get(outRequestNo);
    const latest = existing?.attempts.at(-1);
    if (trade && existing && latest) {
      if (latest.amount !== amount) {
        return business('40004', 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额与原退款请求不一致');
      }
      if (!(latest.outcome === 'FAILED' && isSettled(latest, now))) {
        return refundAnswer(trade, latest, 'N');
      }
    }
    if (faults.insufficientBalance) return business('40004', 'ACQ.SELLER_BALANCE_NOT_ENOUGH', '卖家余额不足');
    if (!trade) {
      trade = { tradeNo: tradeNo ?? newTradeNo(), outTradeNo, refunds: new Map() };
      trades.set(trade.tradeNo, trade);
      if (outTradeNo) byOutTradeNo.set(outTradeNo, trade);
    }
    if (!existing && trade.refunds.size >= MAX_REFUNDS_PER_TRADE) {
      return business('40004', 'ACQ.REFUND_CHARGE_ERROR', '退分账金额超限或退款次数超限');
    }
    const early = rng.chance(faults.earlyNotificationRate);
    const latency = early ? 0 : rng.int(faults.latencyMs.min, faults.latencyMs.max);
    const attempt: Attempt = {
      refundId: outRequestNo,
      providerRef: `${trade.tradeNo}:${outRequestNo}`,
      amount,
      acceptedAtMs: now,
      settleAtMs: now + latency,
      outcome: rng.chance(faults.failureRate) ? 'FAILED' : 'SETTLED',
    };
    const refund = existing ?? { outRequestNo, attempts: [] };
    refund.attempts.push(attempt);
    trade.refunds.set(outRequestNo, refund);
    byRefundId.set(outRequestNo, [...(byRefundId.get(outRequestNo) ?? []), attempt]);
    if (early) earlyDeliveries.push(enqueue(trade, attempt, 'EARLY', undefined));
    else enqueue(trade, attempt, 'FIRST', attempt.settleAtMs);
    if (rng.chance(faults.duplicateRate)) enqueue(trade, attempt, 'DUPLICATE', attempt.settleAtMs + DUPLICATE_DELAY_MS);
    return refundAnswer(trade, attempt, 'Y');
  }

  function refundAnswer(trade: Trade, a: Attempt, fundChange: 'Y' | 'N'): Answer {
    return {
      status: 200,
      body: {
        code: '10000',
        msg: 'Success',
        trade_no: trade.tradeNo,
        ...(trade.outTradeNo ? { out_trade_no: trade.outTradeNo } : {}),
        buyer_logon_id: 'fak***@example.com',
        fund_change: fundChange,
        refund_fee: fenToYuan(refundedFen(trade, Date.now())),
        send_back_fee: fenToYuan(a.amount),
        gmt_refund_pay: formatBeijingTime(a.acceptedAtMs),
      },
    };
  }

  function query(biz: Record<string, unknown>): Answer {
    const outRequestNo = typeof biz.out_request_no === 'string' ? biz.out_request_no : '';
    const tradeNo = typeof biz.trade_no === 'string' ? biz.trade_no : undefined;
    const outTradeNo = typeof biz.out_trade_no === 'string' ? biz.out_trade_no : undefined;
    if (!outRequestNo || (!tradeNo && !outTradeNo)) return business('40004', 'ACQ.INVALID_PARAMETER', '参数无效');
    const trade = findTrade(tradeNo, outTradeNo);
    if (!trade) return business('40004', 'ACQ.TRADE_NOT_EXIST', '交易不存在');
    const base = {
      code: '10000',
      msg: 'Success',
      trade_no: trade.tradeNo,
      ...(trade.outTradeNo ? { out_trade_no: trade.outTradeNo } : {}),
      out_request_no: outRequestNo,
    };
    const latest = trade.refunds.get(outRequestNo)?.attempts.at(-1);
    if (!latest) return { status: 200, body: base };
    const options = Array.isArray(biz.query_options) ? biz.query_options : [];
    const settled = isSettled(latest, Date.now());
    return {
      status: 200,
      body: {
        ...base,
        refund_amount: fenToYuan(latest.amount),
        total_amount: fenToYuan(latest.amount),
        ...(settled ? { refund_status: latest.outcome === 'SETTLED' ? 'REFUND_SUCCESS' : 'REFUND_FAIL' } : {}),
        ...(settled && options.includes('gmt_refund_pay')
          ? { gmt_refund_pay: formatBeijingTime(latest.settleAtMs) }
          : {}),
      },
    };
  }

  function business(code: string, subCode: string, subMsg: string): Answer {
    const msg =
      code === '40002' ? 'Invalid Arguments' : code === '20000' ? 'Service Currently Unavailable' : 'Business Failed';
    return { status: 200, body: { code, msg, sub_code: subCode, sub_msg: subMsg } };
  }

  /** Our request's parameters (query string and form body), or undefined when it is not the gateway's form. */
  function requestParams(req: IncomingMessage, body: Buffer): Map<string, string> | undefined {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'POST' || url.pathname !== '/gateway.do') return undefined;
    const params = new Map<string, string>(url.searchParams);
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
    return params;
  }

  function verifyRequest(params: Map<string, string>): boolean {
    const signature = params.get('sign');
    if (!signature) return false;
    const content = [...params.keys()]
      .filter((k) => k !== 'sign')
      .sort()
      .map((k) => `${k}=${params.get(k)}`)
      .join('&');
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(appKey, signature, 'base64');
  }

  function handle(params: Map<string, string>): Answer {
    const method = params.get('method') ?? '';
    if (!verifyRequest(params)) {
      return business('40002', 'isv.invalid-signature', '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配');
    }
    if (params.get('app_id') !== options.appId) return business('40002', 'isv.invalid-app-id', '无效的AppID参数');
    let biz: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(params.get('biz_content') ?? '');
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
      biz = parsed as Record<string, unknown>;
    } catch {
      return business('40002', 'isv.invalid-parameter', 'biz_content 无效');
    }
    if (rng.chance(faults.transientErrorRate)) {
      if (!rng.chance(0.5)) return { status: 503 };
      if (method === 'alipay.trade.refund' && rng.chance(faults.ambiguousTimeoutShare)) refund(biz);
      return { status: 'hold' };
    }
    if (method === 'alipay.trade.refund') return refund(biz);
    if (method === 'alipay.trade.fastpay.refund.query') return query(biz);
    return business('40004', 'isv.invalid-method', '不存在的方法名');
  }

  function write(res: ServerResponse, method: string, answer: Answer): void {
    if (answer.status === 'hold') {
      // Past the client's timeout: it gives up and closes the connection; close() ends what is left.
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    if (answer.status === 503) {
      res.writeHead(503, { 'content-type': 'text/html' }).end('<html><body>503 Service Unavailable</body></html>');
      return;
    }
    const key = `${(method || 'error').replaceAll('.', '_')}_response`;
    const inner = JSON.stringify(answer.body);
    const text = `{"${key}":${inner},"sign":"${sign(inner)}"}`;
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' }).end(text);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        return;
      }
      const params = requestParams(req, Buffer.concat(chunks));
      if (!params) {
        res.writeHead(404).end();
        return;
      }
      const method = params.get('method') ?? '';
      const answer = handle(params);
      const early = earlyDeliveries.splice(0);
      if (early.length === 0) {
        write(res, method, answer);
        return;
      }
      // Early notifications go out (first try) before the synchronous answer.
      void Promise.all(early.map((d) => track(deliver(d)))).then(() => write(res, method, answer));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    channel: 'alipay',
    url,
    gateway: `${url}/gateway.do`,
    setNotifyUrl(next: string) {
      notifyUrl = next;
    },
    setFaults(next: Partial<FakeChannelFaults>) {
      faults = { ...faults, ...next };
    },
    attempts(refundId?: string): readonly FakeChannelAttempt[] {
      const list = refundId === undefined ? [...byRefundId.values()].flat() : (byRefundId.get(refundId) ?? []);
      const now = Date.now();
      return list
        .toSorted((a, b) => a.acceptedAtMs - b.acceptedAtMs)
        .map((a) => ({
          refundId: a.refundId,
          providerRef: a.providerRef,
          amount: a.amount,
          acceptedAt: new Date(a.acceptedAtMs).toISOString(),
          outcome: isSettled(a, now) ? a.outcome : 'PENDING',
        }));
    },
    notifications,
    async drain() {
      // Every queued notification (also those not yet due) delivered or given up.
      while (!closed && (deliveries.some((d) => !d.done) || inflight.size > 0)) {
        if (inflight.size > 0) await Promise.race(inflight);
        else await new Promise<void>((resolve) => setTimeout(resolve, 10).unref());
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      aborts.abort();
      for (const res of held) res.destroy();
      held.clear();
      await Promise.allSettled([...inflight]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
