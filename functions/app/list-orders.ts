/**
 * The buyer lists their own orders (the projections the order system pushed), newest paid first, a page at a time
 * (default 10), each with what is still refundable and the refund to follow on it, so the buyer's screen can put
 * the refund entry on the order (申请退款, or the progress of the refund already under way).
 */
import type { Actor } from '../domain/actor.ts';
import { type OrderSummary, orderSummary } from '../domain/order-summary.ts';
import type { Locale } from '../domain/status-labels.ts';
import type { Ports } from '../ports/index.ts';
import type { Page } from '../ports/refund-store.ts';

export interface OrderListQuery {
  cursor?: string | undefined;
  limit?: number | undefined;
  locale: Locale;
}

export async function listOrders(
  deps: Pick<Ports, 'store'>,
  actor: Actor,
  query: OrderListQuery,
): Promise<Page<OrderSummary>> {
  const page = await deps.store.listOrdersByUser(actor.sub, {
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit ?? 10,
  });
  const cursor = page.cursor ? { cursor: page.cursor } : {};
  if (!page.items.length) return { items: [], ...cursor };
  // No refund on an order is older than the order's record, so the buyer's refunds since the page's oldest record
  // are all the page needs: one bounded query for the page, not one per order.
  const since = page.items.map((o) => o.createdAt).sort()[0] ?? '';
  const refunds = await deps.store.refundsOnOrders(
    actor.sub,
    page.items.map((o) => o.orderId),
    since,
  );
  return { items: page.items.map((o) => orderSummary(o, refunds, query.locale)), ...cursor };
}
