/**
 * `POST /v1/inspection/tasks/{taskId}/result`: an inspector records the verdict on returned goods
 * (app/record-inspection.ts).
 */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { recordInspection } from '../../app/record-inspection.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { inspectionResultSchema } from '../../schemas/lifecycle.ts';

const deps = wire({
  inspections: () => new DynamoReviewStore('inspector'),
  store: () => new DynamoRefundStore(),
  workflow: () => new StepFunctionsWorkflow(),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
  policy: stagePolicy,
});

const taskIdSchema = id();

export const handler = httpHandler({ fn: 'InspectionResult' }, async ({ event, principal, body }) => {
  const taskId = parse(taskIdSchema, event.pathParameters?.taskId, 'taskId');
  const input = parse(inspectionResultSchema, body);
  return { statusCode: 200, body: await recordInspection(deps, principal, { taskId, ...input }) };
});
