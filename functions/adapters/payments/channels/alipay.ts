/**
 * Alipay as a payment provider: refunds through the OpenAPI gateway (`alipay.trade.refund`), their state through
 * `alipay.trade.fastpay.refund.query`, on the official alipay-sdk: it signs each request RSA2 with the app's private
 * key; each answer's signature (over the raw JSON of `<method>_response`) is verified with Alipay's public key, or
 * the previous one while Alipay rotates it (VerifyingAlipaySdk below).
 *
 * Protocol:
 * - `send` → `alipay.trade.refund` with `out_trade_no` = the order id (and `trade_no` = the order's Alipay payment id
 *   when known), `refund_amount` in yuan ("129.00" for 12900 fen; CNY only), `out_request_no` = the refund id (Alipay's
 *   idempotency key within a trade). Alipay answers synchronously: `fund_change: 'Y'` means this request moved money,
 *   `'N'` that this out_request_no was already refunded (a retry: `duplicate: true`, same providerRef). The result never
 *   says `settled`: settlement comes from the asynchronous notification (alipay-notify.ts) or `status`.
 *   providerRef = `<trade_no>:<out_request_no>`, the same string the notification yields.
 * - `status` → `alipay.trade.fastpay.refund.query` (out_trade_no = order id, out_request_no = refund id, query_options
 *   `gmt_refund_pay`): `refund_status` REFUND_SUCCESS → SETTLED (amount and time); REFUND_FAIL → FAILED; a refund
 *   Alipay has (`refund_amount`) without a final status → PENDING; no refund data or ACQ.TRADE_NOT_EXIST → undefined.
 *
 * Errors (ports/payment-provider.ts names, so Step Functions retries or catches them):
 * - ProviderTimeout: no answer within `timeoutMs` (urllib's request/connect timeout) or the connection dropped after the
 *   request was sent (socket reset/closed): Alipay may have refunded, retry with the same refund id.
 * - ProviderUnavailable: HTTP status other than 200 (5xx), a connection refused, a body that is not Alipay's JSON,
 *   a response whose signature does not verify or a success without a signature (never taken as success; an
 *   unsigned *error* is mapped by its code, as Alipay's gateway signs not all of its errors), code 20000 (ISP unknown error),
 *   `ACQ.SYSTEM_ERROR` / `aop.ACQ.SYSTEM_ERROR` / `isp.*`, and throttling (`*call-limited*`, `ACQ.REQUEST_LIMIT`…).
 * - ProviderRejected: every other business error (code 40002/40004/40006…), among them
 *   `ACQ.SELLER_BALANCE_NOT_ENOUGH`, `ACQ.TRADE_NOT_EXIST`, `ACQ.REFUND_AMT_NOT_EQUAL_TOTAL` (same refund id, other
 *   amount), `ACQ.REASON_TRADE_REFUND_FEE_ERR`, `ACQ.TRADE_STATUS_ERROR`, `ACQ.REFUND_CHARGE_ERROR` (Alipay's limit of
 *   refunds per trade), `isv.invalid-signature`, `isv.invalid-app-id`; and a currency other than CNY or a bad amount.
 * alipay-sdk throws AlipayRequestError for transport failures, non-200 answers and bad signatures, and returns
 * business errors as a result whose `code` is not '10000'; both are mapped here.
 */
import { createVerify, type KeyObject } from 'node:crypto';
// Before alipay-sdk: keeps Node's own dispatcher behind the global fetch (see the module).
import './own-fetch.ts';
import type { AlipaySdk, AlipaySdkCommonResult, AlipaySdkConfig } from 'alipay-sdk';
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
import { type AlipayCredentials, alipayPublicKeys, privateKeyPem, publicKeyPem } from './alipay-credentials.ts';
import { beijingTimeToIso, fenToYuan, yuanToFen } from './alipay-notify.ts';

export { beijingTimeToIso, fenToYuan, yuanToFen } from './alipay-notify.ts';

/** Alipay's production OpenAPI gateway. */
export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';

export interface AlipayChannelOptions {
  credentials: AlipayCredentials;
  /** The OpenAPI gateway: https://openapi.alipay.com/gateway.do, the sandbox's, or the local fake's. */
  gateway: string;
  /** Sent as `notify_url` with each refund (otherwise the app's configured notification address is used). */
  notifyUrl?: string;
  /** Per request; default 5000 ms (alipay-sdk's). */
  timeoutMs?: number;
  /** Sent as `refund_reason`; default '退款'. */
  refundReason?: string;
}

