/**
 * `POST /v1/payments/webhook` (public: authenticated by its HMAC signature, not a JWT). The signature is checked
 * over the RAW body BYTES as received (base64-decoded when API Gateway says so, never a decoded string), before
 * anything is parsed or read: a bad one is 401 and nothing is recorded. A signature that matches no cached secret
 * re-reads the secret once (rate-limited, adapters/payments/webhook-secret.ts), so a rotation needs no cold start.
 * The shared httpHandler is not used because it JSON-decodes the body first. What a verified callback changes is
 * app/settle-payout.ts.
 */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { DynamoLedgerStore } from '../../adapters/dynamodb/ledger-store.ts';
import { DynamoPayoutStore } from '../../adapters/dynamodb/payout-store.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { checkWithWebhookSecrets } from '../../adapters/payments/webhook-secret.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { settlePayout } from '../../app/settle-payout.ts';
import { requireEnvironmentOf } from '../../catalog.ts';
import { SIGNATURE_HEADER, verifyWebhook } from '../../domain/payout/signature.ts';
import { errorResult, type HttpEvent, type HttpResult, httpInvocation, json } from '../../http/handler.ts';
import { appendRefundId } from '../../observability/invocation.ts';
import { logger } from '../../observability/logger.ts';
import { parsePayoutWebhook } from '../../schemas/payout-webhook.ts';

requireEnvironmentOf('PaymentWebhook');

const deps = wire({
  store: () => new DynamoRefundStore(),
  payouts: () => new DynamoPayoutStore(),
  ledger: () => new DynamoLedgerStore(),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
});
/** This route is the sandbox stand-in's callback (docs/payouts.md); real channels have their own routes. */
const provider = 'sandbox';

const MAX_BODY_BYTES = 16 * 1024;
const fail = (status: number, code: string, message: string) => json(status, { error: { code, message } });

function utf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Tests and the bulk run call it in process with a payload-2.0 event. */
export async function handleWebhook(
  event: Pick<HttpEvent, 'body' | 'isBase64Encoded' | 'headers'>,
): Promise<HttpResult> {
  try {
    const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    if (bytes.length > MAX_BODY_BYTES) return fail(413, 'BODY_TOO_LARGE', 'body too large');
    const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
    const header = event.headers?.[SIGNATURE_HEADER];
    const check = await checkWithWebhookSecrets((secrets) => verifyWebhook(bytes, header, secrets, { nowSeconds }));
    if (!check.ok) {
      logger.warn('payment webhook refused', { reason: check.reason });
      return fail(401, 'BAD_SIGNATURE', 'signature missing, stale or wrong');
    }
    // Only a verified body is decoded, strictly: bytes that are not UTF-8 are a bad request, not U+FFFD.
    const raw = utf8(bytes);
    if (raw === undefined) return fail(400, 'VALIDATION_FAILED', 'body is not UTF-8');
    const parsed = parsePayoutWebhook(raw);
    if (!parsed.ok) return fail(400, 'VALIDATION_FAILED', parsed.message);
    appendRefundId(parsed.event.refundId);
    const outcome = await settlePayout(deps, provider, parsed.event);
    // Unknown refund or no payout yet: not 2xx, so the provider redelivers later (and nothing was recorded).
    if (!('decision' in outcome)) {
      return outcome.result === 'UNKNOWN_REFUND'
        ? fail(404, 'NOT_FOUND', 'refund not found')
        : fail(409, 'NO_PAYOUT', 'refund has no payout');
    }
    return json(200, { received: true, result: outcome.result, action: outcome.decision.action });
  } catch (error) {
    return errorResult(error);
  }
}

/**
 * The Lambda handler: only the invocation step of the HTTP wrapper (logger with the correlation id, trace, metrics,
 * `x-correlation-id` answered), none of its body decoding (see functions/http/handler.ts for why there is no middy).
 */
export const handler = httpInvocation<HttpEvent>('PaymentWebhook', handleWebhook);
