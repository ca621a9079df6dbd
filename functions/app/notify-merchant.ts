/**
 * Tells a refund's merchant about it through the Notifier port's `merchant` channel (the outbox locally; in AWS the
 * people-notification topic with `audience: merchant`, see adapters/sns/notifier.ts). A failed notification never
 * fails the step that caused it.
 */
import { type MerchantEvent, type MerchantSender, merchantNotification } from '../domain/notifications/merchant.ts';
import type { Refund } from '../domain/refund.ts';
import { logger } from '../observability/logger.ts';
import type { Ports } from '../ports/index.ts';

export async function notifyMerchant(
  deps: Pick<Ports, 'notifier'>,
  event: MerchantEvent,
  refund: Refund,
  context: { sender: MerchantSender },
): Promise<void> {
  try {
    // Merchants' language preference is not recorded yet; zh-CN is the market default.
    const message = merchantNotification(event, refund, 'zh-CN', context);
    await deps.notifier.publish('merchant', {
      subject: message.subject,
      text: message.text,
      attributes: {
        ...message.attributes,
        audience: 'merchant',
        refundId: refund.refundId,
        merchantId: refund.merchantId,
      },
    });
  } catch (error) {
    logger.warn('merchant notification not sent', { refundId: refund.refundId, event, error: String(error) });
  }
}
