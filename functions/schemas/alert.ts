/**
 * Finance alert contracts: the stored record (parsed from DynamoDB items, never cast; items written before alerts had
 * owners still parse), the API resource, the list query of `GET /v1/finance/alerts` and the bodies of the
 * acknowledge / assign / resolve actions.
 */
import * as z from 'zod/mini';
import { ALERT_ACTIONS, ALERT_KINDS, ALERT_STATUSES } from '../domain/monitoring/index.ts';
import { pageLimit, text } from './common.ts';

/** Ids and party ids come from other records; alert ids hold `#` separators, so they are not `id()`. */
const ref = () => z.string().check(z.minLength(1), z.maxLength(512));
/** A finance user's id (a Cognito sub or a local token's sub). */
const userRef = () => z.string().check(z.minLength(1), z.maxLength(128));

export const alertHistoryEntrySchema = z.object({
  at: z.string(),
  by: z.string(),
  action: z.enum(ALERT_ACTIONS),
  note: z.optional(z.string()),
  to: z.optional(z.string()),
});

/**
 * An alert as the alert store keeps it (domain AlertRecord), as stored before alert ownership too: status CLOSED
 * (now RESOLVED) with `closedAt`, and no history or version. alertFromItem migrates those on read.
 */
export const alertRecordSchema = z.object({
  alertId: ref(),
  kind: z.enum(ALERT_KINDS),
  status: z.enum([...ALERT_STATUSES, 'CLOSED']),
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
  assignee: z.optional(z.string()),
  acknowledgedAt: z.optional(z.string()),
  resolvedAt: z.optional(z.string()),
  escalatedAt: z.optional(z.string()),
  closedAt: z.optional(z.string()),
  history: z.optional(z.array(alertHistoryEntrySchema)),
  version: z.optional(z.int().check(z.minimum(0))),
});

/** What finance sees (docs/api.md, the alert workflow contract). */
export const alertSchema = z.object({
  alertId: z.string(),
  kind: z.enum(ALERT_KINDS),
  status: z.enum(ALERT_STATUSES),
  refundId: z.optional(z.string()),
  orderId: z.optional(z.string()),
  merchantId: z.optional(z.string()),
  userId: z.optional(z.string()),
  amount: z.optional(z.int()),
  currency: z.optional(z.string()),
  since: z.string(),
  /** When this episode of the problem was first detected. */
  detectedAt: z.string(),
  /** The same as detectedAt (the stored name, kept for existing readers). */
  firstDetectedAt: z.string(),
  detail: z.string(),
  assignee: z.optional(z.string()),
  acknowledgedAt: z.optional(z.string()),
  resolvedAt: z.optional(z.string()),
  notifyCount: z.int(),
  lastNotifiedAt: z.string(),
  escalatedAt: z.optional(z.string()),
  history: z.array(alertHistoryEntrySchema),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertListQuerySchema = z.strictObject({
  status: z._default(z.enum(ALERT_STATUSES), 'OPEN'),
  assignee: z.optional(userRef()),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(pageLimit(100)),
});

export const alertListSchema = z.object({ items: z.array(alertSchema), cursor: z.optional(z.string()) });

/**
 * `{alertId}` of the action routes: URL-encoded in the path (`LATE_PAYOUT%23rf_123`), or with `~` for each `#`
 * (`LATE_PAYOUT~rf_123`), which needs no encoding: a `#` that some client or proxy decodes before routing would cut
 * the path at the fragment. Ids never contain `~` themselves (their parts are ids, kinds and dates).
 */
export const alertIdSchema = ref();

/** The alert id a path names, `~` read as `#` (see alertIdSchema). */
export const alertIdFromPath = (raw: string | undefined): string | undefined => raw?.replaceAll('~', '#');

export const acknowledgeAlertSchema = z.strictObject({ note: z.optional(text(500)) });
export const assignAlertSchema = z.strictObject({ to: userRef() });
/** The note says what was done: required, and not only blanks. */
export const resolveAlertSchema = z.strictObject({
  note: text(500).check(z.refine((s) => s.trim().length > 0, 'must say what was done')),
});
