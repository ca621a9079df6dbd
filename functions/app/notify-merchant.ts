/**
 * Tells a refund's merchant about it (./send-notice.ts: kept in the merchant's message centre and published on the
 * merchant topic in AWS, the outbox locally). A failed notification never fails the step that caused it.
 */
import { type NoticeContext, noticeFacts } from '../domain/notifications/catalogue.ts';
import type { MerchantEvent } from '../domain/notifications/merchant.ts';
import type { Refund } from '../domain/refund.ts';
import { type NoticeDeps, type Occurrence, sendNotice } from './send-notice.ts';

export async function notifyMerchant(
  deps: NoticeDeps,
  event: MerchantEvent,
  refund: Refund,
  context: NoticeContext = {},
  occurrence: Occurrence = {},
): Promise<void> {
  const facts = noticeFacts({ audience: 'merchant', event }, refund, context);
  await sendNotice(deps, { audience: 'merchant', event, facts }, refund, occurrence);
}
