/** `POST /v1/merchant/refunds/{refundId}/return-received`: the merchant confirms the return (app/receive-return.ts). */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { receiveReturn } from '../../app/receive-return.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { returnReceivedSchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from '../refunds/present.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  workflow: () => new StepFunctionsWorkflow(),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
  policy: stagePolicy,
});

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'ReturnReceived' }, async ({ event, principal, locale, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const { condition } = parse(returnReceivedSchema, body);
  const refund = await receiveReturn(deps, principal, { refundId, condition });
  return { statusCode: 200, body: presentRefund(refund, locale) };
});
