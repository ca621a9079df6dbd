/** In-memory Inbox: entries per recipient, newest first, kept once per id like the DynamoDB adapter. */
import type { Audience } from '../../../functions/domain/notifications/catalogue.ts';
import type { InboxEntry } from '../../../functions/domain/notifications/inbox.ts';
import type { Inbox } from '../../../functions/ports/inbox.ts';

export class InMemoryInbox implements Inbox {
  readonly entries = new Map<string, InboxEntry>();

  private key = (audience: Audience, recipientId: string, id: string) => `${audience}#${recipientId}#${id}`;

  async keep(entry: Omit<InboxEntry, 'read'>) {
    const key = this.key(entry.audience, entry.recipientId, entry.id);
    const read = this.entries.get(key)?.read ?? false;
    this.entries.set(key, structuredClone({ ...entry, read }));
  }

  async list(audience: Audience, recipientId: string, options: { cursor?: string; limit: number }) {
    const all = [...this.entries.values()]
      .filter((e) => e.audience === audience && e.recipientId === recipientId)
      .sort((a, b) => b.id.localeCompare(a.id));
    const start = options.cursor ? Number(options.cursor) : 0;
    const items = all.slice(start, start + options.limit).map((e) => structuredClone(e));
    const next = start + options.limit < all.length ? String(start + options.limit) : undefined;
    return { items, ...(next ? { cursor: next } : {}) };
  }

  async markRead(audience: Audience, recipientId: string, id: string) {
    const entry = this.entries.get(this.key(audience, recipientId, id));
    if (!entry) return false;
    entry.read = true;
    return true;
  }

  /** Every entry of one audience, oldest first (for assertions). */
  of(audience: Audience): InboxEntry[] {
    return [...this.entries.values()].filter((e) => e.audience === audience).sort((a, b) => a.id.localeCompare(b.id));
  }
}
