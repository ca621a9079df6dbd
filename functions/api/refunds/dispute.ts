/** `POST /v1/refunds/{refundId}/dispute`: the buyer disputes a merchant's rejection (app/dispute-refund.ts). */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoScorecardStore } from '../../adapters/dynamodb/scorecard-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { disputeRefund } from '../../app/dispute-refund.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { disputeSchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from './present.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  workflow: () => new StepFunctionsWorkflow(),
  clock: wallClock,
  policy: stagePolicy,
  scorecards: () => new DynamoScorecardStore(),
});

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'DisputeRefund' }, async ({ event, principal, locale, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const { note } = parse(disputeSchema, body);
  const refund = await disputeRefund(deps, principal, { refundId, note });
  return { statusCode: 200, body: presentRefund(refund, locale) };
});
