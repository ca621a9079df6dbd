/** Ownership checks shared by the routes: someone else's refund is indistinguishable from a missing one (404). */
import { adapter } from '../adapters/index.ts';
import { Forbidden, NotFound } from '../domain/errors.ts';
import type { Refund } from '../domain/refund.ts';
import type { Principal } from '../http/principal.ts';

export async function refundFor(principal: Principal, refundId: string): Promise<Refund> {
  const refund = await adapter('store').getRefund(refundId);
  const owns =
    refund &&
    ((principal.role === 'buyer' && refund.userId === principal.sub) ||
      (principal.role === 'merchant' &&
        principal.merchantId !== undefined &&
        refund.merchantId === principal.merchantId));
  if (!refund || !owns) throw new NotFound('refund');
  return refund;
}

/** A merchant token must say which merchant it acts for. */
export function merchantIdOf(principal: Principal): string {
  if (!principal.merchantId) throw new Forbidden('merchant token without merchant_id');
  return principal.merchantId;
}
