/**
 * Delivers sandbox webhooks over HTTP, as a real provider does: POST the raw body with the signature header. Used in
 * local mode with the gateway's /v1/payments/webhook; any non-2xx makes the sandbox redeliver with backoff.
 */
import { SIGNATURE_HEADER } from '../../domain/payout/signature.ts';
import type { WebhookDelivery } from './webhook-queue.ts';

/** A delivery function posting to `url` (e.g. http://127.0.0.1:3000/v1/payments/webhook). */
export function httpWebhookDelivery(url: string, fetchImpl: typeof fetch = fetch): WebhookDelivery {
  return async (rawBody, signatureHeader) => {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signatureHeader },
      body: rawBody,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  };
}
