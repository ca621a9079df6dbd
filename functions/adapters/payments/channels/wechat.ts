/**
 * WeChat Pay refunds (API v3, 申请退款 / 查询单笔退款) as a PaymentProvider ('wechat').
 *
 * No SDK: `wechatpay-node-v3` hard-codes https://api.mch.weixin.qq.com and downloads platform certificates from the
 * internet, so it could not talk to the local fake (local/channels/wechat-fake.ts) or run without internet in tests.
 * This module implements the documented API v3 scheme with node:crypto and the global fetch:
 *
 * - **Requests** carry `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",
 *   timestamp="…",serial_no="…"`, the signature being base64 SHA256-with-RSA (merchant private key) over
 *   `METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\nBODY\n` (BODY empty for GET).
 * - **Answers** (2xx) must carry WeChat Pay's signature (channels/wechat-credentials.ts `verifyWechatSignature`); an
 *   answer that does not verify is ProviderUnavailable (retry: the refund id makes the retry safe). Error answers are
 *   mapped by HTTP status and `code` without requiring a signature (WeChat Pay does not sign every error, e.g. a
 *   SIGN_ERROR), which at worst turns a forged error into a failed attempt that finance retries.
 *
 * `send`: POST /v3/refund/domestic/refunds with `out_refund_no` = refundId (the idempotency key), `transaction_id`
 * (the order's paymentRef) or else `out_trade_no` (the orderId), `amount { refund, total: order.paidAmount, currency:
 * 'CNY' }` in fen (our minor units: no conversion), `notify_url` when configured (else the merchant platform's).
 * SUCCESS or PROCESSING is accepted, `providerRef` = WeChat's `refund_id`; never `settled` (settlement is
 * asynchronous: the REFUND.* notification, channels/wechat-notify.ts, or `status`). CLOSED or ABNORMAL in the answer
 * means WeChat Pay returned an earlier attempt that already failed and started nothing: ProviderRejected (handle it in
 * the merchant platform).
 *
 * Duplicates: WeChat Pay answers a repeated `out_refund_no` with the same parameters with the refund it already has,
 * and says nothing more. So `duplicate` is inferred from times on WeChat Pay's own clock: the refund's `create_time`
 * is earlier than the start of this call, i.e. than the signed `Wechatpay-Timestamp` of the answer minus the call's
 * duration and one second of rounding (both are whole seconds). A retry within about two seconds of the first
 * acceptance is therefore reported `duplicate: false`; that is harmless, since it carries the same providerRef (the
 * same SENT ledger id) and WeChat Pay moved no money twice.
 *
 * `status`: GET /v3/refund/domestic/refunds/{out_refund_no}: SUCCESS → SETTLED (amount.payer_refund, else refund;
 * success_time), PROCESSING → PENDING, CLOSED/ABNORMAL → FAILED, 404 RESOURCE_NOT_EXISTS → undefined.
 *
 * Errors (by name, ports/payment-provider.ts):
 * - ProviderTimeout: no answer within `timeoutMs` (default 10 s), or the connection lost after sending (the refund
 *   may have been accepted: retry with the same refundId).
 * - ProviderUnavailable: connection refused, 5xx, 429, SYSTEM_ERROR, FREQUENCY_LIMITED, and a 2xx answer that does not
 *   verify or parse (which WeChat Pay may have acted on; the retry is safe all the same).
 * - ProviderRejected: NOT_ENOUGH (merchant funds), PARAM_ERROR, INVALID_REQUEST (e.g. the same out_refund_no with
 *   another amount, or more than the order's refundable amount), USER_ACCOUNT_ABNORMAL, SIGN_ERROR, NO_AUTH,
 *   RESOURCE_NOT_EXISTS on create, any other 4xx (a bare 404 from a proxy too), a currency other than CNY (checked
 *   before calling), and an answer showing the refund CLOSED/ABNORMAL.
 */
import { randomBytes, sign } from 'node:crypto';
import {
  type PaymentProvider,
  type PayoutQuery,
  type ProviderPayoutStatus,
  ProviderRejected,
  ProviderTimeout,
  ProviderUnavailable,
  type SendPayoutRequest,
  type SendPayoutResult,
} from '../../../ports/payment-provider.ts';
import {
  loadPlatformKeys,
  verifyWechatSignature,
  type WechatPayCredentials,
  type WechatPlatformKeys,
  wechatSignatureHeaders,
  wechatTimeToIso,
} from './wechat-credentials.ts';

export type { WechatPayCredentials } from './wechat-credentials.ts';

/** WeChat Pay's production API. */
export const WECHAT_PAY_API = 'https://api.mch.weixin.qq.com';
export const WECHAT_REFUNDS_PATH = '/v3/refund/domestic/refunds';
const DEFAULT_TIMEOUT_MS = 10_000;

