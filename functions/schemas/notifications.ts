/** Contracts of the message centre (app/message-centre.ts): the list query, a message, a page and the read answer. */
import * as z from 'zod/mini';
import { INBOX_ID } from '../domain/notifications/inbox.ts';
import { isoTime, pageLimit } from './common.ts';

export const notificationIdSchema = z.string().check(z.regex(INBOX_ID, 'not a notification id'));

export const notificationListQuerySchema = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z.optional(pageLimit(100)),
});

export const notificationSchema = z.object({
  id: z.string(),
  at: isoTime(),
  refundId: z.optional(z.string()),
  /** How it went out besides the message centre: SMS or PUSH to buyers, CONSOLE (and the merchant topic) to merchants. */
  channel: z.enum(['SMS', 'PUSH', 'CONSOLE']),
  title: z.string(),
  body: z.string(),
  read: z.boolean(),
});

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  cursor: z.optional(z.string()),
});

export const notificationReadSchema = z.object({ id: z.string(), read: z.literal(true) });
