/** `GET /v1/inspection/tasks`: the caller's open inspections, each with its case (app/list-inspection-tasks.ts). */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { DynamoThreadStore } from '../../adapters/dynamodb/thread-store.ts';
import { wire } from '../../adapters/index.ts';
import { listInspectionTasks } from '../../app/list-inspection-tasks.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { noQuerySchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from '../refunds/present.ts';

const deps = wire({
  inspections: () => new DynamoReviewStore('inspector'),
  store: () => new DynamoRefundStore(),
  thread: () => new DynamoThreadStore(),
});

export const handler = httpHandler({ fn: 'InspectionTasks' }, async ({ event, principal, locale }) => {
  parse(noQuerySchema, event.queryStringParameters ?? {}, 'query');
  const tasks = await listInspectionTasks(deps, principal);
  const items = tasks.map((task) =>
    task.refund ? { ...task, refund: presentRefund(task.refund, locale, 'staff') } : task,
  );
  return { statusCode: 200, body: { items } };
});
