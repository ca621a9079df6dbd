/** `POST /v1/refunds`: the buyer applies for a refund, idempotently per `Idempotency-Key` (app/apply-for-refund.ts). */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { applyForRefund, canonical } from '../../app/apply-for-refund.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { appendRefundId } from '../../observability/invocation.ts';
import { createRefundSchema, idempotencyKeySchema } from '../../schemas/refund.ts';
import { presentRefund } from './present.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  workflow: () => new StepFunctionsWorkflow(),
  clock: wallClock,
  policy: stagePolicy,
});

export const handler = httpHandler({ fn: 'CreateRefund' }, async ({ event, principal, locale, body }) => {
  const idempotencyKey = parse(idempotencyKeySchema, event.headers?.['idempotency-key'], 'Idempotency-Key header');
  const application = parse(createRefundSchema, body);
  const { refund } = await applyForRefund(deps, principal, { idempotencyKey, application });
  appendRefundId(refund.refundId);
  // A replay answers the first request's bytes: the same content, serialised in a fixed key order.
  return { statusCode: 201, raw: JSON.stringify(canonical(presentRefund(refund, locale))) };
});
