/**
 * `POST /v1/refunds/{refundId}/accept`: the buyer accepts the merchant's rejection while the dispute window is open;
 * the refund ends at once, as the window's end would end it (app/accept-decision.ts).
 */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { acceptDecision } from '../../app/accept-decision.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { presentRefund } from './present.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  workflow: () => new StepFunctionsWorkflow(),
  clock: wallClock,
  policy: stagePolicy,
});

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'AcceptDecision' }, async ({ event, principal, locale }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const refund = await acceptDecision(deps, principal, refundId);
  return { statusCode: 200, body: presentRefund(refund, locale) };
});
