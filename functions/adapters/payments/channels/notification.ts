/**
 * What every payment channel's settlement notification adapter does (Alipay's asynchronous notification, WeChat Pay's
 * refund notification): check the channel's signature over the request exactly as received, decode it, and say which
 * refunds settled or failed, in the shape the settlement reads (domain/payout/webhook.ts). The route that receives it
 * (functions/api/payments/channel-notify.ts) runs the same settlement as the sandbox's webhook, then answers what
 * the channel wants to hear (`reply`), or a refusal the channel will retry.
 */
import type { PayoutWebhook } from '../../../domain/payout/webhook.ts';

/** A channel's notification as the API received it: header names lower-case, the body as the bytes sent. */
export interface ChannelRequest {
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

/** What to answer the channel: Alipay wants the text `success`, WeChat Pay 200 with no body or a JSON error. */
export interface ChannelReply {
  status: number;
  contentType?: string;
  body: string;
}

export type ChannelNotice =
  /** Verified. `events` may be empty (a notification that is not about a refund): acknowledge it and change nothing. */
  | { ok: true; events: PayoutWebhook[]; reply: ChannelReply }
  /** Not verified (401) or not understood (400): nothing is recorded, the channel is told to try again. */
  | { ok: false; status: 400 | 401; reason: string; reply: ChannelReply };

export interface ChannelNotifications {
  /** The channel's name as the ledger writes it ('alipay', 'wechat'). */
  readonly channel: string;
  verify(request: ChannelRequest, nowMs: number): Promise<ChannelNotice>;
}