export interface WechatPayChannelOptions {
  credentials: WechatPayCredentials;
  /** https://api.mch.weixin.qq.com, or the local fake's URL. */
  baseUrl: string;
  /** Where WeChat Pay posts refund notifications; without it, the URL set in the merchant platform. */
  notifyUrl?: string;
  /** How long to wait for an answer before ProviderTimeout. */
  timeoutMs?: number;
  /** Our clock, ms since epoch (tests). */
  now?: () => number;
}

/** A refund as WeChat Pay answers it (the fields we read). */
interface WechatRefund {
  refund_id: string;
  out_refund_no: string;
  status: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';
  create_time: string;
  success_time?: string;
  amount: { refund: number; payer_refund?: number };
}

const REFUND_STATUSES = new Set(['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL']);

function isWechatRefund(value: unknown): value is WechatRefund {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const amount = v.amount as Record<string, unknown> | undefined;
  return (
    typeof v.refund_id === 'string' &&
    v.refund_id.length > 0 &&
    typeof v.out_refund_no === 'string' &&
    typeof v.status === 'string' &&
    REFUND_STATUSES.has(v.status) &&
    typeof v.create_time === 'string' &&
    Number.isFinite(Date.parse(v.create_time)) &&
    (v.success_time === undefined || typeof v.success_time === 'string') &&
    typeof amount === 'object' &&
    amount !== null &&
    Number.isSafeInteger(amount.refund) &&
    (amount.payer_refund === undefined || Number.isSafeInteger(amount.payer_refund))
  );
}

/** Codes that say "not now" rather than "no". */
const TRANSIENT_CODES = new Set(['SYSTEM_ERROR', 'FREQUENCY_LIMITED']);

interface Answer {
  status: number;
  body: string;
  /** Set when the answer is 2xx and its signature verified. */
  json?: unknown;
  /** WeChat Pay's signed clock at the answer, seconds. */
  timestampSec?: number;
  code?: string;
  message?: string;
}

/** The WeChat Pay refund channel; see the module comment. */
export class WechatPayChannel implements PaymentProvider {
  readonly name = 'wechat';
  private readonly credentials: WechatPayCredentials;
  private readonly baseUrl: string;
  private readonly notifyUrl: string | undefined;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly platformKeys: WechatPlatformKeys;

  constructor(options: WechatPayChannelOptions) {
    this.credentials = options.credentials;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.notifyUrl = options.notifyUrl;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
    this.platformKeys = loadPlatformKeys(options.credentials.platformKeys);
  }

  /** 申请退款; idempotent on refundId (out_refund_no). */
  async send(req: SendPayoutRequest): Promise<SendPayoutResult> {
    if (req.currency !== 'CNY') throw new ProviderRejected(`wechat: refunds are in CNY only, not ${req.currency}`);
    if (!Number.isSafeInteger(req.amount) || req.amount <= 0) {
      throw new ProviderRejected(`wechat: bad amount ${req.amount}`);
    }
    const body = JSON.stringify({
      out_refund_no: req.refundId,
      ...(req.order.paymentRef ? { transaction_id: req.order.paymentRef } : { out_trade_no: req.order.orderId }),
      ...(this.notifyUrl ? { notify_url: this.notifyUrl } : {}),
      amount: { refund: req.amount, total: req.order.paidAmount, currency: 'CNY' },
    });
    const startedMs = this.now();
    const answer = await this.call('POST', WECHAT_REFUNDS_PATH, body);
    if (answer.json === undefined) throw this.errorFor(answer, 'create');
    const refund = answer.json;
    if (!isWechatRefund(refund) || refund.out_refund_no !== req.refundId) {
      throw new ProviderUnavailable(`wechat: unexpected refund answer for ${req.refundId}`);
    }
    if (refund.status === 'CLOSED' || refund.status === 'ABNORMAL') {
      throw new ProviderRejected(
        `wechat: refund ${req.refundId} (${refund.refund_id}) is ${refund.status} at WeChat Pay; handle it in the merchant platform`,
      );
    }
    if (refund.amount.refund !== req.amount) {
      throw new ProviderRejected(`wechat: refund ${req.refundId} exists with amount ${refund.amount.refund}`);
    }
    const elapsedSec = Math.ceil(Math.max(0, this.now() - startedMs) / 1000);
    const createdSec = Math.floor(Date.parse(refund.create_time) / 1000);
    const duplicate = answer.timestampSec !== undefined && createdSec < answer.timestampSec - elapsedSec - 1;
    return {
      providerRef: refund.refund_id,
      acceptedAt: wechatTimeToIso(refund.create_time) ?? new Date(startedMs).toISOString(),
      duplicate,
    };
  }

