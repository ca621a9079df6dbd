/** `POST /v1/merchant/refunds/{refundId}/return-received`: intact goods are refunded; otherwise a reviewer judges. */

import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter, legacyPorts } from '../../adapters/index.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { merchantIdOf, refundFor } from '../../app/access.ts';
import { notifyBuyer } from '../../app/notify-buyer.ts';
import { resumeWaiting } from '../../app/resume-waiting.ts';
import { enterStep } from '../../domain/lifecycle.ts';
import { afterReturnReceived } from '../../domain/transitions.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { returnReceivedSchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from '../refunds/present.ts';

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('workflow', () => new StepFunctionsWorkflow());

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'ReturnReceived' }, async ({ event, principal, locale, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const { condition } = parse(returnReceivedSchema, body);
  const merchantId = merchantIdOf(principal);
  const refund = await refundFor(legacyPorts, principal, refundId);
  const next = afterReturnReceived(refund, condition);
  const at = adapter('clock').now().toISOString();
  await resumeWaiting(legacyPorts, refund, ['RETURN_IN_TRANSIT', 'AWAIT_RETURN'], next, {
    ...enterStep(next, at, 'MERCHANT', adapter('policy'), {
      actorId: merchantId,
      detail: `return received: ${condition}`,
    }),
  });
  const updated = await adapter('store').getRefund(refund.refundId);
  if (updated && next === 'APPROVE') await notifyBuyer(legacyPorts, 'APPROVED', updated);
  return { statusCode: 200, body: presentRefund(updated ?? refund, locale) };
});
