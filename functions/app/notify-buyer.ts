/**
 * Tells the buyer about a key node of their refund (approved, rejected, payout sent, money arrived, payout failed)
 * through the Notifier port: SNS in AWS, the outbox locally. A failed notification never fails the refund step.
 */
import { type BuyerEvent, buyerNotification } from '../domain/notifications/buyer.ts';
import type { Refund } from '../domain/refund.ts';
import { logger } from '../observability/logger.ts';
import type { Ports } from '../ports/index.ts';

export async function notifyBuyer(
  deps: Pick<Ports, 'notifier'>,
  event: BuyerEvent,
  refund: Refund,
  context: { sender?: 'MERCHANT' | 'REVIEWER' } = {},
): Promise<void> {
  try {
    // Buyers' language preference is not in the order projection yet; zh-CN is the market default.
    const message = buyerNotification(event, refund, 'zh-CN', context);
    await deps.notifier.publish('buyer', {
      subject: message.subject,
      text: message.text,
      attributes: { ...message.attributes, refundId: refund.refundId, userId: refund.userId },
    });
  } catch (error) {
    logger.warn('buyer notification not sent', { refundId: refund.refundId, event, error: String(error) });
  }
}
