/**
 * Tells the buyer about a key node of their refund (./send-notice.ts: kept in their message centre and sent by push
 * or SMS). A failed notification never fails the refund step.
 */
import type { BuyerEvent } from '../domain/notifications/buyer.ts';
import { noticeFacts } from '../domain/notifications/catalogue.ts';
import type { Refund } from '../domain/refund.ts';
import { type NoticeDeps, type Occurrence, sendNotice } from './send-notice.ts';

export async function notifyBuyer(
  deps: NoticeDeps,
  event: BuyerEvent,
  refund: Refund,
  context: { sender?: 'MERCHANT' | 'REVIEWER' } = {},
  occurrence: Occurrence = {},
): Promise<void> {
  const facts = noticeFacts({ audience: 'buyer', event }, refund, context);
  await sendNotice(deps, { audience: 'buyer', event, facts }, refund, occurrence);
}