  /** 查询单笔退款: the refund's current state, or undefined when WeChat Pay has none with this out_refund_no. */
  async status(query: PayoutQuery): Promise<ProviderPayoutStatus | undefined> {
    const answer = await this.call('GET', `${WECHAT_REFUNDS_PATH}/${encodeURIComponent(query.refundId)}`, '');
    if (answer.json === undefined) {
      // Only WeChat Pay's own "no such refund": a proxy's bare 404 must not read as "never accepted".
      if (answer.status === 404 && answer.code === 'RESOURCE_NOT_EXISTS') return undefined;
      throw this.errorFor(answer, 'query');
    }
    const refund = answer.json;
    if (!isWechatRefund(refund) || refund.out_refund_no !== query.refundId) {
      throw new ProviderUnavailable(`wechat: unexpected refund answer for ${query.refundId}`);
    }
    const base = { refundId: query.refundId, providerRef: refund.refund_id, amount: refund.amount.refund };
    switch (refund.status) {
      case 'PROCESSING':
        return { ...base, state: 'PENDING' };
      case 'SUCCESS': {
        const at = refund.success_time ? wechatTimeToIso(refund.success_time) : undefined;
        return {
          ...base,
          state: 'SETTLED',
          settledAmount: refund.amount.payer_refund ?? refund.amount.refund,
          ...(at ? { at } : {}),
        };
      }
      default:
        return { ...base, state: 'FAILED' };
    }
  }

  private async call(method: 'GET' | 'POST', path: string, body: string): Promise<Answer> {
    const timestampSec = Math.floor(this.now() / 1000);
    const nonce = randomBytes(16).toString('hex').toUpperCase();
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'refund-pipeline/wechatpay-apiv3',
      authorization: wechatAuthorization(this.credentials, { method, pathWithQuery: path, body, timestampSec, nonce }),
    };
    // Which WeChat Pay key we expect answers to be signed with (needed by the public key mode).
    const preferred = this.credentials.platformKeys[0]?.id;
    if (preferred) headers['wechatpay-serial'] = preferred;
    if (method === 'POST') headers['content-type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(method === 'POST' ? { body } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (error) {
      throw transportError(error, `${method} ${path}`);
    }
    const answer: Answer = { status: res.status, body: text };
    if (res.status >= 200 && res.status < 300) {
      const verdict = verifyWechatSignature(
        this.platformKeys,
        wechatSignatureHeaders((name) => res.headers.get(name)),
        text,
        this.now(),
      );
      if (!verdict.ok)
        throw new ProviderUnavailable(`wechat: answer to ${method} ${path} not verified: ${verdict.reason}`);
      try {
        answer.json = JSON.parse(text);
      } catch {
        throw new ProviderUnavailable(`wechat: answer to ${method} ${path} is not JSON`);
      }
      answer.timestampSec = verdict.timestampSec;
      return answer;
    }
    try {
      const error = JSON.parse(text) as { code?: unknown; message?: unknown };
      if (typeof error.code === 'string') answer.code = error.code;
      if (typeof error.message === 'string') answer.message = error.message;
    } catch {
      // A proxy's HTML error page: the HTTP status decides.
    }
    return answer;
  }

  private errorFor(answer: Answer, what: 'create' | 'query'): Error {
    const detail = `wechat: ${what} answered ${answer.status} ${answer.code ?? ''} ${answer.message ?? ''}`.trim();
    if (answer.status >= 500 || answer.status === 429 || (answer.code && TRANSIENT_CODES.has(answer.code))) {
      return new ProviderUnavailable(detail);
    }
    if (answer.status >= 400) return new ProviderRejected(detail);
    // 1xx/3xx: nothing a refund API answers; treat as not accepted.
    return new ProviderUnavailable(detail);
  }
}

/** The `Authorization` header of one request (see the module comment). */
export function wechatAuthorization(
  credentials: Pick<WechatPayCredentials, 'mchid' | 'merchantSerialNo' | 'privateKey'>,
  request: { method: string; pathWithQuery: string; body: string; timestampSec: number; nonce: string },
): string {
  const { method, pathWithQuery, body, timestampSec, nonce } = request;
  const message = `${method}\n${pathWithQuery}\n${timestampSec}\n${nonce}\n${body}\n`;
  const signature = sign('sha256', Buffer.from(message, 'utf8'), credentials.privateKey).toString('base64');
  return (
    `WECHATPAY2-SHA256-RSA2048 mchid="${credentials.mchid}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${timestampSec}",serial_no="${credentials.merchantSerialNo}"`
  );
}

/** fetch failures: a refused connection sent nothing; anything else (timeout, reset) may have been accepted. */
function transportError(error: unknown, what: string): Error {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderTimeout(`wechat: no answer to ${what} in time`);
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') {
    return new ProviderUnavailable(`wechat: cannot connect for ${what} (${String(cause.code)})`);
  }
  return new ProviderTimeout(`wechat: connection lost during ${what}: ${error instanceof Error ? error.message : ''}`);
}
