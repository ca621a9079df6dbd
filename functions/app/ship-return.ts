/**
 * The buyer says how the goods are coming back: a tracking number (which must fit the carrier's format, 400
 * otherwise), a photo of the waybill already uploaded as evidence of this refund, or both. Accepted once, while
 * the refund awaits the return (409 NOT_WAITING otherwise). Trusted buyers are paid at once on a valid waybill
 * (and told so); others when the merchant confirms receipt.
 */
import type { Actor } from '../domain/actor.ts';
import { ValidationFailed } from '../domain/errors.ts';
import { checkShipment } from '../domain/evidence/shipment.ts';
import { enterStep } from '../domain/lifecycle.ts';
import type { Refund } from '../domain/refund.ts';
import { afterReturnShipped } from '../domain/transitions.ts';
import type { Ports } from '../ports/index.ts';
import { refundFor } from './access.ts';
import { notifyTransition } from './notify-transition.ts';
import { resumeWaiting } from './resume-waiting.ts';

export interface ReturnShipmentCommand {
  refundId: string;
  carrier?: string | undefined;
  trackingNumber?: string | undefined;
  /** An uploaded photo of the waybill. */
  evidenceId?: string | undefined;
}

export type ShipReturnDeps = Pick<Ports, 'store' | 'workflow' | 'policy' | 'clock' | 'notifier' | 'inbox'>;

export async function shipReturn(deps: ShipReturnDeps, actor: Actor, shipment: ReturnShipmentCommand): Promise<Refund> {
  const refund = await refundFor(deps, actor, shipment.refundId, { consistent: true });
  if (shipment.evidenceId && !refund.evidence?.some((e) => e.evidenceId === shipment.evidenceId)) {
    throw new ValidationFailed('evidenceId is not evidence of this refund');
  }
  let waybillValid = false;
  let recorded: { carrier?: string; trackingNumber?: string } = {};
  if (shipment.trackingNumber) {
    const check = checkShipment(shipment.carrier, shipment.trackingNumber);
    if (!check.ok) throw new ValidationFailed(`return shipment refused: ${check.problem}`, { problem: check.problem });
    waybillValid = true;
    recorded = { carrier: check.carrier, trackingNumber: check.trackingNumber };
  }
  const next = afterReturnShipped(refund, waybillValid);
  const now = deps.clock.now().toISOString();
  const returnShipment = {
    ...recorded,
    ...(shipment.evidenceId ? { evidenceId: shipment.evidenceId } : {}),
    at: now,
  };
  const said = recorded.trackingNumber
    ? {
        detailCode: 'RETURN_SHIPPED' as const,
        facts: { ...(recorded.carrier ? { carrier: recorded.carrier } : {}), trackingNumber: recorded.trackingNumber },
      }
    : { detailCode: 'RETURN_SHIPPED_PHOTO' as const };
  await resumeWaiting(deps, refund, ['AWAIT_RETURN'], next, {
    ...enterStep(next, now, 'BUYER', deps.policy, { actorId: actor.sub, ...said }),
    extra: { returnShipment },
  });
  const updated = await deps.store.getRefund(refund.refundId, { consistent: true });
  await notifyTransition(deps, { from: 'AWAIT_RETURN', to: next, cause: 'ACTION' }, updated);
  return updated ?? refund;
}
