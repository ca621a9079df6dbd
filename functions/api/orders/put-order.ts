/** `PUT /v1/orders/{orderId}` (role `system`): the order system records an order's facts (app/record-order.ts). */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoScorecardStore } from '../../adapters/dynamodb/scorecard-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { recordOrder } from '../../app/record-order.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { putOrderSchema } from '../../schemas/order.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  clock: wallClock,
  policy: stagePolicy,
  scorecards: () => new DynamoScorecardStore(),
});

const orderIdSchema = id();

export const handler = httpHandler({ fn: 'PutOrder' }, async ({ event, body }) => {
  const orderId = parse(orderIdSchema, event.pathParameters?.orderId, 'orderId');
  const facts = parse(putOrderSchema, body);
  const { order, created } = await recordOrder(deps, { orderId, ...facts });
  return { statusCode: created ? 201 : 200, body: order };
});