const SUCCESS = '10000';
const TRANSIENT_SUB_CODES = new Set(['ACQ.SYSTEM_ERROR', 'aop.ACQ.SYSTEM_ERROR', 'ACQ.REQUEST_LIMIT']);

/** The Alipay channel adapter; see the module comment. */
export class AlipayChannel implements PaymentProvider {
  readonly name = 'alipay';
  private sdk: Promise<AlipaySdk> | undefined;
  private readonly keys: readonly KeyObject[];
  private readonly config: AlipaySdkConfig;
  private readonly notifyUrl: string | undefined;
  private readonly refundReason: string;

  constructor(options: AlipayChannelOptions) {
    this.keys = alipayPublicKeys(options.credentials);
    this.config = {
      appId: options.credentials.appId,
      privateKey: privateKeyPem(options.credentials.privateKey),
      keyType: 'PKCS8',
      alipayPublicKey: publicKeyPem(options.credentials.alipayPublicKey),
      gateway: options.gateway,
      timeout: options.timeoutMs ?? 5000,
      signType: 'RSA2',
      camelcase: false,
    };
    this.notifyUrl = options.notifyUrl;
    this.refundReason = options.refundReason ?? '退款';
  }

  /** Idempotent on refundId (`out_request_no`); see the module comment for the protocol and errors. */
  async send(request: SendPayoutRequest): Promise<SendPayoutResult> {
    if (request.currency !== 'CNY') throw new ProviderRejected(`alipay: currency ${request.currency} is not CNY`);
    if (!Number.isSafeInteger(request.amount) || request.amount <= 0) {
      throw new ProviderRejected(`alipay: bad amount ${request.amount}`);
    }
    const bizContent: Record<string, unknown> = {
      out_trade_no: request.order.orderId,
      ...(request.order.paymentRef ? { trade_no: request.order.paymentRef } : {}),
      refund_amount: fenToYuan(request.amount),
      out_request_no: request.refundId,
      refund_reason: this.refundReason,
    };
    const result = await this.call('alipay.trade.refund', {
      bizContent,
      ...(this.notifyUrl ? { notify_url: this.notifyUrl } : {}),
    });
    if (result.code !== SUCCESS) throw mapBusinessError('alipay.trade.refund', result);
    const tradeNo = stringField(result, 'trade_no');
    if (!tradeNo) throw new ProviderUnavailable('alipay: refund answer without trade_no');
    const fundChange = stringField(result, 'fund_change');
    const paidAt = stringField(result, 'gmt_refund_pay');
    return {
      providerRef: `${tradeNo}:${request.refundId}`,
      acceptedAt: (paidAt && beijingTimeToIso(paidAt)) || new Date().toISOString(),
      duplicate: fundChange === 'N',
    };
  }

  /** What Alipay knows of this refund; undefined when it has no such refund (or no such trade). */
  async status(query: PayoutQuery): Promise<ProviderPayoutStatus | undefined> {
    const method = 'alipay.trade.fastpay.refund.query';
    const result = await this.call(method, {
      bizContent: {
        out_trade_no: query.orderId,
        out_request_no: query.refundId,
        query_options: ['gmt_refund_pay'],
      },
    });
    if (result.code !== SUCCESS) {
      if (result.sub_code === 'ACQ.TRADE_NOT_EXIST') return undefined;
      throw mapBusinessError(method, result);
    }
    const refundAmount = stringField(result, 'refund_amount');
    const tradeNo = stringField(result, 'trade_no');
    if (!refundAmount || !tradeNo) return undefined;
    const amount = yuanToFen(refundAmount);
    if (amount === undefined) throw new ProviderUnavailable(`alipay: bad refund_amount ${refundAmount}`);
    const base = { refundId: query.refundId, providerRef: `${tradeNo}:${query.refundId}`, amount, provider: this.name };
    const refundStatus = stringField(result, 'refund_status');
    const paidAt = stringField(result, 'gmt_refund_pay');
    const at = paidAt ? beijingTimeToIso(paidAt) : undefined;
    if (refundStatus === 'REFUND_SUCCESS') {
      return { ...base, state: 'SETTLED', settledAmount: amount, at: at ?? new Date().toISOString() };
    }
    if (refundStatus === 'REFUND_FAIL') return { ...base, state: 'FAILED', ...(at ? { at } : {}) };
    return { ...base, state: 'PENDING' };
  }

  /** One gateway call, signed, with the response signature verified; transport failures mapped to named errors. */
  private async call(method: string, params: Record<string, unknown>): Promise<AlipaySdkCommonResult> {
    this.sdk ??= verifyingSdk(this.keys, this.config);
    const sdk = await this.sdk;
    try {
      return await sdk.exec(method, params, { validateSign: true });
    } catch (error) {
      throw mapTransportError(method, error);
    }
  }
}

