/**
 * `POST /v1/review/tasks/{taskId}/decision`: a reviewer decides a manual review or an arbitration
 * (app/decide-review.ts).
 */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReturnAddressStore } from '../../adapters/dynamodb/return-address-store.ts';
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { DynamoScorecardStore } from '../../adapters/dynamodb/scorecard-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { decideReview } from '../../app/decide-review.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { reviewDecisionSchema } from '../../schemas/lifecycle.ts';

const deps = wire({
  reviews: () => new DynamoReviewStore(),
  store: () => new DynamoRefundStore(),
  workflow: () => new StepFunctionsWorkflow(),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
  policy: stagePolicy,
  returnAddresses: () => new DynamoReturnAddressStore(),
  scorecards: () => new DynamoScorecardStore(),
});

const taskIdSchema = id();

export const handler = httpHandler({ fn: 'ReviewDecision' }, async ({ event, principal, body }) => {
  const taskId = parse(taskIdSchema, event.pathParameters?.taskId, 'taskId');
  const input = parse(reviewDecisionSchema, body);
  return { statusCode: 200, body: await decideReview(deps, principal, { taskId, ...input }) };
});
