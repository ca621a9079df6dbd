/** `POST /v1/refunds/{refundId}/dispute`: the buyer disputes a merchant's rejection; a reviewer arbitrates. */

import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter, legacyPorts } from '../../adapters/index.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { refundFor } from '../../app/access.ts';
import { resumeWaiting } from '../../app/resume-waiting.ts';
import { enterStep } from '../../domain/lifecycle.ts';
import { afterDispute } from '../../domain/transitions.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { disputeSchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from './present.ts';

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('workflow', () => new StepFunctionsWorkflow());

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'DisputeRefund' }, async ({ event, principal, locale, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const { note } = parse(disputeSchema, body);
  const refund = await refundFor(legacyPorts, principal, refundId);
  const next = afterDispute(refund);
  const now = adapter('clock').now().toISOString();
  await resumeWaiting(legacyPorts, refund, ['AWAIT_DISPUTE'], next, {
    ...enterStep(next, now, 'BUYER', adapter('policy'), {
      actorId: principal.sub,
      detail: 'buyer disputes the rejection',
    }),
    extra: { dispute: { note, at: now } },
  });
  const updated = await adapter('store').getRefund(refund.refundId);
  return { statusCode: 200, body: presentRefund(updated ?? refund, locale) };
});
