/**
 * Where the message centre's entries live (domain/notifications/inbox.ts): one per notification sent, in its
 * recipient's inbox. The DynamoDB adapter keeps one item per entry in the recipient's inbox partition of the main table.
 */
import type { Audience } from '../domain/notifications/catalogue.ts';
import type { InboxEntry } from '../domain/notifications/inbox.ts';
import type { Page } from './refund-store.ts';

export interface Inbox {
  /** Keeps the entry unread; keeping one with the same id again changes nothing (a retried step's notification). */
  keep(entry: Omit<InboxEntry, 'read'>): Promise<void>;
  /** A page of the recipient's entries, newest first; the cursor continues. */
  list(audience: Audience, recipientId: string, options: { cursor?: string; limit: number }): Promise<Page<InboxEntry>>;
  /** Marks the entry read (again: no change); false when the recipient has no entry with this id. */
  markRead(audience: Audience, recipientId: string, id: string): Promise<boolean>;
}
