/**
 * In-memory ThreadStore over an InMemoryRefundStore's refunds: messages kept beside them, the entry appended to the
 * refund under the same conditions as the DynamoDB adapter (open thread, expected entry count).
 */
import type { Message, StoredMessage } from '../../../functions/domain/thread.ts';
import { threadEntryOf, threadOpen } from '../../../functions/domain/thread.ts';
import type { ThreadStore } from '../../../functions/ports/thread-store.ts';
import type { InMemoryRefundStore } from './refund-store.ts';

export class InMemoryThreadStore implements ThreadStore {
  readonly messages = new Map<string, StoredMessage[]>();

  constructor(private readonly refunds: InMemoryRefundStore) {}

  async post(refundId: string, message: StoredMessage, expectedCount: number): Promise<boolean> {
    const refund = this.refunds.refunds.get(refundId);
    if (!refund || !threadOpen(refund) || (refund.thread?.length ?? 0) !== expectedCount) return false;
    refund.thread = [...(refund.thread ?? []), threadEntryOf(message)];
    const list = this.messages.get(refundId) ?? [];
    list.push(structuredClone(message));
    list.sort((a, b) => `${a.at}#${a.messageId}`.localeCompare(`${b.at}#${b.messageId}`));
    this.messages.set(refundId, list);
    return true;
  }

  async get(refundId: string, entry: { messageId: string; at: string }) {
    const found = this.messages.get(refundId)?.find((m) => m.messageId === entry.messageId && m.at === entry.at);
    return found ? structuredClone(found) : undefined;
  }

  async list(refundId: string, options: { cursor?: string; limit: number; latest?: boolean }) {
    const all: Message[] = (this.messages.get(refundId) ?? []).map(({ requestHash: _h, ...m }) => structuredClone(m));
    const ordered = options.latest ? [...all].reverse() : all;
    const start = options.cursor ? Number(options.cursor) : 0;
    const page = ordered.slice(start, start + options.limit);
    const next = start + options.limit < ordered.length ? String(start + options.limit) : undefined;
    return { items: options.latest ? page.reverse() : page, ...(next ? { cursor: next } : {}) };
  }
}
