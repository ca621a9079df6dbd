/**
 * The events a batch of committed refund writes publishes, in the order they were written: each write's before and
 * after image through the one domain mapping (domain/events/refund-event.ts). Writes that publish nothing are left
 * out, so the batch that comes back may be shorter; an approval written with its payout publishes two.
 */
import { type RefundEvent, refundEventsOfWrite } from '../domain/events/refund-event.ts';
import type { Refund } from '../domain/refund.ts';

export function refundEventsOf(changes: readonly { before?: Refund | undefined; after: Refund }[]): RefundEvent[] {
  return changes.flatMap(({ before, after }) => refundEventsOfWrite(before, after));
}
