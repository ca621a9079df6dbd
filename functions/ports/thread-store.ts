/**
 * Where the messages of refunds' negotiation threads live (domain/thread.ts). The DynamoDB adapter keeps one item per
 * message in the refund's partition and the message's short entry on the refund, written together.
 */
import type { Message, StoredMessage } from '../domain/thread.ts';
import type { Page } from './refund-store.ts';

export interface ThreadStore {
  /**
   * Stores the message and appends its entry to the refund's `thread`, atomically, only if the refund exists, its
   * thread still takes messages (domain/thread.ts `threadOpen`) and holds exactly `expectedCount` entries (what the
   * caller read: a concurrent post, or the twin of a retried one, makes this one fail). Returns false when any of
   * these did not hold; the caller reads the refund again to tell which.
   */
  post(refundId: string, message: StoredMessage, expectedCount: number): Promise<boolean>;
  /** One message, located by the refund's entry for it (its time and id); undefined if absent. */
  get(refundId: string, entry: { messageId: string; at: string }): Promise<StoredMessage | undefined>;
  /**
   * A page of the thread: oldest first, or with `latest` the newest `limit` messages (still returned oldest first).
   * The cursor continues in the same direction.
   */
  list(refundId: string, options: { cursor?: string; limit: number; latest?: boolean }): Promise<Page<Message>>;
}
