/** `GET /v1/orders/{orderId}/refund-options` (role buyer): the refund form for an order (app/refund-options.ts). */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { refundOptions } from '../../app/refund-options.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';

const deps = wire({ store: () => new DynamoRefundStore(), clock: wallClock, policy: stagePolicy });

const orderIdSchema = id();

export const handler = httpHandler({ fn: 'RefundOptions' }, async ({ event, principal, locale }) => {
  const orderId = parse(orderIdSchema, event.pathParameters?.orderId, 'orderId');
  return { statusCode: 200, body: await refundOptions(deps, principal, { orderId, locale }) };
});
