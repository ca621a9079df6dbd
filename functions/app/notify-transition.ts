/**
 * Tells the buyer and the merchant what a transition of the lifecycle means for them, as the one table says
 * (domain/notifications/notices.ts). Use cases call this after the refund moved, with the refund as stored afterwards.
 */
import type { StepOutcome } from '../domain/lifecycle.ts';
import { type Cause, noticesFor, type Origin } from '../domain/notifications/notices.ts';
import type { Refund } from '../domain/refund.ts';
import { logger } from '../observability/logger.ts';
import { notifyBuyer } from './notify-buyer.ts';
import { notifyMerchant } from './notify-merchant.ts';
import type { NoticeDeps } from './send-notice.ts';

export async function notifyTransition(
  deps: NoticeDeps,
  transition: { from: Origin; to: StepOutcome; cause: Cause },
  refund: Refund | undefined,
): Promise<void> {
  if (!refund) return;
  const notices = noticesFor(transition.from, transition.to, transition.cause);
  if (!notices) {
    // The table covers every transition the domain makes (test/unit/notices.test.ts); this is a bug, not a reason
    // to fail the step.
    logger.warn('no notices declared for this transition', { refundId: refund.refundId, ...transition });
    return;
  }
  if (notices.buyer) await notifyBuyer(deps, notices.buyer, refund);
  if (notices.merchant) {
    const { event, outcome } = notices.merchant;
    await notifyMerchant(deps, event, refund, outcome ? { outcome } : {});
  }
}
