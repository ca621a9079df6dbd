/** `POST /v1/refunds/{refundId}/return-shipment`: the buyer ships the goods back (app/ship-return.ts). */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { shipReturn } from '../../app/ship-return.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { returnShipmentSchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from './present.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  workflow: () => new StepFunctionsWorkflow(),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
  policy: stagePolicy,
});

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'ReturnShipment' }, async ({ event, principal, locale, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const shipment = parse(returnShipmentSchema, body);
  const refund = await shipReturn(deps, principal, { refundId, ...shipment });
  return { statusCode: 200, body: presentRefund(refund, locale) };
});
