/**
 * Finance alert contracts: the stored record (parsed from DynamoDB items, never cast), the API resource and the
 * list query of `GET /v1/finance/alerts`.
 */
import * as z from 'zod/mini';
import { ALERT_KINDS, ALERT_STATUSES } from '../domain/monitoring/index.ts';
import { pageLimit } from './common.ts';

/** Ids and party ids come from other records; alert ids hold `#` separators, so they are not `id()`. */
const ref = () => z.string().check(z.minLength(1), z.maxLength(512));

/** An alert as the alert store keeps it (domain AlertRecord). */
export const alertRecordSchema = z.object({
  alertId: ref(),
  kind: z.enum(ALERT_KINDS),
  status: z.enum(ALERT_STATUSES),
  refundId: z.optional(ref()),
  orderId: z.optional(ref()),
  merchantId: z.optional(ref()),
  userId: z.optional(ref()),
  amount: z.optional(z.int()),
  currency: z.optional(z.string()),
  since: z.string(),
  detail: z.string(),
  firstDetectedAt: z.string(),
  lastNotifiedAt: z.string(),
  notifyCount: z.int().check(z.minimum(0)),
  closedAt: z.optional(z.string()),
});

/** What finance sees: the record with `detectedAt` (docs/api.md) for when this episode was first detected. */
export const alertSchema = z.extend(alertRecordSchema, { detectedAt: z.string() });
export type Alert = z.infer<typeof alertSchema>;

export const alertListQuerySchema = z.strictObject({
  status: z._default(z.enum(ALERT_STATUSES), 'OPEN'),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(pageLimit(100)),
});

export const alertListSchema = z.object({ items: z.array(alertSchema), cursor: z.optional(z.string()) });
