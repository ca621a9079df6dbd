/** `GET /v1/refunds/{refundId}`: the buyer's own refund, with labels in their language. */
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { wire } from '../../adapters/index.ts';
import { refundFor } from '../../app/access.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { presentRefund } from './present.ts';

const deps = wire({ store: () => new DynamoRefundStore() });

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'GetRefund' }, async ({ event, principal, locale }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  // Someone else's refund is indistinguishable from a missing one (app/access.ts).
  const refund = await refundFor(deps, principal, refundId);
  return { statusCode: 200, body: presentRefund(refund, locale) };
});
