/** `POST /v1/refunds/{refundId}/cancel`: the buyer withdraws an unpaid refund (app/cancel-refund.ts). */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { cancelRefund } from '../../app/cancel-refund.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { presentRefund } from './present.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  workflow: () => new StepFunctionsWorkflow(),
  clock: wallClock,
  reviews: () => new DynamoReviewStore(),
  inspections: () => new DynamoReviewStore('inspector'),
});

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'CancelRefund' }, async ({ event, principal, locale }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const refund = await cancelRefund(deps, principal, refundId);
  return { statusCode: 200, body: presentRefund(refund, locale) };
});
