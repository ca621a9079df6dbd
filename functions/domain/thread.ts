/**
 * The negotiation thread of a refund (协商历史): messages between its buyer, its merchant and the reviewer or inspector
 * assigned to it. Each message is its own record (the store keeps it beside the refund, never on it); the refund keeps only a
 * short entry per message (who, when, which message) so that its timeline can show every message in order without
 * reading the thread. Pure: rules and shapes, no I/O.
 */
import { DomainError } from './errors.ts';
import type { Refund, ThreadEntry, TimelineEvent } from './refund.ts';
import type { Locale } from './status-labels.ts';
import type { ActorKind, IsoTime, Role } from './vocabulary.ts';

/** Characters of a message, after trimming. */
export const MAX_MESSAGE_LENGTH = 500;
/** Evidence files one message may reference. */
export const MAX_MESSAGE_EVIDENCE = 5;
/**
 * Messages one refund takes. Bounds what the refund record carries for its timeline (about 100 bytes a message), so
 * a long argument cannot push the refund item towards DynamoDB's 400 KB item limit.
 */
export const MAX_MESSAGES_PER_REFUND = 200;
/** Messages the reviewer's task shows (the latest). */
export const REVIEW_THREAD_MESSAGES = 50;

/** Who may write in a thread. */
export const THREAD_ROLES = ['buyer', 'merchant', 'reviewer', 'inspector'] as const satisfies readonly Role[];
export type ThreadRole = (typeof THREAD_ROLES)[number];

export interface Message {
  messageId: string;
  at: IsoTime;
  /** The buyer's user id, the merchant's id or the reviewer's id. */
  author: { role: ThreadRole; id: string };
  text: string;
  evidenceIds?: string[];
}

/** A message as stored: with the hash of the request that posted it (same key, other body → 422). */
export interface StoredMessage extends Message {
  requestHash: string;
}

export type { ThreadEntry };

/** A timeline entry as read: a status change, or a message (which changes no status). */
export type TimelineEntry = TimelineEvent & { kind?: 'MESSAGE'; messageId?: string };

const ACTOR_OF: Readonly<Record<ThreadRole, ActorKind>> = {
  buyer: 'BUYER',
  merchant: 'MERCHANT',
  reviewer: 'REVIEWER',
  inspector: 'INSPECTOR',
};

export function isThreadRole(role: unknown): role is ThreadRole {
  return (THREAD_ROLES as readonly unknown[]).includes(role);
}

/**
 * Whether the thread still takes messages: not once the refund is final. REFUNDED and CANCELLED are final; REJECTED is
 * final unless the buyer's dispute window is still open (step AWAIT_DISPUTE), when a message may still settle it.
 * PAYOUT_FAILED is not final (the money has not arrived), so buyer and merchant may still talk.
 */
export function threadOpen(refund: Pick<Refund, 'status' | 'step'>): boolean {
  if (refund.status === 'REFUNDED' || refund.status === 'CANCELLED') return false;
  if (refund.status === 'REJECTED') return refund.step === 'AWAIT_DISPUTE';
  return true;
}

/**
 * The refund's timeline with its messages in it, oldest first: each message appears at its time, in the status the
 * refund was in then. Status events keep their order; a message never changes the status.
 */
export function timelineWithMessages(refund: Pick<Refund, 'timeline' | 'thread' | 'status'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [...refund.timeline];
  for (const entry of refund.thread ?? []) {
    // After every status event at or before its time (equal times: the status change came first).
    let index = entries.length;
    while (index > 0 && (entries[index - 1]?.at ?? '') > entry.at) index--;
    const status = entries.slice(0, index).findLast((e) => e.kind !== 'MESSAGE')?.status ?? refund.status;
    entries.splice(index, 0, {
      at: entry.at,
      status,
      actor: ACTOR_OF[entry.role],
      actorId: entry.actorId,
      kind: 'MESSAGE',
      messageId: entry.messageId,
    });
  }
  return entries;
}

const MESSAGE_LABELS: Readonly<Record<Locale, Partial<Record<ActorKind, string>>>> = {
  'zh-CN': { BUYER: '买家留言', MERCHANT: '商家留言', REVIEWER: '平台留言', INSPECTOR: '质检员留言' },
  en: {
    BUYER: 'Message from the buyer',
    MERCHANT: 'Message from the merchant',
    REVIEWER: 'Message from the platform',
    INSPECTOR: 'Message from the inspector',
  },
};

/** The timeline label of a message, by who wrote it. */
export function messageLabel(actor: ActorKind, locale: Locale): string {
  return MESSAGE_LABELS[locale][actor] ?? MESSAGE_LABELS[locale].REVIEWER ?? '';
}

export function threadEntryOf(message: Message): ThreadEntry {
  return { messageId: message.messageId, at: message.at, role: message.author.role, actorId: message.author.id };
}

/** 409: the refund is final (REFUNDED, CANCELLED, or REJECTED after the dispute window); nothing was written. */
export class ThreadClosed extends DomainError {
  override name = 'ThreadClosed';
  constructor(status: string) {
    super('conflict', 'THREAD_CLOSED', `the refund is final (${status}); its thread takes no more messages`, {
      details: { status },
    });
  }
}

/** 409: the thread holds MAX_MESSAGES_PER_REFUND messages already. */
export class ThreadFull extends DomainError {
  override name = 'ThreadFull';
  constructor() {
    super('conflict', 'THREAD_FULL', `a refund's thread takes at most ${MAX_MESSAGES_PER_REFUND} messages`);
  }
}

/** 422: a referenced evidence id is not one of this refund's evidence files. */
export class UnknownEvidence extends DomainError {
  override name = 'UnknownEvidence';
  constructor(evidenceIds: string[]) {
    super('unprocessable', 'UNKNOWN_EVIDENCE', "evidenceIds must name this refund's evidence files", {
      details: { evidenceIds },
    });
  }
}