/**
 * alipay-sdk is evaluated on the first call, not when the function starts, so a cold start pays for it only when a
 * refund is paid through Alipay. Its HTTP client, urllib, is replaced by ./urllib-fetch.ts in the deployed bundle
 * (infra/constructs/bundle-aliases.ts).
 */
let sdkModule: Promise<typeof import('alipay-sdk')> | undefined;

/**
 * alipay-sdk with its response check replaced (the SDK calls `this.checkResponseSign` when `validateSign` is set):
 * the same content (the SDK's getSignStr: the raw JSON of `<method>_response`), verified RSA2 against Alipay's current
 * and previous public keys (rotation), and an answer without `sign` accepted only when it is an error (code ≠ 10000;
 * Alipay's gateway leaves some of its errors unsigned), so it maps to its error by code; an unsigned success is never
 * believed. The SDK's own check throws a TypeError on a missing sign and knows one key.
 */
async function verifyingSdk(keys: readonly KeyObject[], config: AlipaySdkConfig): Promise<AlipaySdk> {
  sdkModule ??= import('alipay-sdk');
  const { AlipaySdk, AlipayRequestError } = await sdkModule;
  class VerifyingAlipaySdk extends AlipaySdk {
    override checkResponseSign(responseDataRaw: string, responseKey: string, serverSign: string, traceId: string) {
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(responseDataRaw) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      const key = json && !(responseKey in json) && 'error_response' in json ? 'error_response' : responseKey;
      if (!serverSign) {
        const inner = json?.[key];
        const code = typeof inner === 'object' && inner !== null ? (inner as { code?: unknown }).code : undefined;
        if (code !== undefined && code !== SUCCESS) return;
        throw new AlipayRequestError('unsigned answer from Alipay', { traceId, responseDataRaw });
      }
      const content = this.getSignStr(responseDataRaw, key);
      const ok = keys.some((k) => createVerify('RSA-SHA256').update(content, 'utf8').verify(k, serverSign, 'base64'));
      if (!ok) throw new AlipayRequestError('response signature does not verify', { traceId, responseDataRaw });
    }
  }
  return new VerifyingAlipaySdk(config);
}

function stringField(result: AlipaySdkCommonResult, key: string): string | undefined {
  const value: unknown = result[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A business answer (code ≠ 10000) as a named error. */
export function mapBusinessError(method: string, result: { code?: unknown; sub_code?: unknown; sub_msg?: unknown }) {
  const code = String(result.code ?? '');
  const subCode = typeof result.sub_code === 'string' ? result.sub_code : '';
  const message = `alipay ${method}: ${code} ${subCode}${typeof result.sub_msg === 'string' ? ` (${result.sub_msg})` : ''}`;
  if (code === '20000' || TRANSIENT_SUB_CODES.has(subCode) || subCode.startsWith('isp.') || /limit/i.test(subCode)) {
    // ACQ.REFUND_CHARGE_ERROR is the per-trade refund limit, a rejection; only throttling codes say "limit".
    return new ProviderUnavailable(message);
  }
  return new ProviderRejected(message);
}

const TIMEOUT_NAMES = new Set(['HttpClientRequestTimeoutError', 'HttpClientConnectTimeoutError']);
const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_ABORTED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/** Walks `cause` links: urllib wraps undici's error, alipay-sdk wraps urllib's. */
function causes(error: unknown): { name?: unknown; code?: unknown }[] {
  const chain: { name?: unknown; code?: unknown }[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && chain.length < 6) {
    chain.push(current as { name?: unknown; code?: unknown });
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** alipay-sdk's thrown errors (transport, HTTP status, format, signature) as named errors. */
export function mapTransportError(method: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const chain = causes(error);
  const isTimeout = chain.some(
    (e) =>
      (typeof e.name === 'string' && (TIMEOUT_NAMES.has(e.name) || e.name === 'AbortError')) ||
      (typeof e.code === 'string' && TIMEOUT_CODES.has(e.code)),
  );
  if (isTimeout) return new ProviderTimeout(`alipay ${method}: no answer (${message})`);
  // The SDK's AlipayRequestError (a non-200 status, a body that is not Alipay's JSON, a signature that does not
  // verify, a connection refused) or anything else it threw: nothing to rely on, so retry with the same refund id.
  return new ProviderUnavailable(`alipay ${method}: ${message.slice(0, 300)}`);
}
