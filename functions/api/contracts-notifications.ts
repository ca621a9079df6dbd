/**
 * Contracts of the message centre (GET /v1/notifications, POST /v1/notifications/{id}/read, docs/api.md "Message
 * centre"). Same shape as ./contracts.ts, which merges them in.
 */
import * as z from 'zod/mini';
import { errorSchema } from '../schemas/common.ts';
import {
  notificationIdSchema,
  notificationListQuerySchema,
  notificationListSchema,
  notificationReadSchema,
} from '../schemas/notifications.ts';
import type { Contract } from './contract.ts';

const err = (description: string) => ({ description, schema: errorSchema });
const common = {
  400: err('Bad input (VALIDATION_FAILED); nothing was written'),
  401: err('Missing or bad bearer token'),
  403: err('The role may not call this route, or a merchant token without merchant_id'),
};

export const NOTIFICATION_CONTRACTS: Record<string, Contract> = {
  ListNotifications: {
    summary: "The caller's message centre (站内信): every notification sent to them, newest first",
    headers: {
      'accept-language': { schema: z.string(), required: false, description: 'zh-CN (default) or en texts' },
    },
    query: notificationListQuerySchema,
    responses: {
      200: { description: 'A page; pass `cursor` back for the next', schema: notificationListSchema },
      ...common,
    },
  },
  ReadNotification: {
    summary: 'Mark one of the caller’s notifications read (idempotent)',
    params: { id: notificationIdSchema },
    responses: {
      200: { description: 'Read (also when it already was)', schema: notificationReadSchema },
      ...common,
      404: err("Unknown, or not the caller's (never revealed)"),
    },
  },
};
