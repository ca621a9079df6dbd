/**
 * The in-app message centre (站内信): every notification sent to a buyer or a merchant is also kept as a message of
 * theirs, stored as the notice's codes and facts (./catalogue.ts) and rendered when read, in the reader's language.
 * Pure: ids, and the message as the API shows it.
 */
import type { Locale } from '../status-labels.ts';
import type { IsoTime } from '../vocabulary.ts';
import type { BuyerChannel } from './buyer.ts';
import { type Audience, type Notice, renderNotice } from './catalogue.ts';

/** Merchants read their notifications in the merchant console (and on the merchant topic's subscriptions). */
export type InboxChannel = BuyerChannel | 'CONSOLE';

/** One kept notification. */
export interface InboxEntry {
  /** `<compact time>-<16 hex>`: sorts by time, and the same notification kept twice has the same id. */
  id: string;
  at: IsoTime;
  audience: Audience;
  /** The buyer's user id or the merchant's id. */
  recipientId: string;
  channel: InboxChannel;
  notice: Notice;
  read: boolean;
}

/** The message as its reader sees it (GET /v1/notifications). */
export interface InboxMessage {
  id: string;
  at: IsoTime;
  refundId?: string;
  channel: InboxChannel;
  title: string;
  body: string;
  read: boolean;
}

export const INBOX_ID = /^\d{8}T\d{9}Z-[0-9a-f]{16}$/;

/**
 * The id of a notification that happened at `at`, from what identifies it (`parts`: audience, recipient, refund,
 * event, and whatever tells two of the same kind apart, e.g. a thread message's id). A retried step that sends the
 * same notification again gets the same id, so the message centre keeps it once.
 */
export function inboxId(at: IsoTime, parts: readonly string[]): string {
  const time = new Date(at).toISOString().replace(/[-:.]/g, '');
  const text = parts.join('\u0000');
  return `${time}-${fnv32(text, 0x811c9dc5)}${fnv32(text, 0x01000193)}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: ids need spread, not secrecy. */
function fnv32(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The entry rendered in `locale`. */
export function inboxMessage(entry: InboxEntry, locale: Locale): InboxMessage {
  const { subject, text } = renderNotice(entry.notice, locale);
  return {
    id: entry.id,
    at: entry.at,
    ...(entry.notice.facts.refundId ? { refundId: entry.notice.facts.refundId } : {}),
    channel: entry.channel,
    title: subject,
    body: text,
    read: entry.read,
  };
}
