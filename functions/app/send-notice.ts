/**
 * Sends one notice to its recipient: kept in their message centre (the Inbox port, rendered when read) and published
 * through the Notifier port (SNS in AWS: the buyer topic for SMS/push, the merchant topic; the outbox locally) in the
 * recipient's language. Each half is tried on its own, and neither failure fails the step that caused it.
 */
import { BUYER_EVENT_CHANNELS } from '../domain/notifications/buyer.ts';
import { type Notice, renderNotice } from '../domain/notifications/catalogue.ts';
import { type InboxChannel, inboxId } from '../domain/notifications/inbox.ts';
import type { Refund } from '../domain/refund.ts';
import type { IsoTime } from '../domain/vocabulary.ts';
import { logger } from '../observability/logger.ts';
import type { Ports } from '../ports/index.ts';

export type NoticeDeps = Pick<Ports, 'notifier' | 'inbox'>;

/**
 * What tells this notice apart from another of the same event on the same refund: when it happened (by default the
 * refund's last change, which is the transition that caused it) and, for events that repeat (thread messages), a key.
 */
export interface Occurrence {
  at?: IsoTime;
  key?: string;
}

export async function sendNotice(
  deps: NoticeDeps,
  notice: Notice,
  refund: Refund,
  occurrence: Occurrence = {},
): Promise<void> {
  const buyer = notice.audience === 'buyer';
  const recipientId = buyer ? refund.userId : refund.merchantId;
  const channel: InboxChannel = notice.audience === 'buyer' ? BUYER_EVENT_CHANNELS[notice.event] : 'CONSOLE';
  const at = occurrence.at ?? refund.updatedAt;
  const context = { refundId: refund.refundId, audience: notice.audience, event: notice.event };
  try {
    const id = inboxId(at, [notice.audience, recipientId, refund.refundId, notice.event, occurrence.key ?? '']);
    await deps.inbox.keep({ id, at, audience: notice.audience, recipientId, channel, notice });
  } catch (error) {
    logger.warn('notification not kept in the message centre', { ...context, error: String(error) });
  }
  try {
    // People's language preference is not recorded yet: zh-CN, the market default (the message centre renders in
    // the reader's Accept-Language).
    const locale = 'zh-CN';
    const { subject, text } = renderNotice(notice, locale);
    const attributes: Record<string, string> = buyer
      ? { channel, locale, event: notice.event, refundId: refund.refundId, userId: refund.userId }
      : { locale, event: notice.event, refundId: refund.refundId, merchantId: refund.merchantId };
    await deps.notifier.publish(notice.audience, { subject, text, attributes });
  } catch (error) {
    logger.warn(`${notice.audience} notification not sent`, { ...context, error: String(error) });
  }
}
