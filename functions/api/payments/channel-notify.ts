/**
 * A payment channel's settlement notification (public routes, authenticated by the channel's own signature, not a
 * JWT): `POST /v1/payments/alipay/notify` and `POST /v1/payments/wechat/notify`. The channel's adapter
 * (adapters/payments/channels/*-notify.ts) verifies the bytes as received and says which refunds settled or failed;
 * each goes through the same settlement as the sandbox's webhook (app/settle-payout.ts: ledger, refund, buyer told),
 * recorded under the channel's name. A signature that verifies with none of the cached keys re-reads the channel's
 * secret once (rate-limited), so a key rotation needs no cold start.
 *
 * Answers: the channel's own acknowledgement once every refund in it is recorded (Alipay `success`, WeChat Pay 204);
 * otherwise the API's JSON error (401 not verified, 400 not understood: nothing recorded; 404/409 the refund is
 * unknown or has no payout yet), which both channels take as "notify again later".
 */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { DynamoLedgerStore } from '../../adapters/dynamodb/ledger-store.ts';
import { DynamoPayoutStore } from '../../adapters/dynamodb/payout-store.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import type { ChannelSecret } from '../../adapters/payments/channel-secret.ts';
import type { ChannelNotifications, ChannelReply } from '../../adapters/payments/channels/notification.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { settlePayout } from '../../app/settle-payout.ts';
import { requireEnvironmentOf } from '../../catalog.ts';
import { ConfigurationError } from '../../config.ts';
import { errorResult, type HttpEvent, type HttpResult, httpInvocation, json } from '../../http/handler.ts';
import { appendRefundId } from '../../observability/invocation.ts';
import { logger } from '../../observability/logger.ts';

const MAX_BODY_BYTES = 16 * 1024;

const answer = (reply: ChannelReply): HttpResult => ({
  statusCode: reply.status,
  ...(reply.body ? { headers: { 'content-type': reply.contentType ?? 'text/plain; charset=utf-8' } } : {}),
  body: reply.body,
});
/** Anything but the channel's acknowledgement makes it notify again; ours is the API's error shape. */
const retryLater = (status: number, code: string, message: string): HttpResult =>
  json(status, { error: { code, message } });

export interface ChannelNotifyRoute<C> {
  /** The route's function id (functions/api/routes.ts). */
  id: string;
  /** The channel's name in the ledger. */
  channel: string;
  secret: ChannelSecret<C>;
  verifier: (credentials: C) => ChannelNotifications;
}

/** `handle` for tests and the Lambda `handler`. */
export function channelNotifyRoute<C>(route: ChannelNotifyRoute<C>) {
  requireEnvironmentOf(route.id);
  const deps = wire({
    store: () => new DynamoRefundStore(),
    payouts: () => new DynamoPayoutStore(),
    ledger: () => new DynamoLedgerStore(),
    notifier: () => new SnsNotifier(),
    inbox: () => new DynamoInbox(),
    clock: wallClock,
  });

  async function handle(event: Pick<HttpEvent, 'body' | 'isBase64Encoded' | 'headers'>): Promise<HttpResult> {
    try {
      const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
      if (body.length > MAX_BODY_BYTES) return retryLater(413, 'BODY_TOO_LARGE', 'body too large');
      const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      const request = { headers, body };
      const now = deps.clock.now().getTime();
      let credentials: C;
      try {
        credentials = await route.secret.get();
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        // Nothing can be verified until the channel's credentials are in its secret; the channel notifies again.
        logger.error('payment channel not configured', { channel: route.channel, error });
        return retryLater(503, 'CHANNEL_NOT_CONFIGURED', `the ${route.channel} channel has no credentials yet`);
      }
      let notice = await route.verifier(credentials).verify(request, now);
      if (!notice.ok && notice.status === 401) {
        const fresh = await route.secret.refresh();
        if (fresh) notice = await route.verifier(fresh).verify(request, now);
      }
      if (!notice.ok) {
        logger.warn('payment channel notification refused', { channel: route.channel, reason: notice.reason });
        return notice.status === 401
          ? retryLater(401, 'BAD_SIGNATURE', 'signature missing, stale or wrong')
          : retryLater(400, 'VALIDATION_FAILED', notice.reason);
      }
      for (const settlement of notice.events) {
        appendRefundId(settlement.refundId);
        const outcome = await settlePayout(deps, route.channel, settlement);
        if (!('decision' in outcome)) {
          return outcome.result === 'UNKNOWN_REFUND'
            ? retryLater(404, 'NOT_FOUND', 'refund not found')
            : retryLater(409, 'NO_PAYOUT', 'refund has no payout');
        }
      }
      return answer(notice.reply);
    } catch (error) {
      return errorResult(error);
    }
  }

  return { handle, handler: httpInvocation<HttpEvent>(route.id, handle) };
}
