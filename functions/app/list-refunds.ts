/** The buyer lists their own refunds (optionally of one order), newest first, a page at a time (default 20). */
import type { Actor } from '../domain/actor.ts';
import type { Refund } from '../domain/refund.ts';
import type { Ports } from '../ports/index.ts';
import type { Page } from '../ports/refund-store.ts';

export interface RefundListQuery {
  orderId?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export async function listRefunds(
  deps: Pick<Ports, 'store'>,
  actor: Actor,
  query: RefundListQuery,
): Promise<Page<Refund>> {
  return deps.store.listRefundsByUser(actor.sub, {
    ...(query.orderId ? { orderId: query.orderId } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit ?? 20,
  });
}
