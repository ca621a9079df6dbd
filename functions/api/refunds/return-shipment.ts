/**
 * `POST /v1/refunds/{refundId}/return-shipment`: the buyer says how the goods are coming back. The tracking number
 * must fit the carrier's format. Trusted buyers are paid at once on a valid waybill; others when the merchant
 * confirms receipt.
 */

import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter, legacyPorts } from '../../adapters/index.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { refundFor } from '../../app/access.ts';
import { notifyBuyer } from '../../app/notify-buyer.ts';
import { resumeWaiting } from '../../app/resume-waiting.ts';
import { ValidationFailed } from '../../domain/errors.ts';
import { checkShipment } from '../../domain/evidence/shipment.ts';
import { enterStep } from '../../domain/lifecycle.ts';
import { afterReturnShipped } from '../../domain/transitions.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { returnShipmentSchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from './present.ts';

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('workflow', () => new StepFunctionsWorkflow());

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'ReturnShipment' }, async ({ event, principal, locale, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const shipment = parse(returnShipmentSchema, body);
  const refund = await refundFor(legacyPorts, principal, refundId);
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
  const now = adapter('clock').now().toISOString();
  const returnShipment = {
    ...recorded,
    ...(shipment.evidenceId ? { evidenceId: shipment.evidenceId } : {}),
    at: now,
  };
  const detail = recorded.trackingNumber ? `${recorded.carrier} ${recorded.trackingNumber}` : 'waybill photo';
  await resumeWaiting(legacyPorts, refund, ['AWAIT_RETURN'], next, {
    ...enterStep(next, now, 'BUYER', adapter('policy'), { actorId: principal.sub, detail }),
    extra: { returnShipment },
  });
  const updated = await adapter('store').getRefund(refund.refundId);
  if (updated && next === 'APPROVE') await notifyBuyer(legacyPorts, 'APPROVED', updated);
  return { statusCode: 200, body: presentRefund(updated ?? refund, locale) };
});
