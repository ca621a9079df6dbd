/**
 * A payment provider's settlement callback as settlement reads it. The wire contract that parses the raw body into
 * this shape is functions/schemas/payout-webhook.ts (docs/api.md, POST /v1/payments/webhook).
 */
import type { IsoTime } from '../vocabulary.ts';

/** Outcomes a provider reports. Only these two are final; anything else is not a settlement callback. */
export const WEBHOOK_STATUSES = ['SETTLED', 'FAILED'] as const;

export interface PayoutWebhook {
  providerRef: string;
  refundId: string;
  status: (typeof WEBHOOK_STATUSES)[number];
  /** What the provider actually moved (minor units); it may differ from what was sent, and settlement flags that. */
  amount: number;
  at: IsoTime;
  /** An optional provider failure code. */
  reason?: string;
}
