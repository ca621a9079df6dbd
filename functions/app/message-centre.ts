/**
 * The caller's message centre (站内信): every notification sent to them, newest first, rendered in their language
 * (buyers by user id, merchants by merchant id), and marking one read. Someone else's message is 404, like an unknown
 * one.
 */
import type { Actor } from '../domain/actor.ts';
import { NotFound } from '../domain/errors.ts';
import type { Audience } from '../domain/notifications/catalogue.ts';
import { type InboxMessage, inboxMessage } from '../domain/notifications/inbox.ts';
import type { Locale } from '../domain/status-labels.ts';
import type { Ports } from '../ports/index.ts';
import type { Page } from '../ports/refund-store.ts';
import { merchantIdOf } from './access.ts';

export type MessageCentreDeps = Pick<Ports, 'inbox'>;

/** Whose inbox the caller reads: a buyer's own, or the merchant's it acts for (403 for a token without one). */
function inboxOf(actor: Actor): { audience: Audience; recipientId: string } {
  if (actor.role === 'buyer') return { audience: 'buyer', recipientId: actor.sub };
  if (actor.role === 'merchant') return { audience: 'merchant', recipientId: merchantIdOf(actor) };
  // The route table admits buyers and merchants only.
  throw new NotFound('notification');
}

export async function listNotifications(
  deps: MessageCentreDeps,
  actor: Actor,
  locale: Locale,
  options: { cursor?: string; limit: number },
): Promise<Page<InboxMessage>> {
  const { audience, recipientId } = inboxOf(actor);
  const page = await deps.inbox.list(audience, recipientId, options);
  return {
    items: page.items.map((entry) => inboxMessage(entry, locale)),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

/** Marks the caller's notification read (again: the same answer); 404 if the caller has none with this id. */
export async function markNotificationRead(
  deps: MessageCentreDeps,
  actor: Actor,
  id: string,
): Promise<{ id: string; read: true }> {
  const { audience, recipientId } = inboxOf(actor);
  if (!(await deps.inbox.markRead(audience, recipientId, id))) throw new NotFound('notification');
  return { id, read: true };
}
