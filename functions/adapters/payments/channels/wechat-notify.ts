/**
 * WeChat Pay's refund notification (退款结果通知, API v3) as a ChannelNotifications adapter ('wechat').
 *
 * WeChat Pay POSTs JSON `{ id, create_time, event_type, resource_type: 'encrypt-resource', summary, resource:
 * { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data, nonce, original_type: 'refund' } }` to the refund's
 * notify_url, signed like its API answers (channels/wechat-credentials.ts): `Wechatpay-Timestamp/-Nonce/-Signature/
 * -Serial` over `TIMESTAMP\nNONCE\nBODY\n`, the body exactly as received. Steps:
 *
 * 1. Body over 16 KiB → 400. Signature missing, not verifying, unknown serial, timestamp more than 5 minutes off → 401.
 * 2. Not JSON / wrong shape → 400. An event type other than REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED (e.g. a
 *    payment's TRANSACTION.SUCCESS on the same URL) → acknowledged, no events.
 * 3. `resource` decrypted with the API v3 key, else `previousApiV3Key` (a key change in progress); neither → 400
 *    (WeChat Pay retries; fix the key). A refund of another merchant id → 400.
 * 4. REFUND.SUCCESS → SETTLED with amount.payer_refund (what reached the buyer; refund when absent) and success_time;
 *    REFUND.ABNORMAL / REFUND.CLOSED → FAILED with amount.refund, reason REFUND_ABNORMAL / REFUND_CLOSED, at the
 *    notification's create_time. providerRef = refund_id, refundId = out_refund_no. Amounts are fen already.
 *
 * Handled: 204 with no body (WeChat Pay wants 200 or 204). Refused: 401/400 with `{"code":"FAIL","message":"…"}`,
 * which WeChat Pay retries (15 times over about a day).
 */
import * as z from 'zod/mini';
import type { PayoutWebhook } from '../../../domain/payout/webhook.ts';
import type { ChannelNotice, ChannelNotifications, ChannelReply, ChannelRequest } from './notification.ts';
import {
  decryptWechatResource,
  loadPlatformKeys,
  verifyWechatSignature,
  type WechatPayCredentials,
  type WechatPlatformKeys,
  wechatSignatureHeaders,
  wechatTimeToIso,
} from './wechat-credentials.ts';

/** The largest notification accepted (a refund notification is about 1 KiB). */
export const WECHAT_NOTIFY_MAX_BYTES = 16 * 1024;

const REFUND_EVENTS = {
  'REFUND.SUCCESS': 'SETTLED',
  'REFUND.ABNORMAL': 'FAILED',
  'REFUND.CLOSED': 'FAILED',
} as const;

const envelopeSchema = z.object({
  id: z.string(),
  create_time: z.string(),
  event_type: z.string(),
  resource: z.optional(
    z.object({
      algorithm: z.string(),
      ciphertext: z.string(),
      nonce: z.string(),
      associated_data: z.optional(z.string()),
    }),
  ),
});

const fen = () => z.int().check(z.minimum(0));

const refundResourceSchema = z.object({
  mchid: z.string(),
  out_refund_no: z.string().check(z.minLength(1), z.maxLength(128)),
  refund_id: z.string().check(z.minLength(1), z.maxLength(128)),
  refund_status: z.string(),
  success_time: z.optional(z.string()),
  amount: z.object({ refund: fen(), payer_refund: z.optional(fen()) }),
});

const HANDLED: ChannelReply = { status: 204, body: '' };

function refuse(status: 400 | 401, reason: string): ChannelNotice {
  return {
    ok: false,
    status,
    reason,
    reply: { status, contentType: 'application/json', body: JSON.stringify({ code: 'FAIL', message: reason }) },
  };
}

export interface WechatPayNotificationsOptions {
  credentials: WechatPayCredentials;
}

/** Verifies and decodes WeChat Pay refund notifications; see the module comment. */
export class WechatPayNotifications implements ChannelNotifications {
  readonly channel = 'wechat';
  private readonly platformKeys: WechatPlatformKeys;
  private readonly apiV3Keys: readonly string[];
  private readonly mchid: string;

  constructor(options: WechatPayNotificationsOptions) {
    const { credentials } = options;
    this.platformKeys = loadPlatformKeys(credentials.platformKeys);
    this.apiV3Keys = [credentials.apiV3Key, ...(credentials.previousApiV3Key ? [credentials.previousApiV3Key] : [])];
    this.mchid = credentials.mchid;
  }

  async verify(request: ChannelRequest, nowMs: number): Promise<ChannelNotice> {
    if (request.body.length > WECHAT_NOTIFY_MAX_BYTES) return refuse(400, 'notification body too large');
    const verdict = verifyWechatSignature(
      this.platformKeys,
      wechatSignatureHeaders((name) => request.headers[name]),
      request.body,
      nowMs,
    );
    if (!verdict.ok) return refuse(401, verdict.reason);

    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.body));
    } catch {
      return refuse(400, 'notification body is not JSON');
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) return refuse(400, 'notification is not a WeChat Pay event');
    const { event_type: eventType, resource, create_time: createTime } = envelope.data;
    if (!Object.hasOwn(REFUND_EVENTS, eventType)) return { ok: true, events: [], reply: HANDLED };
    const status = REFUND_EVENTS[eventType as keyof typeof REFUND_EVENTS];
    if (!resource) return refuse(400, 'refund notification without resource');

    const plaintext = decryptWechatResource(resource, this.apiV3Keys);
    if (plaintext === undefined) return refuse(400, 'resource does not decrypt with the API v3 key');
    let decoded: unknown;
    try {
      decoded = JSON.parse(plaintext);
    } catch {
      return refuse(400, 'resource is not JSON');
    }
    const refund = refundResourceSchema.safeParse(decoded);
    if (!refund.success) return refuse(400, 'resource is not a refund');
    const r = refund.data;
    if (r.mchid !== this.mchid) return refuse(400, `refund of another merchant (${r.mchid.slice(0, 32)})`);

    const at = wechatTimeToIso((status === 'SETTLED' ? r.success_time : undefined) ?? createTime);
    if (!at) return refuse(400, 'notification has no valid time');
    const event: PayoutWebhook = {
      providerRef: r.refund_id,
      refundId: r.out_refund_no,
      status,
      amount: status === 'SETTLED' ? (r.amount.payer_refund ?? r.amount.refund) : r.amount.refund,
      at,
      ...(status === 'FAILED' ? { reason: eventType === 'REFUND.CLOSED' ? 'REFUND_CLOSED' : 'REFUND_ABNORMAL' } : {}),
    };
    return { ok: true, events: [event], reply: HANDLED };
  }
}
