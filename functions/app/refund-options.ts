/**
 * The buyer looks at what they could ask for on one of their orders: everything the app needs to draw the minimal
 * refund form (reasons, amounts, destinations and their bonuses, promises), before the buyer types anything,
 * priced by this stage's policy and judged on this buyer's history, exactly as applying would be judged (the
 * contract: what is offered here is admitted, what is not is refused with 422). Someone else's order is
 * indistinguishable from a missing one (404).
 */
import type { Actor } from '../domain/actor.ts';
import { NotFound } from '../domain/errors.ts';
import { policyInCurrency } from '../domain/policy/currency.ts';
import { type RefundOptionsView, refundOptionsView } from '../domain/refund-options.ts';
import type { Locale } from '../domain/status-labels.ts';
import type { Ports } from '../ports/index.ts';
import { buyerHistory } from './buyer-history.ts';

export async function refundOptions(
  deps: Pick<Ports, 'store' | 'clock' | 'policy'>,
  actor: Actor,
  query: { orderId: string; locale: Locale },
): Promise<RefundOptionsView> {
  const order = await deps.store.getOrder(query.orderId);
  if (!order || order.userId !== actor.sub) throw new NotFound('order');
  const now = deps.clock.now().toISOString();
  // The same buyer history the application's admission and the assessment read: `instantEligible` and each
  // reason's outcome are this buyer's, now. Priced and judged by the thresholds of the order's own currency (422 if
  // the policy has none).
  const history = await buyerHistory(deps, actor.sub, now);
  return refundOptionsView(order, history, policyInCurrency(deps.policy, order.currency), query.locale, now);
}
