/**
 * The merchant lists their own refunds, optionally in one status (e.g. the AWAITING_MERCHANT queue), newest first
 * within the status, a page at a time (default 20). A merchant token without a merchant is refused (403).
 */
import type { Actor } from '../domain/actor.ts';
import type { Refund } from '../domain/refund.ts';
import type { RefundStatus } from '../domain/vocabulary.ts';
import type { Ports } from '../ports/index.ts';
import type { Page } from '../ports/refund-store.ts';
import { merchantIdOf } from './access.ts';

export interface MerchantRefundListQuery {
  status?: RefundStatus | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export async function listMerchantRefunds(
  deps: Pick<Ports, 'store'>,
  actor: Actor,
  query: MerchantRefundListQuery,
): Promise<Page<Refund>> {
  return deps.store.listRefundsByMerchant(merchantIdOf(actor), {
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit ?? 20,
  });
}
