/** `GET /v1/review/tasks`: the caller's open review tasks, each with its whole case (app/list-review-tasks.ts). */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { DynamoThreadStore } from '../../adapters/dynamodb/thread-store.ts';
import { wallClock, wire } from '../../adapters/index.ts';
import { listReviewTasks } from '../../app/list-review-tasks.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { noQuerySchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from '../refunds/present.ts';

const deps = wire({
  reviews: () => new DynamoReviewStore(),
  store: () => new DynamoRefundStore(),
  clock: wallClock,
  thread: () => new DynamoThreadStore(),
});

export const handler = httpHandler({ fn: 'ReviewTasks' }, async ({ event, principal, locale }) => {
  parse(noQuerySchema, event.queryStringParameters ?? {}, 'query');
  const tasks = await listReviewTasks(deps, principal);
  const items = tasks.map((task) =>
    task.refund ? { ...task, refund: presentRefund(task.refund, locale, 'staff') } : task,
  );
  return { statusCode: 200, body: { items } };
});
