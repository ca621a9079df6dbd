/** `PUT /v1/orders/{orderId}` (role `system`): the order system pushes the facts the refund service needs. */

import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { putOrderSchema } from '../../schemas/order.ts';

defaultAdapter('store', () => new DynamoRefundStore());

const orderIdSchema = id();

export const handler = httpHandler({ fn: 'PutOrder' }, async ({ event, body }) => {
  const orderId = parse(orderIdSchema, event.pathParameters?.orderId, 'orderId');
  const facts = parse(putOrderSchema, body);
  const now = adapter('clock').now().toISOString();
  const { order, created } = await adapter('store').putOrder({ orderId, ...facts }, now);
  return { statusCode: created ? 201 : 200, body: order };
});
