/**
 * `GET /v1/orders/{orderId}/refund-options` (role buyer): everything the app needs to draw the minimal refund form
 * for one of the caller's orders, before the buyer types anything. Someone else's order is a 404.
 */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { NotFound } from '../../domain/errors.ts';
import { refundOptionsView } from '../../domain/refund-options.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';

defaultAdapter('store', () => new DynamoRefundStore());

const orderIdSchema = id();

export const handler = httpHandler({ fn: 'RefundOptions' }, async ({ event, principal, locale }) => {
  const orderId = parse(orderIdSchema, event.pathParameters?.orderId, 'orderId');
  const order = await adapter('store').getOrder(orderId);
  if (!order || order.userId !== principal.sub) throw new NotFound('order');
  const now = adapter('clock').now().toISOString();
  return { statusCode: 200, body: refundOptionsView(order, adapter('policy'), locale, now) };
});
