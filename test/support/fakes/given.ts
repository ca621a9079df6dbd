/** Given-steps over the in-memory ports: a refund already assessed and waiting for someone, as the Assess task leaves it. */
import { newRefund } from '../../../functions/domain/application.ts';
import { enterStep, type Wait } from '../../../functions/domain/lifecycle.ts';
import type { Decision, Refund } from '../../../functions/domain/refund.ts';
import type { fakePorts } from './index.ts';

export interface WaitingRefundOptions {
  refundId?: string;
  wait?: Wait;
  /** What the buyer must still do (default: nothing). */
  requirements?: Partial<NonNullable<Refund['requirements']>>;
  /** The assessment recorded with the step. */
  decision?: Decision;
}

/**
 * A delivered ¥129 quality claim of buyer u-1 at merchant m-1, created and moved into `wait` (default
 * MERCHANT_REVIEW) at the ports' current time. The wait's task token is not held yet: hold it as the test needs
 * (`ports.store.holdWait` or the hold-wait use case).
 */
export async function aDeliveredRefundWaiting(
  ports: ReturnType<typeof fakePorts>,
  options: WaitingRefundOptions = {},
): Promise<Refund> {
  const refundId = options.refundId ?? 'rf-1';
  const wait = options.wait ?? 'MERCHANT_REVIEW';
  const now = ports.clock.now().toISOString();
  const { order } = await ports.store.putOrder(
    {
      orderId: `o-${refundId}`,
      userId: 'u-1',
      merchantId: 'm-1',
      currency: 'CNY',
      paidAmount: 12_900,
      paymentMethod: 'ALIPAY',
      paidAt: '2026-11-10T10:00:00.000Z',
      items: [{ sku: 'tea', name: 'Longjing tea', category: 'GENERAL', unitPrice: 12_900, quantity: 1 }],
      fulfillment: { status: 'DELIVERED', deliveredAt: '2026-11-15T10:00:00.000Z' },
    },
    now,
  );
  const refund = newRefund(
    refundId,
    order,
    'u-1',
    { orderId: order.orderId, reason: 'QUALITY_ISSUE' },
    now,
    ports.policy,
  );
  await ports.store.createRefund(refund, order);
  return ports.store.updateRefund(refundId, {
    ...enterStep(wait, now, 'SYSTEM', ports.policy, options.decision ? { decision: options.decision } : {}),
    extra: {
      requirements: { returnRequired: false, refundOnWaybill: false, evidenceRequired: [], ...options.requirements },
    },
  });
}
