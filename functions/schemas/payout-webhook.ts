/**
 * The payment provider's settlement callback body (docs/api.md, POST /v1/payments/webhook), one definition used by the
 * webhook handler, the sandbox provider and tests. It parses into the domain's PayoutWebhook
 * (functions/domain/payout/webhook.ts). zod/mini keeps the handler bundle small.
 */
import * as z from 'zod/mini';
import { type PayoutWebhook, WEBHOOK_STATUSES } from '../domain/payout/webhook.ts';

const id = z.string().check(z.minLength(1), z.maxLength(128));

/**
 * `amount` is what the provider actually moved (minor units); it may differ from what was sent, and the settlement
 * logic flags that. Unknown fields are stripped. `reason` is an optional provider failure code.
 */
export const payoutWebhookSchema = z.object({
  providerRef: id,
  refundId: id,
  status: z.enum(WEBHOOK_STATUSES),
  amount: z.int().check(z.nonnegative()),
  at: z.iso.datetime({ offset: true }),
  reason: z.optional(z.string().check(z.maxLength(200))),
}) satisfies z.ZodMiniType<PayoutWebhook>;

export type WebhookParse = { ok: true; event: PayoutWebhook } | { ok: false; message: string };

/**
 * Parses the raw body after the signature has been verified. Bad JSON or a bad shape is the sender's error (400),
 * never an exception, so the handler maps it without try/catch.
 */
export function parsePayoutWebhook(rawBody: string): WebhookParse {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { ok: false, message: 'body is not JSON' };
  }
  const result = payoutWebhookSchema.safeParse(json);
  if (!result.success) {
    return {
      ok: false,
      message: result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
    };
  }
  return { ok: true, event: result.data };
}
