/**
 * `POST /v1/refunds/{refundId}/cancel`: the buyer withdraws a refund that has not been paid. Its reservation is
 * released in the same write, and the lifecycle execution is stopped.
 */

import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter, legacyPorts } from '../../adapters/index.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { refundFor } from '../../app/access.ts';
import { DomainError, InvalidTransition } from '../../domain/errors.ts';
import { isWait, transition } from '../../domain/lifecycle.ts';
import { CANCELLABLE_STATUSES } from '../../domain/vocabulary.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { presentRefund } from './present.ts';

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('workflow', () => new StepFunctionsWorkflow());

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'CancelRefund' }, async ({ event, principal, locale }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const store = adapter('store');
  const now = adapter('clock').now().toISOString();
  const change = { ...transition('CANCELLED', now, 'BUYER', { actorId: principal.sub }), step: 'END' };
  let refund = await refundFor(legacyPorts, principal, refundId);
  for (let attempt = 0; ; attempt++) {
    if (!CANCELLABLE_STATUSES.has(refund.status)) throw new InvalidTransition(refund.status, 'cancel');
    try {
      if (isWait(refund.step)) await store.claimWait(refund, [refund.step], change, { release: true });
      else await store.closeUnpaid(refund, change, ['SUBMITTED']);
      break;
    } catch (error) {
      // Assessed between our read and our write (SUBMITTED → a wait): read again and cancel from there.
      if (!(error instanceof DomainError) || error.kind !== 'conflict' || attempt >= 3) throw error;
      refund = await refundFor(legacyPorts, principal, refundId);
    }
  }
  await adapter('workflow').stop(refund.refundId, 'cancelled by the buyer');
  const cancelled = await store.getRefund(refund.refundId);
  return { statusCode: 200, body: presentRefund(cancelled ?? refund, locale) };
});
